import type { Ctx } from "../../context";
import { json } from "../../lib/cursor";
import {
  activeAgents,
  claimDigest,
  listKudosRows,
  recipientsOf,
  workspaceSender,
  workspacesWithKudos,
} from "./kudos.queries";
import { queueMail } from "./outbox-mail";

// The weekly digest of praise: every Monday, last week's kudos (Monday to Sunday, UTC) to every active agent and
// leader of the workspace, in the agent's language, through the mail outbox. Sent once per workspace and week
// (kudos_digests), whichever worker gets there first.

const WEEK = 7 * 86_400_000;

/** Monday 00:00 UTC of the week `at` falls in. */
export function weekStart(at: number): number {
  const d = new Date(at);
  const day = (d.getUTCDay() + 6) % 7;
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day);
}

const TEXTS = {
  it: {
    subject: (n: number) => `Gli elogi della settimana: ${n}`,
    intro: (n: number) => `Questa settimana i clienti ci hanno ringraziato ${n} ${n === 1 ? "volta" : "volte"}:`,
    for: "per",
    wall: "Tutti gli elogi:",
  },
  en: {
    subject: (n: number) => `This week's praise: ${n}`,
    intro: (n: number) => `This week customers thanked us ${n} ${n === 1 ? "time" : "times"}:`,
    for: "for",
    wall: "All the praise:",
  },
} as const;

/** Sends last week's digest of every workspace that had praise; answers how many emails were queued. */
export async function sendKudosDigests(ctx: Ctx, now = Date.now()): Promise<number> {
  const to = weekStart(now);
  const from = to - WEEK;
  let queued = 0;
  for (const workspaceId of await workspacesWithKudos(ctx, from, to)) {
    if (!(await claimDigest(ctx, workspaceId, from, now))) continue;
    const ws = (await workspaceSender(ctx, workspaceId))!;
    const rows = (await listKudosRows(ctx, workspaceId, { since: from, limit: 200 })).filter((r) => r.created_at < to);
    const recipients = await recipientsOf(
      ctx,
      rows.map((r) => r.id),
    );
    for (const agent of await activeAgents(ctx, workspaceId)) {
      const languages = json<string[]>(agent.languages, []);
      const lang = languages[0] === "en" || languages[0] === "it" ? languages[0] : ws.default_language;
      const t = TEXTS[lang];
      const lines = rows.map((r) => {
        const names = recipients
          .filter((x) => x.kudos_id === r.id && x.role === "agent")
          .map((x) => x.name)
          .join(", ");
        return `• «${r.body.replace(/\s+/g, " ").slice(0, 300)}» — ${r.customer_name ?? r.customer_email}${names ? ` (${t.for} ${names})` : ""}`;
      });
      await queueMail(ctx, {
        workspaceId,
        ticketId: null,
        kind: "kudos_digest",
        to: agent.email,
        subject: t.subject(rows.length),
        text: [t.intro(rows.length), "", ...lines, "", `${t.wall} ${ctx.config.publicUrl}/praise`].join("\n"),
      });
      queued++;
    }
  }
  return queued;
}

/** Worker role: looks every hour whether a week ended and its digest is still to send. */
export function watchKudosDigest(ctx: Ctx): () => void {
  let busy = false;
  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      const n = await sendKudosDigests(ctx);
      if (n) ctx.log.info({ emails: n }, "weekly praise digest queued");
    } catch (err) {
      ctx.log.warn({ err }, "the weekly praise digest failed; will try again");
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void tick(), 3_600_000);
  timer.unref();
  return () => clearInterval(timer);
}
