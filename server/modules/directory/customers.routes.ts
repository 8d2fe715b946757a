import { z } from "zod";
import { ZCustomerInput, ZCustomerUpdate, ZIdParam, ZListQuery } from "../../../shared/schemas";
import type { CustomerRow } from "../../db/schema";
import { notFound } from "../../http/errors";
import { route } from "../../http/route";
import { iso } from "../../lib/cursor";
import { customerById, customersPage } from "./customers.queries";
import { changeCustomer, createCustomer, removeCustomer } from "./customers.service";

export const presentCustomer = (c: CustomerRow) => ({
  ...c,
  created_at: iso(c.created_at),
  updated_at: iso(c.updated_at),
});

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
      const page = await customersPage(ctx, actor.workspaceId, query, query.limit, query.cursor);
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
    handler: async ({ ctx, actor, body }) => presentCustomer(await createCustomer(ctx, actor, body)),
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
      const c = await customerById(ctx, actor.workspaceId, params.id);
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
    handler: async ({ ctx, actor, params, body }) => presentCustomer(await changeCustomer(ctx, actor, params.id, body)),
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
      await removeCustomer(ctx, actor, params.id);
      return { ok: true };
    },
  }),
];
