import { dbOf, type Runner } from "../../db/index";
import { sql, type Insertable, type Updateable } from "kysely";
import type { OrganizationTable } from "../../db/schema";
import { pageById } from "../../lib/paging";
import { organizationWords } from "../customers/directory-words";
import { deleteOwnerWords, hasWord, ownersWithWord, planWords, writeOwnerWords } from "../customers/customers.queries";

export async function organizationsPage(
  on: Runner,
  workspaceId: number,
  prefixes: string[][],
  limit: number,
  cursor: string | undefined,
) {
  const db = dbOf(on);
  let q = db.selectFrom("organizations").selectAll().where("workspace_id", "=", workspaceId);
  // Every word of the query starts a word of the name (planned as for customers: customers.queries.ts).
  if (prefixes.length) {
    const { driver, rest } = await planWords(db, workspaceId, "organization", prefixes);
    if (driver) q = q.where("id", "in", ownersWithWord(db, workspaceId, "organization", driver));
    for (const p of rest) q = q.where(hasWord(workspaceId, "organization", p, "organizations.id"));
  }
  return pageById(q, "id", limit, cursor);
}

export const findOrganization = (on: Runner, workspaceId: number, id: number) =>
  dbOf(on)
    .selectFrom("organizations")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();

export const organizationExists = async (on: Runner, workspaceId: number, id: number) =>
  !!(await dbOf(on)
    .selectFrom("organizations")
    .select("id")
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst());

export const insertOrganization = (on: Runner, row: Insertable<OrganizationTable>) =>
  dbOf(on)
    .transaction()
    .execute(async (trx) => {
      const o = await trx.insertInto("organizations").values(row).returningAll().executeTakeFirstOrThrow();
      await writeOwnerWords(trx, o.workspace_id, "organization", o.id, organizationWords(o), true);
      return o;
    });

export const updateOrganization = (on: Runner, id: number, set: Updateable<OrganizationTable>) =>
  dbOf(on)
    .transaction()
    .execute(async (trx) => {
      const o = await trx
        .updateTable("organizations")
        .set(set)
        .where("id", "=", id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await writeOwnerWords(trx, o.workspace_id, "organization", o.id, organizationWords(o));
      return o;
    });

export const organizationHasCustomers = async (on: Runner, id: number) =>
  !!(await dbOf(on).selectFrom("customers").select("id").where("organization_id", "=", id).limit(1).executeTakeFirst());

export const deleteOrganization = (on: Runner, id: number) =>
  dbOf(on)
    .transaction()
    .execute(async (trx) => {
      await deleteOwnerWords(trx, "organization", id);
      await trx.deleteFrom("organizations").where("id", "=", id).execute();
    });

/** The organization's customers, and their tickets by state (each customer's through the requester index). */
export async function organizationCounts(on: Runner, workspaceId: number, organizationId: number) {
  const db = dbOf(on);
  const customers = await db
    .selectFrom("customers")
    .select(sql<number>`count(*)`.as("n"))
    .where("organization_id", "=", organizationId)
    .executeTakeFirstOrThrow();
  const tickets = await db
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
