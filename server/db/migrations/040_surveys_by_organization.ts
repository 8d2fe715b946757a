import { sql, type Kysely } from "kysely";

// An organization's profile lists the answers of its people, newest first (GET /api/v1/surveys?organization_id=):
// read from this index, not from a walk back through every answer of the workspace until a hundred of theirs.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX surveys_organization_answered ON surveys (organization_id, id) WHERE answered_at IS NOT NULL`.execute(
    db,
  );
}
