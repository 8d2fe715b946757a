import { dbOf, type Runner } from "../../db/index";
import type { Insertable } from "kysely";
import type { MailboxTable } from "../../db/schema";

// Queries behind mailboxes (their settings, IMAP state and received originals). No rules here.

export const listMailboxes = (on: Runner, workspaceId: number) =>
  dbOf(on).selectFrom("mailboxes").selectAll().where("workspace_id", "=", workspaceId).orderBy("id").execute();

export const teamExists = async (on: Runner, workspaceId: number, teamId: number) =>
  !!(await dbOf(on)
    .selectFrom("teams")
    .select("id")
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", teamId)
    .executeTakeFirst());

/** The new mailbox, or undefined when the workspace has this address already. */
export const insertMailbox = (on: Runner, row: Insertable<MailboxTable>) =>
  dbOf(on)
    .insertInto("mailboxes")
    .values(row)
    .onConflict((oc) => oc.columns(["address", "workspace_id"]).doNothing())
    .returningAll()
    .executeTakeFirst();

/** Whether there was such a mailbox. */
export const deleteMailbox = async (on: Runner, workspaceId: number, id: number) =>
  Number(
    (
      await dbOf(on)
        .deleteFrom("mailboxes")
        .where("workspace_id", "=", workspaceId)
        .where("id", "=", id)
        .executeTakeFirst()
    ).numDeletedRows,
  ) > 0;

export const storedPasswords = (on: Runner) =>
  dbOf(on).selectFrom("mailboxes").select(["id", "imap_password"]).where("imap_password", "is not", null).execute();

/** Replaces a password only if it is still the one read, so two nodes sealing at once do not seal twice. */
export const replacePassword = (on: Runner, id: number, was: string, now: string) =>
  dbOf(on)
    .updateTable("mailboxes")
    .set({ imap_password: now })
    .where("id", "=", id)
    .where("imap_password", "=", was)
    .execute();

/** The stored original of a message we received (what we send is rebuilt from its outbox row, not kept raw). */
export const receivedOriginal = (on: Runner, workspaceId: number, messageId: number) =>
  dbOf(on)
    .selectFrom("email_messages")
    .select(["raw_sha256"])
    .where("workspace_id", "=", workspaceId)
    .where("message_id", "=", messageId)
    .where("direction", "=", "in")
    .executeTakeFirst();

export const mailboxById = (on: Runner, id: number) =>
  dbOf(on).selectFrom("mailboxes").selectAll().where("id", "=", id).executeTakeFirst();

/** The mailboxes fetched over IMAP. */
export const imapMailboxes = (on: Runner) =>
  dbOf(on)
    .selectFrom("mailboxes")
    .selectAll()
    .where("imap_host", "is not", null)
    .where("imap_user", "is not", null)
    .execute();

/** The outcome of a fetch: "ok", or "error" with its message. */
export const setImapStatus = (on: Runner, id: number, status: "ok" | "error", error: string | null) =>
  dbOf(on)
    .updateTable("mailboxes")
    .set({ imap_status: status, imap_last_error: error, imap_last_fetch_at: Date.now() })
    .where("id", "=", id)
    .execute();

/** Progress only moves forward (unless UIDVALIDITY changed): two fetches racing in two processes never undo each other. */
export const saveImapProgress = (on: Runner, id: number, validity: string, uid: number) =>
  dbOf(on)
    .updateTable("mailboxes")
    .set({ imap_uid_validity: validity, imap_last_uid: uid })
    .where("id", "=", id)
    .where((eb) =>
      eb.or([
        eb("imap_uid_validity", "is", null),
        eb("imap_uid_validity", "<>", validity),
        eb("imap_last_uid", "is", null),
        eb("imap_last_uid", "<", uid),
      ]),
    )
    .execute();
