import { type Organization, ZOk, ZOrganization, ZOrganizationPage } from "../../../shared/api/index";
import { ZIdParam, ZListQuery, ZOrganizationInput, ZOrganizationUpdate } from "../../../shared/schemas";
import type { OrganizationRow } from "../../db/schema";
import { notFound } from "../../http/errors";
import { route } from "../../http/route";
import { iso } from "../../lib/cursor";
import { findOrganization, organizationsPage } from "./organizations.queries";
import { changeOrganization, createOrganization, removeOrganization } from "./organizations.service";

const present = (o: OrganizationRow): Organization => ({
  id: o.id,
  name: o.name,
  support_plan: { name: o.plan_name, tier: o.plan_tier },
  annual_revenue: o.annual_revenue,
  account_owner_id: o.account_owner_id,
  portal_shared: o.portal_shared === 1,
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
    summary: "List organizations",
    query: ZListQuery,
    response: ZOrganizationPage,
    handler: async ({ ctx, actor, query }) => {
      const page = await organizationsPage(ctx, actor.workspaceId, query.limit, query.cursor);
      return { data: page.rows.map(present), next_cursor: page.next_cursor };
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
    handler: async ({ ctx, actor, body }) => present(await createOrganization(ctx, actor, body)),
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
      return present(o);
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
    handler: async ({ ctx, actor, params, body }) => present(await changeOrganization(ctx, actor, params.id, body)),
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
