import type { Selectable } from "kysely";
import { z } from "zod";
import type { Mailbox } from "../../../shared/api/email";
import type { Ctx } from "../../context";
import type { MailboxTable } from "../../db/schema";
import { badRequest, conflict, notFound } from "../../http/errors";
import { iso } from "../../lib/cursor";
import { openStoredFile } from "../attachments/attachments.store";
import { forgetMailboxes } from "./inbound";
import {
  deleteMailbox,
  insertMailbox,
  listMailboxes,
  receivedOriginal,
  replacePassword,
  storedPasswords,
  teamExists,
} from "./mailboxes.queries";

export const ZMailboxInput = z.object({
  address: z
    .string()
    .trim()
    .toLowerCase()
    .email()
    .refine((a) => !a.split("@")[0].includes("+"), "the plus-address is reserved for reply tokens"),
  display_name: z.string().trim().max(200).nullable().optional(),
  team_id: z.number().int().positive().nullable().optional(),
  imap: z
    .object({
      host: z.string().trim().min(1).max(255),
      port: z.number().int().min(1).max(65535).optional(),
      secure: z.boolean().default(true),
      user: z.string().min(1).max(255),
      password: z.string().min(1).max(1000),
      folder: z.string().min(1).max(255).default("INBOX"),
      after: z.enum(["flag", "move", "none"]).default("flag"),
      move_to: z.string().min(1).max(255).optional(),
    })
    .refine((v) => v.after !== "move" || !!v.move_to, "move_to is needed when after is move")
    .optional(),
});

// The IMAP password is write-only: it never leaves the server.
export const presentMailbox = (m: Selectable<MailboxTable>): Mailbox => ({
  id: m.id,
  address: m.address,
  display_name: m.display_name,
  team_id: m.team_id,
  imap: m.imap_host
    ? {
        host: m.imap_host,
        port: m.imap_port,
        secure: m.imap_secure === 1,
        user: m.imap_user,
        folder: m.imap_folder,
        after: m.imap_after,
        move_to: m.imap_move_to,
        status: m.imap_status,
        last_error: m.imap_last_error,
        last_fetch_at: iso(m.imap_last_fetch_at),
        last_uid: m.imap_last_uid,
      }
    : null,
  created_at: iso(m.created_at),
});

export async function mailboxesOf(ctx: Ctx, workspaceId: number) {
  return (await listMailboxes(ctx, workspaceId)).map(presentMailbox);
}

export async function addMailbox(ctx: Ctx, workspaceId: number, input: z.infer<typeof ZMailboxInput>) {
  if (input.team_id && !(await teamExists(ctx, workspaceId, input.team_id)))
    throw badRequest("invalid_team", `team ${input.team_id} does not exist`);
  const { imap } = input;
  const row = await insertMailbox(ctx, {
    workspace_id: workspaceId,
    address: input.address,
    display_name: input.display_name ?? null,
    team_id: input.team_id ?? null,
    created_at: Date.now(),
    ...(imap
      ? {
          imap_host: imap.host,
          imap_port: imap.port ?? (imap.secure ? 993 : 143),
          imap_secure: imap.secure ? 1 : 0,
          imap_user: imap.user,
          imap_password: ctx.secrets.seal(imap.password),
          imap_folder: imap.folder,
          imap_after: imap.after,
          imap_move_to: imap.move_to ?? null,
        }
      : {}),
  });
  if (!row)
    throw conflict("address_taken", `${input.address} is already a mailbox of this workspace`, {
      field: "address",
    });
  // A new IMAP mailbox is read at once, not at the next poll (up to 30 s later); the imap role hears of it too
  // (forgetMailboxes) and starts watching it with IDLE.
  if (imap)
    await ctx.jobs.enqueue("imap.fetch", { mailbox_id: row.id }, { jobId: `imap-${row.id}-added`, attempts: 1 });
  forgetMailboxes(ctx);
  return presentMailbox(row);
}

export async function removeMailbox(ctx: Ctx, workspaceId: number, id: number) {
  if (!(await deleteMailbox(ctx, workspaceId, id))) throw notFound("mailbox");
  forgetMailboxes(ctx);
}

/** Encrypts IMAP passwords stored in clear by an earlier version. */
export async function sealMailboxPasswords(ctx: Ctx) {
  for (const r of await storedPasswords(ctx)) {
    if (!ctx.secrets.isSealed(r.imap_password!))
      await replacePassword(ctx, r.id, r.imap_password!, ctx.secrets.seal(r.imap_password!));
  }
}

/** The original .eml of a message we received, as it arrived. */
export async function receivedOriginalFile(ctx: Ctx, workspaceId: number, messageId: number) {
  const e = await receivedOriginal(ctx, workspaceId, messageId);
  const file = e && (await openStoredFile(ctx, e.raw_sha256));
  if (!file) throw notFound("email original");
  return file;
}
