import type { z } from "zod";
import type { ZDirectoryQuery, ZOrganizationInput, ZOrganizationUpdate } from "../../../shared/schemas";
import type { Ctx } from "../../context";
import type { AgentActor } from "../../http/actor";
import { badRequest, conflict, notFound } from "../../http/errors";
import { queryPrefixes } from "../customers/directory-words";
import { agentExists } from "./agents.queries";
import {
  deleteOrganization,
  findOrganization,
  insertOrganization,
  organizationCounts,
  organizationHasCustomers,
  organizationsPage,
  updateOrganization,
} from "./organizations.queries";

/** A page of organizations, by the words of `q` (the name, typed in part) when it is given. */
export function findOrganizations(ctx: Ctx, actor: AgentActor, query: z.output<typeof ZDirectoryQuery>) {
  const prefixes = query.q ? queryPrefixes(query.q) : [];
  return organizationsPage(ctx, actor.workspaceId, prefixes, query.limit, query.cursor);
}

export async function organizationProfile(ctx: Ctx, actor: AgentActor, id: number) {
  const organization = await findOrganization(ctx, actor.workspaceId, id);
  if (!organization) throw notFound("organization");
  return { organization, ...(await organizationCounts(ctx, actor.workspaceId, id)) };
}

async function checkOwner(ctx: Ctx, workspaceId: number, id: number | null | undefined) {
  if (id == null) return;
  if (!(await agentExists(ctx, workspaceId, id)))
    throw badRequest("invalid_account_owner", `agent ${id} does not exist`);
}

export async function createOrganization(ctx: Ctx, actor: AgentActor, input: z.output<typeof ZOrganizationInput>) {
  await checkOwner(ctx, actor.workspaceId, input.account_owner_id);
  const now = Date.now();
  return insertOrganization(ctx, {
    workspace_id: actor.workspaceId,
    name: input.name,
    plan_name: input.plan_name ?? null,
    plan_tier: input.plan_tier ?? null,
    annual_revenue: input.annual_revenue ?? null,
    account_owner_id: input.account_owner_id ?? null,
    portal_shared: input.portal_shared ? 1 : 0,
    notes: input.notes ?? null,
    created_at: now,
    updated_at: now,
  });
}

export async function changeOrganization(
  ctx: Ctx,
  actor: AgentActor,
  id: number,
  input: z.output<typeof ZOrganizationUpdate>,
) {
  if (!(await findOrganization(ctx, actor.workspaceId, id))) throw notFound("organization");
  await checkOwner(ctx, actor.workspaceId, input.account_owner_id);
  return updateOrganization(ctx, id, {
    ...input,
    portal_shared: input.portal_shared === undefined ? undefined : input.portal_shared ? 1 : 0,
    updated_at: Date.now(),
  });
}

/** Only an organization without customers is deleted: its customers are moved elsewhere first. */
export async function removeOrganization(ctx: Ctx, actor: AgentActor, id: number) {
  if (!(await findOrganization(ctx, actor.workspaceId, id))) throw notFound("organization");
  if (await organizationHasCustomers(ctx, id))
    throw conflict("has_customers", "move this organization's customers first");
  await deleteOrganization(ctx, id);
}
