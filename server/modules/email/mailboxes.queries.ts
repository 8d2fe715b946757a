import type { Insertable } from "kysely";
import type { Db } from "../../db/index";
import type { MailboxTable } from "../../db/schema";

export const listMailboxes = (db: Db, workspaceId: number) =>
  db.selectFrom("mailboxes").selectAll().where("workspace_id", "=", workspaceId).orderBy("id").execute();

export const teamExists = async (db: Db, workspaceId: number, teamId: number) =>
  !!(await db
    .selectFrom("teams")
    .select("id")
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", teamId)
    .executeTakeFirst());

/** The new mailbox, or undefined when its address is taken (in any workspace: mail is routed by address). */
export const insertMailbox = (db: Db, row: Insertable<MailboxTable>) =>
  db
    .insertInto("mailboxes")
    .values(row)
    .onConflict((oc) => oc.column("address").doNothing())
    .returningAll()
    .executeTakeFirst();

/** Whether there was such a mailbox. */
export const deleteMailbox = async (db: Db, workspaceId: number, id: number) =>
  Number(
    (await db.deleteFrom("mailboxes").where("workspace_id", "=", workspaceId).where("id", "=", id).executeTakeFirst())
      .numDeletedRows,
  ) > 0;

export const storedPasswords = (db: Db) =>
  db.selectFrom("mailboxes").select(["id", "imap_password"]).where("imap_password", "is not", null).execute();

/** Replaces a password only if it is still the one read, so two nodes sealing at once do not seal twice. */
export const replacePassword = (db: Db, id: number, was: string, now: string) =>
  db
    .updateTable("mailboxes")
    .set({ imap_password: now })
    .where("id", "=", id)
    .where("imap_password", "=", was)
    .execute();

/** The stored original of a message we received (what we send is rebuilt from its outbox row, not kept raw). */
export const receivedOriginal = (db: Db, workspaceId: number, messageId: number) =>
  db
    .selectFrom("email_messages")
    .select(["raw_sha256"])
    .where("workspace_id", "=", workspaceId)
    .where("message_id", "=", messageId)
    .where("direction", "=", "in")
    .executeTakeFirst();
