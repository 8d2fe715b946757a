import type { Ctx } from "../../context";
import { DateTime } from "luxon";
import { buildCustomer, buildTicket } from "../../db/factories";
import { backdateTicket } from "../../db/seed-history";
import type { AgentActor } from "../../http/actor";
import { countRows, dayOf, DAY_MS } from "./counts";
import { writeSettings, DEFAULT_SETTINGS } from "./settings";
import { answerSurvey } from "./surveys.service";
import { addCounts, insertSurveys, npsCandidates, ticketForSurvey } from "./surveys.queries";
import type { Lang } from "./texts";
import { signSurveyToken } from "./token";

// The demo workspace's ratings and NPS answers, spread over the last weeks, so the report, the profiles, the
// timelines and the follow-ups have something to show. Answers go through the real use case (counters, timeline,
// follow-ups); only the sending is written directly, backdated, since the demo sends no email. The rated tickets
// are moved to the days before their survey, each answered and solved after its own business minutes (see
// db/seed-history.ts), so that the fairness report has real times: the technicians, who serve the Standard plan
// here, answer later than the front desk, and a few targets are missed.

type Planned = {
  customer: string;
  agent: number | null;
  team: number | null;
  score: number | null;
  comment?: string;
  /** Days ago the customer wrote, and the business minutes to the first answer and to the solve. */
  ago: number;
  answerAfter: number;
  solveAfter: number;
};

/** Business minutes to the first answer and to the solve of the demo's rated tickets, in their order. */
export const ANSWER_AFTER = [25, 50, 140, 35, 70, 310, 20, 45, 95, 30, 60, 260, 40, 15, 80, 55];
export const SOLVE_AFTER = [180, 960, 1600, 300, 1200, 2100, 120, 480, 1380, 240, 900, 1700, 360, 90, 1500, 600];

const CSAT_COMMENTS: Record<number, string> = {
  5: "Gentilissimi e velocissimi, grazie!",
  4: "Tutto risolto, un po' di attesa al telefono.",
  2: "Ho dovuto scrivere tre volte prima di avere una risposta.",
  1: "Il tecnico non si è presentato all'appuntamento.",
};

export async function seedSurveyDemo(
  ctx: Ctx,
  workspaceId: number,
  me: AgentActor,
  people: { agents: number[]; teams: number[]; orgs: number[] },
): Promise<void> {
  await writeSettings(ctx.db, workspaceId, { ...DEFAULT_SETTINGS, nps: { enabled: true, interval_days: 90 } });
  const [anna, marco] = people.agents;
  const [front, tech] = people.teams;
  const scores = [5, 4, 5, 3, 5, 2, 4, 5, 1, 4, 5, null, 4, 5, null, 3];
  const plan: Planned[] = scores.map((score, i) => ({
    customer: `cliente${i + 1}@esempio.it`,
    agent: i % 3 === 2 ? marco : anna,
    team: i % 3 === 2 ? tech : front,
    score,
    comment: score !== null && i % 2 === 0 ? CSAT_COMMENTS[score] : undefined,
    ago: 8 + i * 1.4,
    answerAfter: ANSWER_AFTER[i],
    solveAfter: SOLVE_AFTER[i],
  }));
  for (const [i, p] of plan.entries()) {
    await buildCustomer(ctx.db, workspaceId, {
      email: p.customer,
      name: ["Chiara Rizzi", "Davide Greco", "Elena Moretti", "Fabio Costa"][i % 4],
      language: "it",
      organization_id: people.orgs[i % people.orgs.length],
    });
    const t = await buildTicket(ctx, me, {
      requester: { email: p.customer },
      subject: ["Macinacaffè rumoroso", "Consegna capsule", "Fattura da correggere", "Manutenzione programmata"][i % 4],
      body: "Buongiorno, avrei bisogno di una mano.",
      assignee_id: p.agent ?? undefined,
      team_id: p.team ?? undefined,
      reply: "Fatto, grazie per la pazienza.",
      status: "solved",
    });
    const info = (await ticketForSurvey(ctx.db, t.id))!;
    const wrote = DateTime.fromMillis(Date.now() - p.ago * DAY_MS, { zone: "Europe/Rome" });
    const sentAt = await backdateTicket(ctx, t.id, {
      opened: wrote.set({ hour: 9 + (i % 8), minute: (i * 23) % 60 }).toMillis(),
      answerAfter: p.answerAfter,
      solveAfter: p.solveAfter,
    });
    const row = {
      workspace_id: workspaceId,
      kind: "csat" as const,
      customer_id: info.customer_id,
      ticket_id: t.id,
      solve_id: null,
      scale: 5,
      language: "it" as Lang,
      sent_at: sentAt,
      sent_day: dayOf(sentAt),
      expires_at: Date.now() + 14 * DAY_MS,
      agent_id: info.assignee_id,
      team_id: info.team_id,
      organization_id: info.organization_id,
      owner_id: info.account_owner_id,
      plan: info.plan_name,
      channel: info.channel,
      score: null,
      comment: null,
      resolved: null,
      answered_at: null,
      mail_id: null,
    };
    const [s] = await insertSurveys(ctx.db, [row]);
    await addCounts(ctx.db, countRows(workspaceId, [{ ...row, delta: { sent: 1, answered: 0, good: 0, bad: 0 } }]));
    if (p.score !== null)
      await answerSurvey(ctx, signSurveyToken(ctx.secrets, Number(s.id), row.expires_at), {
        score: p.score,
        comment: p.comment,
        resolved: p.score >= 3,
      });
  }
  // NPS: one wave a month ago to every organization's people.
  const nps = [10, 9, 8, 6, 10, 7, 3, 9, null, 9, 10, 8];
  for (const [i, score] of nps.entries()) {
    const email = `fedele${i + 1}@esempio.it`;
    const c = await buildCustomer(ctx.db, workspaceId, {
      email,
      language: i % 4 === 3 ? "en" : "it",
      organization_id: people.orgs[i % people.orgs.length],
    });
    const sentAt = Date.now() - (20 + i) * DAY_MS;
    const [who] = await npsCandidates(ctx.db, workspaceId, { customerIds: [c.id] });
    const row = {
      workspace_id: workspaceId,
      kind: "nps" as const,
      customer_id: c.id,
      ticket_id: null,
      solve_id: null,
      scale: 11,
      language: (i % 4 === 3 ? "en" : "it") as Lang,
      sent_at: sentAt,
      sent_day: dayOf(sentAt),
      expires_at: Date.now() + 30 * DAY_MS,
      agent_id: null,
      team_id: null,
      organization_id: who.organization_id,
      owner_id: who.account_owner_id,
      plan: who.plan_name,
      channel: null,
      score: null,
      comment: null,
      resolved: null,
      answered_at: null,
      mail_id: null,
    };
    const [s] = await insertSurveys(ctx.db, [row]);
    await addCounts(ctx.db, countRows(workspaceId, [{ ...row, delta: { sent: 1, answered: 0, good: 0, bad: 0 } }]));
    if (score !== null)
      await answerSurvey(ctx, signSurveyToken(ctx.secrets, Number(s.id), row.expires_at), {
        score,
        comment:
          score <= 6
            ? "Prezzi delle capsule aumentati troppo."
            : score >= 9
              ? "Assistenza sempre presente."
              : undefined,
      });
  }
}
