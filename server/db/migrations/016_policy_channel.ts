import { sql, type Kysely } from "kysely";

// A policy can apply to one channel only (chat answered faster than email, for example); null: any channel.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE sla_policies ADD COLUMN channel text`.execute(db);
}
