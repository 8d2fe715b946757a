import type { z } from "zod";
import type { ZCustomerInput, ZCustomerUpdate, ZDirectoryQuery } from "../../../shared/schemas";
import type { Ctx } from "../../context";
import type { AgentActor } from "../../http/actor";
import { badRequest, conflict, notFound } from "../../http/errors";
import { queryPrefixes } from "../customers/directory-words";
import {
  customerById,
  customersPage,
  customerHasTickets,
  customerTicketCounts,
  deleteCustomer,
  emailTaken,
  insertCustomer,
  updateCustomer,
} from "./customers.queries";
import { findOrganization, organizationExists } from "./organizations.queries";

/** A page of customers: by the words of `q` (name, email, phone, typed in part), exact email, organization. */
export function findCustomers(
  ctx: Ctx,
  actor: AgentActor,
  query: z.output<typeof ZDirectoryQuery> & { email?: string; organization_id?: number },
) {
  const prefixes = query.q ? queryPrefixes(query.q) : [];
  return customersPage(ctx, actor.workspaceId, { ...query, prefixes }, query.limit, query.cursor);
}

export async function customerProfile(ctx: Ctx, actor: AgentActor, id: number) {
  const customer = await customerById(ctx, actor.workspaceId, id);
  if (!customer) throw notFound("customer");
  const [organization, tickets] = await Promise.all([
    customer.organization_id ? findOrganization(ctx, actor.workspaceId, customer.organization_id) : undefined,
    customerTicketCounts(ctx, actor.workspaceId, id),
  ]);
  return { customer, organization: organization ?? null, tickets };
}

async function checkOrg(ctx: Ctx, workspaceId: number, orgId: number | null | undefined) {
  if (orgId == null) return;
  if (!(await organizationExists(ctx, workspaceId, orgId)))
    throw badRequest("invalid_organization", `organization ${orgId} does not exist`);
}

export async function createCustomer(ctx: Ctx, actor: AgentActor, input: z.output<typeof ZCustomerInput>) {
  await checkOrg(ctx, actor.workspaceId, input.organization_id);
  const now = Date.now();
  const row = await insertCustomer(ctx, {
    workspace_id: actor.workspaceId,
    email: input.email,
    name: input.name ?? null,
    phone: input.phone ?? null,
    language: input.language ?? null,
    organization_id: input.organization_id ?? null,
    external_id: input.external_id ?? null,
    notes: input.notes ?? null,
    created_at: now,
    updated_at: now,
  });
  if (!row) throw conflict("email_taken", `a customer with email ${input.email} already exists`, { field: "email" });
  return row;
}

export async function changeCustomer(ctx: Ctx, actor: AgentActor, id: number, input: z.output<typeof ZCustomerUpdate>) {
  await checkOrg(ctx, actor.workspaceId, input.organization_id);
  if (!(await customerById(ctx, actor.workspaceId, id))) throw notFound("customer");
  if (input.email && (await emailTaken(ctx, actor.workspaceId, input.email, id)))
    throw conflict("email_taken", `a customer with email ${input.email} already exists`, { field: "email" });
  return updateCustomer(ctx, id, { ...input, updated_at: Date.now() });
}

/** A customer's tickets keep their requester: such a customer is merged or erased, not deleted. */
export async function removeCustomer(ctx: Ctx, actor: AgentActor, id: number) {
  if (!(await customerById(ctx, actor.workspaceId, id))) throw notFound("customer");
  if (await customerHasTickets(ctx, id))
    throw conflict("has_tickets", "this customer has tickets; merge or erase them first");
  await deleteCustomer(ctx, id);
}
