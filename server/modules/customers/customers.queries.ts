import type { DbOrTrx } from "../../db/index";
import type { CustomerRow } from "../../db/schema";
import { insertRows, statement } from "../../db/statements";

// Every incoming email looks its sender up (db/statements.ts: without Kysely's query building).
const CUSTOMER_BY_EMAIL = statement<CustomerRow>('select * from "customers" where "workspace_id" = ? and "email" = ?');

/**
 * The requester found or created by email. Two requests creating the same new customer at once both
 * succeed: the loser of the insert race sees nothing inserted and reads the winner's row.
 */
export async function findOrCreateCustomer(
  db: DbOrTrx,
  workspaceId: number,
  email: string,
  name?: string | null,
): Promise<CustomerRow> {
  const address = email.trim().toLowerCase();
  const existing = await CUSTOMER_BY_EMAIL.first(db, [workspaceId, address]);
  if (existing) return existing;
  const now = Date.now();
  // Returns nothing when another transaction created the same customer meanwhile: then it is read.
  const row = {
    workspace_id: workspaceId,
    email: address,
    name: name?.trim() || null,
    phone: null,
    language: null,
    organization_id: null,
    external_id: null,
    created_at: now,
    updated_at: now,
  };
  const [created] = await insertRows<"customers", CustomerRow>(
    db,
    "customers",
    [row],
    'on conflict ("workspace_id", "email") do nothing returning *',
  );
  if (created) return created;
  return db
    .selectFrom("customers")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("email", "=", address)
    .executeTakeFirstOrThrow();
}

export function findCustomer(db: DbOrTrx, workspaceId: number, id: number) {
  return db
    .selectFrom("customers")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();
}
