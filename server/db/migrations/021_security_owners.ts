import { sql, type Kysely } from "kysely";
import type { Dialect } from "../index";
import { columnTypes } from "./columns";

// Who owns what, for the security review (issue 21).
// 1. Every upload records who made it (an agent, a customer's portal session, a web form submission) and from
//    which address: only its uploader can attach it, and unattached uploads count against a quota per session
//    and per address until the sweep removes them (UPLOAD_TTL_HOURS). Uploads made before this migration have
//    no uploader: nobody can attach them any more, and the sweep removes them.
// 2. A mailbox address is unique per workspace, no longer across workspaces: adding one never tells a
//    workspace that another has it. Mail arriving over SMTP goes to the oldest mailbox with the address.
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const { big } = columnTypes(dialect);
  await sql`ALTER TABLE attachments ADD COLUMN uploader_type text`.execute(db);
  await sql`ALTER TABLE attachments ADD COLUMN uploader_agent_id ${big}`.execute(db);
  await sql`ALTER TABLE attachments ADD COLUMN uploader_customer_id ${big}`.execute(db);
  await sql`ALTER TABLE attachments ADD COLUMN uploader_session text`.execute(db);
  await sql`ALTER TABLE attachments ADD COLUMN uploader_ip text`.execute(db);
  // The sweep and the quotas read unattached uploads only: a few rows, never every attachment ever kept.
  await sql`CREATE INDEX attachments_unattached ON attachments (created_at) WHERE message_id IS NULL`.execute(db);
  await sql`CREATE INDEX attachments_unattached_session ON attachments (uploader_session) WHERE message_id IS NULL`.execute(
    db,
  );
  await sql`CREATE INDEX attachments_unattached_agent ON attachments (uploader_agent_id) WHERE message_id IS NULL`.execute(
    db,
  );
  // The sweep removes a file's content only when no attachment references it any more.
  await sql`CREATE INDEX attachments_sha256 ON attachments (sha256)`.execute(db);
  await sql`CREATE INDEX attachments_unattached_ip ON attachments (uploader_ip) WHERE message_id IS NULL`.execute(db);

  await sql`DROP INDEX mailboxes_address`.execute(db);
  await sql`CREATE UNIQUE INDEX mailboxes_address ON mailboxes (address, workspace_id)`.execute(db);
}
