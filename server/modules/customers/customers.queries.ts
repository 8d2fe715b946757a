import type { DbOrTrx } from "../../db/index";
import type { CustomerRow } from "../../db/schema";

/**
 * The requester found or created by email. Two requests creating the same new customer at once both
 * succeed: the loser of the insert race sees nothing inserted and reads the winner's row.
 */
export async function findOrCreateCustomer(db: DbOrTrx, workspaceId: number, email: string, name?: string | null): Promise<CustomerRow> {
  const address = email.trim().toLowerCase();
  const existing = await db.selectFrom("customers").selectAll().where("workspace_id", "=", workspaceId).where("email", "=", address).executeTakeFirst();
  if (existing) return existing;
  const now = Date.now();
  // Returns nothing when another transaction created the same customer meanwhile: then it is read.
  const created = await db
    .insertInto("customers")
    .values({ workspace_id: workspaceId, email: address, name: name?.trim() || null, phone: null, language: null, organization_id: null, external_id: null, created_at: now, updated_at: now })
    .onConflict((oc) => oc.columns(["workspace_id", "email"]).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (created) return created;
  return db.selectFrom("customers").selectAll().where("workspace_id", "=", workspaceId).where("email", "=", address).executeTakeFirstOrThrow();
}

export function findCustomer(db: DbOrTrx, workspaceId: number, id: number) {
  return db.selectFrom("customers").selectAll().where("workspace_id", "=", workspaceId).where("id", "=", id).executeTakeFirst();
}
