import type { Insertable, Updateable } from "kysely";
import type { Ctx } from "../../context";
import type { CustomerTable } from "../../db/schema";
import { pageById } from "../../lib/paging";
import { findCustomer } from "../customers/customers.queries";

export function customersPage(
  ctx: Ctx,
  workspaceId: number,
  filter: { email?: string; organization_id?: number },
  limit: number,
  cursor: string | undefined,
) {
  let q = ctx.db.selectFrom("customers").selectAll().where("workspace_id", "=", workspaceId);
  if (filter.email) q = q.where("email", "=", filter.email);
  if (filter.organization_id) q = q.where("organization_id", "=", filter.organization_id);
  return pageById(q, "id", limit, cursor);
}

export const customerById = (ctx: Ctx, workspaceId: number, id: number) => findCustomer(ctx.db, workspaceId, id);

/** The new customer, or undefined when the workspace already has a customer with this email. */
export const insertCustomer = (ctx: Ctx, row: Insertable<CustomerTable>) =>
  ctx.db
    .insertInto("customers")
    .values(row)
    .onConflict((oc) => oc.columns(["workspace_id", "email"]).doNothing())
    .returningAll()
    .executeTakeFirst();

/** Whether a customer other than `exceptId` has this email. */
export const emailTaken = async (ctx: Ctx, workspaceId: number, email: string, exceptId: number) =>
  !!(await ctx.db
    .selectFrom("customers")
    .select("id")
    .where("workspace_id", "=", workspaceId)
    .where("email", "=", email)
    .where("id", "<>", exceptId)
    .executeTakeFirst());

export const updateCustomer = (ctx: Ctx, id: number, set: Updateable<CustomerTable>) =>
  ctx.db.updateTable("customers").set(set).where("id", "=", id).returningAll().executeTakeFirstOrThrow();

export const customerHasTickets = async (ctx: Ctx, id: number) =>
  !!(await ctx.db.selectFrom("tickets").select("id").where("requester_id", "=", id).limit(1).executeTakeFirst());

export const deleteCustomer = (ctx: Ctx, id: number) => ctx.db.deleteFrom("customers").where("id", "=", id).execute();
