import fs from "node:fs";
import type { Selectable } from "kysely";
import { filePath } from "../attachments/attachments.store";
import { z } from "zod";
import type { MailboxTable } from "../../db/schema";
import { ZIdParam } from "../../../shared/schemas";
import type { Ctx } from "../../context";
import { badRequest, conflict, notFound } from "../../http/errors";
import { route } from "../../http/route";
import { iso } from "../../lib/cursor";
import { forgetMailboxes } from "./inbound";

export const ZMailboxInput = z.object({
  address: z.string().trim().toLowerCase().email().refine((a) => !a.split("@")[0].includes("+"), "the plus-address is reserved for reply tokens"),
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
const present = (m: Selectable<MailboxTable>) => ({
  id: m.id,
  address: m.address,
  display_name: m.display_name,
  team_id: m.team_id,
  imap: m.imap_host
    ? { host: m.imap_host, port: m.imap_port, secure: m.imap_secure === 1, user: m.imap_user, folder: m.imap_folder, after: m.imap_after, move_to: m.imap_move_to, status: m.imap_status, last_error: m.imap_last_error, last_fetch_at: iso(m.imap_last_fetch_at), last_uid: m.imap_last_uid }
    : null,
  created_at: iso(m.created_at),
});

/** Encrypts IMAP passwords stored in clear by an earlier version. */
export async function sealMailboxPasswords(ctx: Ctx) {
  const rows = await ctx.db.selectFrom("mailboxes").select(["id", "imap_password"]).where("imap_password", "is not", null).execute();
  for (const r of rows) {
    if (ctx.secrets.isSealed(r.imap_password!)) continue;
    await ctx.db.updateTable("mailboxes").set({ imap_password: ctx.secrets.seal(r.imap_password!) }).where("id", "=", r.id).where("imap_password", "=", r.imap_password).execute();
  }
}

export async function addMailbox(ctx: Ctx, workspaceId: number, input: z.infer<typeof ZMailboxInput>) {
  if (input.team_id) {
    const t = await ctx.db.selectFrom("teams").select("id").where("workspace_id", "=", workspaceId).where("id", "=", input.team_id).executeTakeFirst();
    if (!t) throw badRequest("invalid_team", `team ${input.team_id} does not exist`);
  }
  const row = await ctx.db
    .insertInto("mailboxes")
    .values({
      workspace_id: workspaceId, address: input.address, display_name: input.display_name ?? null, team_id: input.team_id ?? null, created_at: Date.now(),
      ...(input.imap
        ? { imap_host: input.imap.host, imap_port: input.imap.port ?? (input.imap.secure ? 993 : 143), imap_secure: input.imap.secure ? 1 : 0, imap_user: input.imap.user, imap_password: ctx.secrets.seal(input.imap.password), imap_folder: input.imap.folder, imap_after: input.imap.after, imap_move_to: input.imap.move_to ?? null }
        : {}),
    })
    .onConflict((oc) => oc.column("address").doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!row) throw conflict("address_taken", `${input.address} is already a mailbox`);
  return present(row);
}

export const mailboxRoutes = [
  route({
    method: "GET", url: "/api/v1/mailboxes", access: "agent", policy: "mailbox.read", tag: "email", summary: "Mailboxes that receive email",
    handler: async ({ ctx, actor }) => ({ data: (await ctx.db.selectFrom("mailboxes").selectAll().where("workspace_id", "=", actor.workspaceId).orderBy("id").execute()).map(present) }),
  }),
  route({
    method: "POST", url: "/api/v1/mailboxes", access: "agent", policy: "mailbox.manage", tag: "email", status: 201,
    summary: "Add a mailbox (address, display name, team)", body: ZMailboxInput,
    handler: async ({ ctx, actor, body }) => addMailbox(ctx, actor.workspaceId, body),
  }),
  route({
    method: "DELETE", url: "/api/v1/mailboxes/:id", access: "agent", policy: "mailbox.manage", tag: "email", summary: "Remove a mailbox", params: ZIdParam,
    handler: async ({ ctx, actor, params }) => {
      const r = await ctx.db.deleteFrom("mailboxes").where("workspace_id", "=", actor.workspaceId).where("id", "=", params.id).executeTakeFirst();
      if (Number(r.numDeletedRows) === 0) throw notFound("mailbox");
      forgetMailboxes(ctx);
      return { ok: true };
    },
  }),
  route({
    method: "GET", url: "/api/v1/messages/:id/raw", access: "agent", policy: "ticket.read", tag: "email",
    summary: "The original .eml of an email message, as received", params: ZIdParam,
    handler: async ({ ctx, actor, params, reply }) => {
      // Only what we received is kept as it came; what we send is rebuilt from its outbox row, not stored raw.
      const e = await ctx.db.selectFrom("email_messages").select(["raw_sha256"]).where("workspace_id", "=", actor.workspaceId).where("message_id", "=", params.id).where("direction", "=", "in").executeTakeFirst();
      const file = e && filePath(ctx.config.dataDir, e.raw_sha256);
      if (!file || !fs.existsSync(file)) throw notFound("email original");
      reply.header("content-type", "message/rfc822").header("content-disposition", `attachment; filename="message-${params.id}.eml"`);
      return reply.send(fs.createReadStream(file));
    },
  }),
];
