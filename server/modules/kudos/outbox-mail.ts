import crypto from "node:crypto";
import type { Ctx } from "../../context";
import { newOutboxMail } from "../../db/mail-outbox";
import type { MailOutboxTable } from "../../db/schema";
import { MAIL_MAX_ATTEMPTS, newMailStatus } from "../email/outbound";
import { insertOutboxMail } from "../email/outbound.queries";
import { firstMailbox } from "../email/templates.queries";
import { workspaceSender } from "./kudos.queries";

// Listening's emails (consent requests, weekly praise digests, "your problem is fixed") go through the durable
// mail outbox like every other: written first, sent by the mail.send job at the relay's pace, captured without one.

export async function queueMail(
  ctx: Ctx,
  m: {
    workspaceId: number;
    ticketId: number | null;
    kind: MailOutboxTable["kind"];
    to: string;
    subject: string;
    text: string;
  },
): Promise<number> {
  const mailbox = await firstMailbox(ctx, m.workspaceId);
  const ws = await workspaceSender(ctx, m.workspaceId);
  const address = mailbox?.address ?? ws?.support_address ?? `no-reply@${new URL(ctx.config.publicUrl).hostname}`;
  const team = (mailbox?.display_name ?? ws?.name ?? "Sportello").replace(/"/g, "");
  const status = newMailStatus(ctx);
  const row = await insertOutboxMail(
    ctx,
    newOutboxMail({
      workspace_id: m.workspaceId,
      ticket_id: m.ticketId,
      kind: m.kind,
      to_address: m.to,
      from_address: `"${team}" <${address}>`,
      reply_to: address,
      subject: m.subject,
      header_message_id: `<sp.${m.kind}.${crypto.randomBytes(8).toString("hex")}@${address.split("@")[1] ?? "localhost"}>`,
      body_text: m.text,
      status,
    }),
  );
  if (status === "queued")
    await ctx.jobs.enqueue(
      "mail.send",
      { mail_id: row.id, request_id: null },
      { jobId: `mail-${row.id}`, attempts: MAIL_MAX_ATTEMPTS },
    );
  return row.id;
}
