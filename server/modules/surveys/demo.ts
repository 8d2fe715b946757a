import type { Ctx } from "../../context";
import { DateTime } from "luxon";
import { buildCustomer } from "../../db/factories";
import { backdateAnswer, backdateTicket } from "../../db/seed-history";
import type { AgentActor } from "../../http/actor";
import { addMessage, createTicket, updateTicket } from "../tickets/tickets.service";
import { countRows, dayOf, DAY_MS } from "./counts";
import { writeSettings, DEFAULT_SETTINGS } from "./settings";
import { answerSurvey } from "./surveys.service";
import { addCounts, insertSurveys, npsCandidates, ticketForSurvey } from "./surveys.queries";
import type { Lang } from "./texts";
import { HISTORY } from "./demo-history";
import { signSurveyToken } from "./token";

// The demo workspace's ratings and NPS answers, spread over the last weeks, so the report, the profiles, the
// timelines and the follow-ups have something to show. Answers go through the real use case (counters, timeline,
// follow-ups); only the sending is written directly, backdated, since the demo sends no email. The rated tickets
// are moved to the days before their survey, each answered and solved after its own business minutes (see
// db/seed-history.ts), so that the fairness report has real times: the technicians, who serve the Standard plan
// here, answer later than the front desk, and a few targets are missed.

const CSAT_COMMENTS: Record<Lang, Record<number, string>> = {
  it: {
    5: "Gentilissimi e velocissimi, grazie!",
    4: "Tutto risolto, un po' di attesa al telefono.",
    2: "Ho dovuto scrivere tre volte prima di avere una risposta.",
    1: "Il tecnico non si è presentato all'appuntamento.",
  },
  en: {
    5: "So kind and so quick, thank you!",
    4: "All sorted, after a bit of a wait on the phone.",
    2: "I had to write three times before anyone answered.",
    1: "The technician never turned up.",
  },
};

/** The people of the demo's NPS wave and their answers (null: not answered), the organizations taking turns. */
const NPS_PEOPLE: [string, number | null][] = [
  ["Giorgio Colombo", 10],
  ["Paola Ferrari", 9],
  ["Olivia Brown", 8],
  ["Massimo Ricci", 6],
  ["Silvia Marino", 10],
  ["George Wilson", 7],
  ["Roberta Greco", 3],
  ["Alberto Sala", 9],
  ["Emily Taylor", 9],
  ["Nicola Barbieri", null],
  ["Giada Fontana", 10],
  ["Daniel Moore", 8],
];
const NPS_COMMENTS: Record<Lang, { low: string; high: string }> = {
  it: { low: "Prezzi delle capsule aumentati troppo.", high: "Assistenza sempre presente." },
  en: { low: "Capsule prices have gone up too much.", high: "Support is always there when we need it." },
};
const HOUR_MS = 3_600_000;

/** The organizations' own domains, in the order of `people.orgs` (Bar Centrale, Hotel Laguna, Brew & Co.). */
const DOMAINS = ["barcentrale.it", "hotellaguna.it", "brewandco.co.uk"];

export async function seedSurveyDemo(
  ctx: Ctx,
  workspaceId: number,
  people: { agents: AgentActor[]; teams: number[]; orgs: number[] },
): Promise<void> {
  await writeSettings(ctx.db, workspaceId, { ...DEFAULT_SETTINGS, nps: { enabled: true, interval_days: 90 } });
  const [anna, marco] = people.agents;
  const [front, tech] = people.teams;
  for (const [i, h] of HISTORY.entries()) {
    const email = `${h.name.toLowerCase().replace(" ", ".")}@${DOMAINS[i % 3]}`;
    const customer = await buildCustomer(ctx.db, workspaceId, {
      email,
      name: h.name,
      language: h.lang,
      organization_id: people.orgs[i % people.orgs.length],
    });
    // The customer writes from the portal; the agent of the organization's team answers and solves.
    const agent = i % 3 === 2 ? marco : anna;
    const t = await createTicket(
      ctx,
      { kind: "customer", workspaceId, customerId: customer.id },
      {
        subject: h.subject,
        body_text: h.body,
        requester: { email },
        priority: "normal",
        channel: "portal",
        tags: [],
        assignee_id: agent.agentId,
        team_id: i % 3 === 2 ? tech : front,
      },
    );
    await addMessage(ctx, agent, t.number, { body_text: h.reply, internal: false, attachment_ids: [] });
    await updateTicket(ctx, agent, t.number, { status: "solved" });
    const info = (await ticketForSurvey(ctx.db, t.id))!;
    const wrote = DateTime.fromMillis(Date.now() - (8 + i * 1.4) * DAY_MS, { zone: "Europe/Rome" });
    const sentAt = await backdateTicket(ctx, t.id, {
      opened: wrote.set({ hour: 9 + (i % 8), minute: (i * 23) % 60 }).toMillis(),
      answerAfter: h.answerAfter,
      solveAfter: h.solveAfter,
    });
    const row = {
      workspace_id: workspaceId,
      kind: "csat" as const,
      customer_id: info.customer_id,
      ticket_id: t.id,
      solve_id: null,
      scale: 5,
      language: h.lang,
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
    if (h.score === null) continue;
    await answerSurvey(ctx, signSurveyToken(ctx.secrets, Number(s.id), row.expires_at), {
      score: h.score,
      comment: i % 2 === 0 ? CSAT_COMMENTS[h.lang][h.score] : undefined,
      resolved: h.score >= 3,
    });
    // Answered an hour to a day after the email.
    await backdateAnswer(ctx, Number(s.id), sentAt + (1 + ((i * 7) % 24)) * HOUR_MS);
  }
  // NPS: one wave a month ago to every organization's people, in the organization's language.
  for (const [i, [name, score]] of NPS_PEOPLE.entries()) {
    const lang: Lang = i % 3 === 2 ? "en" : "it";
    const email = `${name.toLowerCase().replace(" ", ".")}@${DOMAINS[i % 3]}`;
    const c = await buildCustomer(ctx.db, workspaceId, {
      email,
      name,
      language: lang,
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
      language: lang,
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
    if (score === null) continue;
    await answerSurvey(ctx, signSurveyToken(ctx.secrets, Number(s.id), row.expires_at), {
      score,
      comment: score <= 6 ? NPS_COMMENTS[lang].low : score >= 9 ? NPS_COMMENTS[lang].high : undefined,
    });
    await backdateAnswer(ctx, Number(s.id), sentAt + (2 + ((i * 5) % 40)) * HOUR_MS);
  }
}
