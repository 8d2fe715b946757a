import { type Customer, ZCustomer, ZCustomerPage, ZCustomerProfile, ZOk } from "../../../shared/api/index";
import { z } from "zod";
import { ZCustomerInput, ZCustomerUpdate, ZDirectoryQuery, ZIdParam } from "../../../shared/schemas";
import type { CustomerRow } from "../../db/schema";
import { notFound } from "../../http/errors";
import { route } from "../../http/route";
import { iso } from "../../lib/cursor";
import { customerById } from "./customers.queries";
import { changeCustomer, createCustomer, customerProfile, findCustomers, removeCustomer } from "./customers.service";
import { presentOrganization } from "./organizations.routes";

export const presentCustomer = (c: CustomerRow): Customer => ({
  id: c.id,
  workspace_id: c.workspace_id,
  email: c.email,
  name: c.name,
  phone: c.phone,
  language: c.language as Customer["language"],
  organization_id: c.organization_id,
  external_id: c.external_id,
  notes: c.notes,
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
    summary:
      "List customers: q finds by the start of any word of the name, email or phone (accents ignored); filter by exact email or organization",
    query: ZDirectoryQuery.extend({
      email: z.string().trim().toLowerCase().optional(),
      organization_id: z.coerce.number().int().positive().optional(),
    }),
    response: ZCustomerPage,
    handler: async ({ ctx, actor, query }) => {
      const page = await findCustomers(ctx, actor, query);
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
    method: "GET",
    url: "/api/v1/customers/:id/profile",
    access: "agent",
    policy: "customer.read",
    tag: "customers",
    summary: "One customer with their organization and plan and their tickets counted (open, solved, in all)",
    params: ZIdParam,
    response: ZCustomerProfile,
    handler: async ({ ctx, actor, params }) => {
      const p = await customerProfile(ctx, actor, params.id);
      return {
        customer: presentCustomer(p.customer),
        organization: p.organization ? presentOrganization(p.organization) : null,
        tickets: p.tickets,
      };
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
