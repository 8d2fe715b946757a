import { sql, type Kysely } from "kysely";
import type { Dialect } from "../index";
import { columnTypes } from "./columns";

// Warnings before a breach: each clock knows when it reaches the policy's warning share of its target.
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const { big } = columnTypes(dialect);
  await sql`ALTER TABLE sla_policies ADD COLUMN warn_percent integer NOT NULL DEFAULT 80`.execute(db);
  await sql`ALTER TABLE sla_clocks ADD COLUMN warn_at ${big}`.execute(db);
  await sql`ALTER TABLE sla_clocks ADD COLUMN warned_at ${big}`.execute(db);
  await sql`CREATE INDEX sla_clocks_warn ON sla_clocks (warn_at) WHERE met_at IS NULL AND warned_at IS NULL AND warn_at IS NOT NULL`.execute(
    db,
  );
}
