import { sql, type Kysely } from "kysely";
import type { Dialect } from "../index";
import { columnTypes } from "./columns";

// Images uploaded into help-centre articles (issue 22). The content is in the file store (stored_files or on disk,
// by its hash, like attachments); this row is what makes it public: /help/images/{key} serves only images listed
// here, by a random key, so that a ticket attachment never is, and no image is found by counting ids.
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const { big, id } = columnTypes(dialect);
  await sql`CREATE TABLE kb_images (
    ${id},
    workspace_id ${big} NOT NULL REFERENCES workspaces(id),
    key text NOT NULL,
    filename text NOT NULL,
    content_type text NOT NULL,
    size ${big} NOT NULL,
    sha256 text NOT NULL,
    agent_id ${big} NOT NULL REFERENCES agents(id),
    created_at ${big} NOT NULL
  )`.execute(db);
  await sql`CREATE UNIQUE INDEX kb_images_key ON kb_images (key)`.execute(db);
  await sql`CREATE INDEX kb_images_sha256 ON kb_images (sha256)`.execute(db);
}
