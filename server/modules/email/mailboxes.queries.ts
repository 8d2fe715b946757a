import type { Insertable } from "kysely";
import type { Ctx } from "../../context";
import type { MailboxTable } from "../../db/schema";

// Queries behind mailboxes (their settings, IMAP state and received originals). No rules here.

export const listMailboxes = (ctx: Ctx, workspaceId: number) =>
  ctx.db.selectFrom("mailboxes").selectAll().where("workspace_id", "=", workspaceId).orderBy("id").execute();

export const teamExists = async (ctx: Ctx, workspaceId: number, teamId: number) =>
  !!(await ctx.db
    .selectFrom("teams")
    .select("id")
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", teamId)
    .executeTakeFirst());

/** The new mailbox, or undefined when the workspace has this address already. */
export const insertMailbox = (ctx: Ctx, row: Insertable<MailboxTable>) =>
  ctx.db
    .insertInto("mailboxes")
    .values(row)
    .onConflict((oc) => oc.columns(["address", "workspace_id"]).doNothing())
    .returningAll()
    .executeTakeFirst();

/** Whether there was such a mailbox. */
export const deleteMailbox = async (ctx: Ctx, workspaceId: number, id: number) =>
  Number(
    (
      await ctx.db
        .deleteFrom("mailboxes")
        .where("workspace_id", "=", workspaceId)
        .where("id", "=", id)
        .executeTakeFirst()
    ).numDeletedRows,
  ) > 0;

export const storedPasswords = (ctx: Ctx) =>
  ctx.db.selectFrom("mailboxes").select(["id", "imap_password"]).where("imap_password", "is not", null).execute();

/** Replaces a password only if it is still the one read, so two nodes sealing at once do not seal twice. */
export const replacePassword = (ctx: Ctx, id: number, was: string, now: string) =>
  ctx.db
    .updateTable("mailboxes")
    .set({ imap_password: now })
    .where("id", "=", id)
    .where("imap_password", "=", was)
    .execute();

/** The stored original of a message we received (what we send is rebuilt from its outbox row, not kept raw). */
export const receivedOriginal = (ctx: Ctx, workspaceId: number, messageId: number) =>
  ctx.db
    .selectFrom("email_messages")
    .select(["raw_sha256"])
    .where("workspace_id", "=", workspaceId)
    .where("message_id", "=", messageId)
    .where("direction", "=", "in")
    .executeTakeFirst();

export const mailboxById = (ctx: Ctx, id: number) =>
  ctx.db.selectFrom("mailboxes").selectAll().where("id", "=", id).executeTakeFirst();

/** The mailboxes fetched over IMAP. */
export const imapMailboxes = (ctx: Ctx) =>
  ctx.db
    .selectFrom("mailboxes")
    .selectAll()
    .where("imap_host", "is not", null)
    .where("imap_user", "is not", null)
    .execute();

/** The outcome of a fetch: "ok", or "error" with its message. */
export const setImapStatus = (ctx: Ctx, id: number, status: "ok" | "error", error: string | null) =>
  ctx.db
    .updateTable("mailboxes")
    .set({ imap_status: status, imap_last_error: error, imap_last_fetch_at: Date.now() })
    .where("id", "=", id)
    .execute();

/** Progress only moves forward (unless UIDVALIDITY changed): two fetches racing in two processes never undo each other. */
export const saveImapProgress = (ctx: Ctx, id: number, validity: string, uid: number) =>
  ctx.db
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
