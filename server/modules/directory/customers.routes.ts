import { type Customer, ZCustomer, ZCustomerPage, ZOk } from "../../../shared/api/index";
import { z } from "zod";
import { ZCustomerInput, ZCustomerUpdate, ZIdParam, ZListQuery } from "../../../shared/schemas";
import type { CustomerRow } from "../../db/schema";
import { notFound } from "../../http/errors";
import { route } from "../../http/route";
import { iso } from "../../lib/cursor";
import { customerById, customersPage } from "./customers.queries";
import { changeCustomer, createCustomer, removeCustomer } from "./customers.service";

export const presentCustomer = (c: CustomerRow): Customer => ({
  id: c.id,
  workspace_id: c.workspace_id,
  email: c.email,
  name: c.name,
  phone: c.phone,
  language: c.language as Customer["language"],
  organization_id: c.organization_id,
  external_id: c.external_id,
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
    response: ZCustomerPage,
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
    response: ZCustomer,
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
    response: ZCustomer,
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
    response: ZCustomer,
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
    response: ZOk,
    handler: async ({ ctx, actor, params }) => {
      await removeCustomer(ctx, actor, params.id);
      return { ok: true as const };
    },
  }),
];
