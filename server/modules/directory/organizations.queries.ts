import { sql, type Insertable, type Updateable } from "kysely";
import type { Ctx } from "../../context";
import type { OrganizationTable } from "../../db/schema";
import { pageById } from "../../lib/paging";
import { organizationWords } from "../customers/directory-words";
import { deleteOwnerWords, hasWord, ownersWithWord, planWords, writeOwnerWords } from "../customers/customers.queries";

export async function organizationsPage(
  ctx: Ctx,
  workspaceId: number,
  prefixes: string[][],
  limit: number,
  cursor: string | undefined,
) {
  let q = ctx.db.selectFrom("organizations").selectAll().where("workspace_id", "=", workspaceId);
  // Every word of the query starts a word of the name (planned as for customers: customers.queries.ts).
  if (prefixes.length) {
    const { driver, rest } = await planWords(ctx.db, workspaceId, "organization", prefixes);
    if (driver) q = q.where("id", "in", ownersWithWord(ctx.db, workspaceId, "organization", driver));
    for (const p of rest) q = q.where(hasWord(workspaceId, "organization", p, "organizations.id"));
  }
  return pageById(q, "id", limit, cursor);
}

export const findOrganization = (ctx: Ctx, workspaceId: number, id: number) =>
  ctx.db
    .selectFrom("organizations")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();

export const organizationExists = async (ctx: Ctx, workspaceId: number, id: number) =>
  !!(await ctx.db
    .selectFrom("organizations")
    .select("id")
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst());

export const insertOrganization = (ctx: Ctx, row: Insertable<OrganizationTable>) =>
  ctx.db.transaction().execute(async (trx) => {
    const o = await trx.insertInto("organizations").values(row).returningAll().executeTakeFirstOrThrow();
    await writeOwnerWords(trx, o.workspace_id, "organization", o.id, organizationWords(o), true);
    return o;
  });

export const updateOrganization = (ctx: Ctx, id: number, set: Updateable<OrganizationTable>) =>
  ctx.db.transaction().execute(async (trx) => {
    const o = await trx
      .updateTable("organizations")
      .set(set)
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeOwnerWords(trx, o.workspace_id, "organization", o.id, organizationWords(o));
    return o;
  });

export const organizationHasCustomers = async (ctx: Ctx, id: number) =>
  !!(await ctx.db.selectFrom("customers").select("id").where("organization_id", "=", id).limit(1).executeTakeFirst());

export const deleteOrganization = (ctx: Ctx, id: number) =>
  ctx.db.transaction().execute(async (trx) => {
    await deleteOwnerWords(trx, "organization", id);
    await trx.deleteFrom("organizations").where("id", "=", id).execute();
  });

/** The organization's customers, and their tickets by state (each customer's through the requester index). */
export async function organizationCounts(ctx: Ctx, workspaceId: number, organizationId: number) {
  const customers = await ctx.db
    .selectFrom("customers")
    .select(sql<number>`count(*)`.as("n"))
    .where("organization_id", "=", organizationId)
    .executeTakeFirstOrThrow();
  const tickets = await ctx.db
    .selectFrom("tickets")
    .select([
      sql<number>`count(*)`.as("total"),
      sql<number>`coalesce(sum(is_open), 0)`.as("open"),
      sql<number>`coalesce(sum(case when status in ('solved', 'closed') then 1 else 0 end), 0)`.as("solved"),
    ])
    .where("workspace_id", "=", workspaceId)
    .where("requester_id", "in", (eb) =>
      eb.selectFrom("customers").select("id").where("organization_id", "=", organizationId),
    )
    .where("merged_into_id", "is", null)
    .executeTakeFirstOrThrow();
  return {
    customers: Number(customers.n),
    tickets: { total: Number(tickets.total), open: Number(tickets.open), solved: Number(tickets.solved) },
  };
}
