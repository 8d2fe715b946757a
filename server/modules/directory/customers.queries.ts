import { dbOf, type Runner } from "../../db/index";
import { sql, type Insertable, type Updateable } from "kysely";
import type { CustomerTable } from "../../db/schema";
import { pageById } from "../../lib/paging";
import { customerWords } from "../customers/directory-words";
import {
  deleteOwnerWords,
  findCustomer,
  hasWord,
  ownersWithWord,
  planWords,
  writeOwnerWords,
} from "../customers/customers.queries";

export async function customersPage(
  on: Runner,
  workspaceId: number,
  filter: { email?: string; organization_id?: number; prefixes?: string[][] },
  limit: number,
  cursor: string | undefined,
) {
  const db = dbOf(on);
  let q = db.selectFrom("customers").selectAll().where("workspace_id", "=", workspaceId);
  if (filter.email) q = q.where("email", "=", filter.email);
  if (filter.organization_id) q = q.where("organization_id", "=", filter.organization_id);
  // Every word of the query starts a word of the customer's name, email or phone: the rarest word lists the
  // candidates through the key, the others are checked per customer; when every word is common, customers are
  // read in id order and checked, a page's worth at a time.
  if (filter.prefixes?.length) {
    const { driver, rest } = await planWords(db, workspaceId, "customer", filter.prefixes);
    if (driver) q = q.where("id", "in", ownersWithWord(db, workspaceId, "customer", driver));
    for (const p of rest) q = q.where(hasWord(workspaceId, "customer", p, "customers.id"));
  }
  return pageById(q, "id", limit, cursor);
}

export const customerById = (on: Runner, workspaceId: number, id: number) => findCustomer(dbOf(on), workspaceId, id);

/** The new customer with its words, or undefined when the workspace already has a customer with this email. */
export const insertCustomer = (on: Runner, row: Insertable<CustomerTable>) =>
  dbOf(on)
    .transaction()
    .execute(async (trx) => {
      const c = await trx
        .insertInto("customers")
        .values(row)
        .onConflict((oc) => oc.columns(["workspace_id", "email"]).doNothing())
        .returningAll()
        .executeTakeFirst();
      if (c) await writeOwnerWords(trx, c.workspace_id, "customer", c.id, customerWords(c), true);
      return c;
    });

/** Whether a customer other than `exceptId` has this email. */
export const emailTaken = async (on: Runner, workspaceId: number, email: string, exceptId: number) =>
  !!(await dbOf(on)
    .selectFrom("customers")
    .select("id")
    .where("workspace_id", "=", workspaceId)
    .where("email", "=", email)
    .where("id", "<>", exceptId)
    .executeTakeFirst());

/** The changed customer; its words are written again with it. */
export const updateCustomer = (on: Runner, id: number, set: Updateable<CustomerTable>) =>
  dbOf(on)
    .transaction()
    .execute(async (trx) => {
      const c = await trx
        .updateTable("customers")
        .set(set)
        .where("id", "=", id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await writeOwnerWords(trx, c.workspace_id, "customer", c.id, customerWords(c));
      return c;
    });

export const customerHasTickets = async (on: Runner, id: number) =>
  !!(await dbOf(on).selectFrom("tickets").select("id").where("requester_id", "=", id).limit(1).executeTakeFirst());

export const deleteCustomer = (on: Runner, id: number) =>
  dbOf(on)
    .transaction()
    .execute(async (trx) => {
      await deleteOwnerWords(trx, "customer", id);
      await trx.deleteFrom("customers").where("id", "=", id).execute();
    });

/** A customer's tickets by state: open (new to on hold), solved or closed, and in all (index on requester). */
export async function customerTicketCounts(on: Runner, workspaceId: number, customerId: number) {
  const db = dbOf(on);
  const row = await db
    .selectFrom("tickets")
    .select([
      sql<number>`count(*)`.as("total"),
      sql<number>`coalesce(sum(is_open), 0)`.as("open"),
      sql<number>`coalesce(sum(case when status in ('solved', 'closed') then 1 else 0 end), 0)`.as("solved"),
    ])
    .where("requester_id", "=", customerId)
    .where("workspace_id", "=", workspaceId)
    .where("merged_into_id", "is", null)
    .executeTakeFirstOrThrow();
  return { total: Number(row.total), open: Number(row.open), solved: Number(row.solved) };
}
