import crypto from "node:crypto";
import { notificationText } from "../../../shared/notification-texts";
import type { Ctx } from "../../context";
import {
  agentForMail,
  digestItems,
  firstMailbox,
  insertAgentMail,
  markManyEmailed,
  pendingDigests,
} from "./notifications.queries";
import { MAIL_FOOTER, mailLanguage } from "./notifications.service";

// The daily digest: an agent who chose "digest" for a kind gets one email listing those notifications, once the
// oldest of them not yet emailed is a day old (so at most one a day, and none on a quiet day).

const DAY_MS = 24 * 3_600_000;

const line = (lang: "it" | "en", n: { kind: string; payload: string; ticket_number: number | null }) =>
  `- ${notificationText(lang, n.kind, JSON.parse(n.payload) as Record<string, unknown>, n.ticket_number)}`;
const SUBJECT = {
  it: (n: number) => `[Sportello] Riepilogo: ${n} ${n === 1 ? "notifica" : "notifiche"}`,
  en: (n: number) => `[Sportello] Digest: ${n} ${n === 1 ? "notification" : "notifications"}`,
};

export async function sendDigests(ctx: Ctx, now = Date.now()): Promise<number> {
  let sent = 0;
  for (const due of await pendingDigests(ctx)) {
    if (Number(due.oldest) > now - DAY_MS) continue;
    const [agent, mailbox, items] = await Promise.all([
      agentForMail(ctx, due.agent_id),
      firstMailbox(ctx, due.workspace_id),
      digestItems(ctx, due.agent_id),
    ]);
    if (agent?.active && mailbox && items.length) {
      const status = ctx.config.smtpRelayUrl ? "queued" : "captured";
      const lang = mailLanguage(agent);
      const id = await insertAgentMail(ctx, {
        workspace_id: due.workspace_id,
        ticket_id: null,
        to_address: agent.email,
        from_address: mailbox.address,
        subject: SUBJECT[lang](items.length),
        body_text: `${items.map((i) => line(lang, i)).join("\n")}\n\n${ctx.config.publicUrl}/\n\n-- \n${MAIL_FOOTER[lang]} ${ctx.config.publicUrl}/notifications/settings\n`,
        status,
        header_message_id: `<sp.digest.${crypto.randomBytes(6).toString("hex")}@sportello>`,
      });
      if (status === "queued")
        await ctx.jobs.enqueue("mail.send", { mail_id: id }, { jobId: `mail-${id}`, attempts: 8 });
      sent++;
    }
    await markManyEmailed(
      ctx,
      items.map((i) => Number(i.id)),
    );
  }
  return sent;
}

/** Worker loop: looks for due digests every 10 minutes. */
export function watchDigests(ctx: Ctx, everyMs = 10 * 60_000): () => void {
  const timer = setInterval(() => {
    sendDigests(ctx).catch((err: unknown) => ctx.log.warn({ err }, "notification digests failed; will try again"));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
