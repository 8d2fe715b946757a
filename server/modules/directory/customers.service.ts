import type { z } from "zod";
import type { ZCustomerInput, ZCustomerUpdate } from "../../../shared/schemas";
import type { Ctx } from "../../context";
import type { AgentActor } from "../../http/actor";
import { badRequest, conflict, notFound } from "../../http/errors";
import {
  customerById,
  customerHasTickets,
  deleteCustomer,
  emailTaken,
  insertCustomer,
  updateCustomer,
} from "./customers.queries";
import { organizationExists } from "./organizations.queries";

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
