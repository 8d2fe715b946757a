import {
  type Organization,
  ZOk,
  ZOrganization,
  ZOrganizationPage,
  ZOrganizationProfile,
} from "../../../shared/api/index";
import { ZDirectoryQuery, ZIdParam, ZOrganizationInput, ZOrganizationUpdate } from "../../../shared/schemas";
import type { OrganizationRow } from "../../db/schema";
import { notFound } from "../../http/errors";
import { route } from "../../http/route";
import { iso } from "../../lib/cursor";
import { findOrganization } from "./organizations.queries";
import {
  changeOrganization,
  createOrganization,
  findOrganizations,
  organizationProfile,
  removeOrganization,
} from "./organizations.service";

export const presentOrganization = (o: OrganizationRow): Organization => ({
  id: o.id,
  name: o.name,
  support_plan: { name: o.plan_name, tier: o.plan_tier },
  annual_revenue: o.annual_revenue,
  account_owner_id: o.account_owner_id,
  portal_shared: o.portal_shared === 1,
  notes: o.notes,
  created_at: iso(o.created_at),
  updated_at: iso(o.updated_at),
});

export const organizationRoutes = [
  route({
    method: "GET",
    url: "/api/v1/organizations",
    access: "agent",
    policy: "organization.read",
    tag: "organizations",
    summary: "List organizations: q finds by the start of any word of the name (accents ignored)",
    query: ZDirectoryQuery,
    response: ZOrganizationPage,
    handler: async ({ ctx, actor, query }) => {
      const page = await findOrganizations(ctx, actor, query);
      return { data: page.rows.map(presentOrganization), next_cursor: page.next_cursor };
    },
  }),
  route({
    method: "POST",
    url: "/api/v1/organizations",
    access: "agent",
    policy: "organization.write",
    tag: "organizations",
    status: 201,
    summary: "Create an organization with its support plan",
    body: ZOrganizationInput,
    response: ZOrganization,
    handler: async ({ ctx, actor, body }) => presentOrganization(await createOrganization(ctx, actor, body)),
  }),
  route({
    method: "GET",
    url: "/api/v1/organizations/:id",
    access: "agent",
    policy: "organization.read",
    tag: "organizations",
    summary: "One organization",
    params: ZIdParam,
    response: ZOrganization,
    handler: async ({ ctx, actor, params }) => {
      const o = await findOrganization(ctx, actor.workspaceId, params.id);
      if (!o) throw notFound("organization");
      return presentOrganization(o);
    },
  }),
  route({
    method: "GET",
    url: "/api/v1/organizations/:id/profile",
    access: "agent",
    policy: "organization.read",
    tag: "organizations",
    summary: "One organization with its number of customers and their tickets counted (open, solved, in all)",
    params: ZIdParam,
    response: ZOrganizationProfile,
    handler: async ({ ctx, actor, params }) => {
      const p = await organizationProfile(ctx, actor, params.id);
      return { organization: presentOrganization(p.organization), customers: p.customers, tickets: p.tickets };
    },
  }),
  route({
    method: "PATCH",
    url: "/api/v1/organizations/:id",
    access: "agent",
    policy: "organization.write",
    tag: "organizations",
    summary: "Change an organization",
    params: ZIdParam,
    body: ZOrganizationUpdate,
    response: ZOrganization,
    handler: async ({ ctx, actor, params, body }) =>
      presentOrganization(await changeOrganization(ctx, actor, params.id, body)),
  }),
  route({
    method: "DELETE",
    url: "/api/v1/organizations/:id",
    access: "agent",
    policy: "organization.write",
    tag: "organizations",
    summary: "Delete an organization without customers",
    params: ZIdParam,
    response: ZOk,
    handler: async ({ ctx, actor, params }) => {
      await removeOrganization(ctx, actor, params.id);
      return { ok: true as const };
    },
  }),
];
