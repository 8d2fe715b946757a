import crypto from "node:crypto";
import type { Ctx } from "../../context";
import {
  agentForMail,
  digestItems,
  firstMailbox,
  insertAgentMail,
  markManyEmailed,
  pendingDigests,
} from "./notifications.queries";

// The daily digest: an agent who chose "digest" for a kind gets one email listing those notifications, once the
// oldest of them not yet emailed is a day old (so at most one a day, and none on a quiet day).

const DAY_MS = 24 * 3_600_000;

function line(n: { kind: string; payload: string; ticket_number: number | null }) {
  const p = JSON.parse(n.payload) as { subject?: string };
  return `- ${n.kind.replace(/_/g, " ")}${n.ticket_number ? ` #${n.ticket_number}` : ""}: ${p.subject ?? ""}`;
}

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
      const id = await insertAgentMail(ctx, {
        workspace_id: due.workspace_id,
        ticket_id: null,
        to_address: agent.email,
        from_address: mailbox.address,
        subject: `[Sportello] Digest (${items.length})`,
        body_text: `${items.map(line).join("\n")}\n\n${ctx.config.publicUrl}/\n`,
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
