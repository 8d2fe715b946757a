import { z } from "zod";
import { ZCustomerInput, ZCustomerUpdate, ZIdParam, ZListQuery } from "../../../shared/schemas";
import type { Ctx } from "../../context";
import type { CustomerRow } from "../../db/schema";
import { badRequest, conflict, notFound } from "../../http/errors";
import { route } from "../../http/route";
import { iso } from "../../lib/cursor";
import { findCustomer } from "../customers/customers.queries";
import { pageById } from "../../lib/paging";

export const presentCustomer = (c: CustomerRow) => ({
  ...c,
  created_at: iso(c.created_at),
  updated_at: iso(c.updated_at),
});

async function checkOrg(ctx: Ctx, workspaceId: number, orgId: number | null | undefined) {
  if (orgId == null) return;
  const o = await ctx.db
    .selectFrom("organizations")
    .select("id")
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", orgId)
    .executeTakeFirst();
  if (!o) throw badRequest("invalid_organization", `organization ${orgId} does not exist`);
}

export const customerRoutes = [
  route({
    method: "GET",
    url: "/api/v1/customers",
    access: "agent",
    policy: "customer.read",
    tag: "customers",
    summary: "List customers (filter by email or organization)",
    query: ZListQuery.extend({
      email: z.string().trim().toLowerCase().optional(),
      organization_id: z.coerce.number().int().positive().optional(),
    }),
    handler: async ({ ctx, actor, query }) => {
      let q = ctx.db.selectFrom("customers").selectAll().where("workspace_id", "=", actor.workspaceId);
      if (query.email) q = q.where("email", "=", query.email);
      if (query.organization_id) q = q.where("organization_id", "=", query.organization_id);
      const page = await pageById(q, "id", query.limit, query.cursor);
      return { data: page.rows.map(presentCustomer), next_cursor: page.next_cursor };
    },
  }),
  route({
    method: "POST",
    url: "/api/v1/customers",
    access: "agent",
    policy: "customer.write",
    tag: "customers",
    status: 201,
    summary: "Create a customer",
    body: ZCustomerInput,
    handler: async ({ ctx, actor, body }) => {
      await checkOrg(ctx, actor.workspaceId, body.organization_id);
      const now = Date.now();
      const row = await ctx.db
        .insertInto("customers")
        .values({
          workspace_id: actor.workspaceId,
          email: body.email,
          name: body.name ?? null,
          phone: body.phone ?? null,
          language: body.language ?? null,
          organization_id: body.organization_id ?? null,
          external_id: body.external_id ?? null,
          created_at: now,
          updated_at: now,
        })
        .onConflict((oc) => oc.columns(["workspace_id", "email"]).doNothing())
        .returningAll()
        .executeTakeFirst();
      if (!row) throw conflict("email_taken", `a customer with email ${body.email} already exists`);
      return presentCustomer(row);
    },
  }),
  route({
    method: "GET",
    url: "/api/v1/customers/:id",
    access: "agent",
    policy: "customer.read",
    tag: "customers",
    summary: "One customer",
    params: ZIdParam,
    handler: async ({ ctx, actor, params }) => {
      const c = await findCustomer(ctx.db, actor.workspaceId, params.id);
      if (!c) throw notFound("customer");
      return presentCustomer(c);
    },
  }),
  route({
    method: "PATCH",
    url: "/api/v1/customers/:id",
    access: "agent",
    policy: "customer.write",
    tag: "customers",
    summary: "Change a customer",
    params: ZIdParam,
    body: ZCustomerUpdate,
    handler: async ({ ctx, actor, params, body }) => {
      await checkOrg(ctx, actor.workspaceId, body.organization_id);
      if (!(await findCustomer(ctx.db, actor.workspaceId, params.id))) throw notFound("customer");
      if (body.email) {
        const other = await ctx.db
          .selectFrom("customers")
          .select("id")
          .where("workspace_id", "=", actor.workspaceId)
          .where("email", "=", body.email)
          .where("id", "<>", params.id)
          .executeTakeFirst();
        if (other) throw conflict("email_taken", `a customer with email ${body.email} already exists`);
      }
      const row = await ctx.db
        .updateTable("customers")
        .set({ ...body, updated_at: Date.now() })
        .where("id", "=", params.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return presentCustomer(row);
    },
  }),
  route({
    method: "DELETE",
    url: "/api/v1/customers/:id",
    access: "agent",
    policy: "customer.delete",
    tag: "customers",
    summary: "Delete a customer who has no tickets",
    params: ZIdParam,
    handler: async ({ ctx, actor, params }) => {
      if (!(await findCustomer(ctx.db, actor.workspaceId, params.id))) throw notFound("customer");
      const t = await ctx.db
        .selectFrom("tickets")
        .select("id")
        .where("requester_id", "=", params.id)
        .limit(1)
        .executeTakeFirst();
      if (t) throw conflict("has_tickets", "this customer has tickets; merge or erase them first");
      await ctx.db.deleteFrom("customers").where("id", "=", params.id).execute();
      return { ok: true };
    },
  }),
];
