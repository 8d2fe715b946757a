import { dbOf, type Runner } from "../../db/index";
import { newOutboxMail } from "../../db/mail-outbox";

// What a password reset reads and writes. No rules here.

export const agentForReset = (on: Runner, email: string) =>
  dbOf(on)
    .selectFrom("agents")
    .select(["id", "workspace_id", "name", "email", "password_hash", "languages", "active"])
    .where("email", "=", email)
    .where("active", "=", 1)
    .orderBy("id")
    .executeTakeFirst();

export const agentById = (on: Runner, id: number) =>
  dbOf(on)
    .selectFrom("agents")
    .select(["id", "workspace_id", "name", "email", "password_hash", "languages", "active"])
    .where("id", "=", id)
    .executeTakeFirst();

export const mailboxOf = (on: Runner, workspaceId: number) =>
  dbOf(on)
    .selectFrom("mailboxes")
    .select(["address", "display_name"])
    .where("workspace_id", "=", workspaceId)
    .orderBy("id")
    .executeTakeFirst();

/** Reset emails sent to an address since `since` (a few an hour, then none). */
export async function resetsSince(on: Runner, address: string, since: number): Promise<number> {
  const r = await dbOf(on)
    .selectFrom("mail_outbox")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("kind", "=", "password_reset")
    .where("to_address", "=", address)
    .where("created_at", ">=", since)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function insertResetMail(
  on: Runner,
  row: {
    workspace_id: number;
    to_address: string;
    from_address: string;
    subject: string;
    body_text: string;
    header_message_id: string;
    status: "queued" | "captured";
  },
) {
  const { id } = await dbOf(on)
    .insertInto("mail_outbox")
    .values(newOutboxMail({ ...row, kind: "password_reset" }))
    .returning("id")
    .executeTakeFirstOrThrow();
  return Number(id);
}

/** The new password, and every session of the agent ended (whoever knew the old one is signed out). */
export async function setPassword(on: Runner, agentId: number, passwordHash: string) {
  const db = dbOf(on);
  await db
    .updateTable("agents")
    .set({ password_hash: passwordHash, updated_at: Date.now() })
    .where("id", "=", agentId)
    .execute();
  await db.deleteFrom("sessions").where("agent_id", "=", agentId).execute();
  await db
    .deleteFrom("login_attempts")
    .where("email", "in", db.selectFrom("agents").select("email").where("id", "=", agentId))
    .execute();
}
