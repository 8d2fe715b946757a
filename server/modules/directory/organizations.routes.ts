import { ZIdParam, ZListQuery, ZOrganizationInput, ZOrganizationUpdate } from "../../../shared/schemas";
import type { Ctx } from "../../context";
import type { OrganizationRow } from "../../db/schema";
import { badRequest, conflict, notFound } from "../../http/errors";
import { route } from "../../http/route";
import { iso } from "../../lib/cursor";
import { pageById } from "../../lib/paging";

const present = (o: OrganizationRow) => ({
  id: o.id,
  name: o.name,
  support_plan: { name: o.plan_name, tier: o.plan_tier },
  annual_revenue: o.annual_revenue,
  account_owner_id: o.account_owner_id,
  portal_shared: o.portal_shared === 1,
  created_at: iso(o.created_at),
  updated_at: iso(o.updated_at),
});

async function checkOwner(ctx: Ctx, workspaceId: number, id: number | null | undefined) {
  if (id == null) return;
  const a = await ctx.db
    .selectFrom("agents")
    .select("id")
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();
  if (!a) throw badRequest("invalid_account_owner", `agent ${id} does not exist`);
}

const find = (ctx: Ctx, ws: number, id: number) =>
  ctx.db.selectFrom("organizations").selectAll().where("workspace_id", "=", ws).where("id", "=", id).executeTakeFirst();

export const organizationRoutes = [
  route({
    method: "GET",
    url: "/api/v1/organizations",
    access: "agent",
    policy: "organization.read",
    tag: "organizations",
    summary: "List organizations",
    query: ZListQuery,
    handler: async ({ ctx, actor, query }) => {
      const page = await pageById(
        ctx.db.selectFrom("organizations").selectAll().where("workspace_id", "=", actor.workspaceId),
        "id",
        query.limit,
        query.cursor,
      );
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
    handler: async ({ ctx, actor, body }) => {
      await checkOwner(ctx, actor.workspaceId, body.account_owner_id);
      const now = Date.now();
      const row = await ctx.db
        .insertInto("organizations")
        .values({
          workspace_id: actor.workspaceId,
          name: body.name,
          plan_name: body.plan_name ?? null,
          plan_tier: body.plan_tier ?? null,
          annual_revenue: body.annual_revenue ?? null,
          account_owner_id: body.account_owner_id ?? null,
          portal_shared: body.portal_shared ? 1 : 0,
          created_at: now,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return present(row);
    },
  }),
  route({
    method: "GET",
    url: "/api/v1/organizations/:id",
    access: "agent",
    policy: "organization.read",
    tag: "organizations",
    summary: "One organization",
    params: ZIdParam,
    handler: async ({ ctx, actor, params }) => {
      const o = await find(ctx, actor.workspaceId, params.id);
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
    handler: async ({ ctx, actor, params, body }) => {
      if (!(await find(ctx, actor.workspaceId, params.id))) throw notFound("organization");
      await checkOwner(ctx, actor.workspaceId, body.account_owner_id);
      const row = await ctx.db
        .updateTable("organizations")
        .set({
          ...body,
          portal_shared: body.portal_shared === undefined ? undefined : body.portal_shared ? 1 : 0,
          updated_at: Date.now(),
        })
        .where("id", "=", params.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return present(row);
    },
  }),
  route({
    method: "DELETE",
    url: "/api/v1/organizations/:id",
    access: "agent",
    policy: "organization.write",
    tag: "organizations",
    summary: "Delete an organization without customers",
    params: ZIdParam,
    handler: async ({ ctx, actor, params }) => {
      if (!(await find(ctx, actor.workspaceId, params.id))) throw notFound("organization");
      const c = await ctx.db
        .selectFrom("customers")
        .select("id")
        .where("organization_id", "=", params.id)
        .limit(1)
        .executeTakeFirst();
      if (c) throw conflict("has_customers", "move this organization's customers first");
      await ctx.db.deleteFrom("organizations").where("id", "=", params.id).execute();
      return { ok: true };
    },
  }),
];
