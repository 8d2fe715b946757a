import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Ctx } from "../context";
import { seedMacros } from "../modules/macros/demo-macros";
import { seedPlaybooks } from "../modules/playbooks/demo-playbooks";
import { seedHelpCentre } from "../modules/kb/kb.demo";
import { buildAgent, buildCustomer, buildOrganization, buildTeam, buildWorkspace } from "./factories";
import { arrive } from "./seed-arrivals";
import { seedListening } from "./seed-listening";
import { seedSurveyDemo } from "../modules/surveys/demo";

export const DEMO_ADMIN_EMAIL = "admin@demo.sportello.it";

/** True when no workspace exists yet: the only moment a demo may be created. */
export async function isEmpty(ctx: Ctx): Promise<boolean> {
  return !(await ctx.db.selectFrom("workspaces").select("id").limit(1).executeTakeFirst());
}

/**
 * A believable Italian company: agents, teams, organizations on different plans, customers writing in
 * Italian and English, tickets in every status. Built from the test factories.
 */
export async function seedDemo(ctx: Ctx): Promise<{ email: string; password: string }> {
  const db = ctx.db;
  const ws = await buildWorkspace(db, { name: "Caffè Aurora S.r.l.", support_address: "assistenza@caffeaurora.it" });
  const password = crypto.randomBytes(9).toString("base64url");
  const admin = await buildAgent(db, ws.id, {
    name: "Giulia Ferri",
    email: DEMO_ADMIN_EMAIL,
    role: "admin",
    password,
    languages: ["it", "en"],
  });
  const anna = await buildAgent(db, ws.id, {
    name: "Anna Conti",
    email: "anna@demo.sportello.it",
    role: "agent",
    password,
    languages: ["it"],
  });
  const marco = await buildAgent(db, ws.id, {
    name: "Marco Bianchi",
    email: "marco@demo.sportello.it",
    role: "supervisor",
    tier: "specialist",
    password,
    languages: ["it", "en"],
  });
  const front = await buildTeam(db, ws.id, "Assistenza clienti", [anna.id, admin.id]);
  const tech = await buildTeam(db, ws.id, "Tecnico macchine", [marco.id]);

  await db
    .insertInto("mailboxes")
    .values({
      workspace_id: ws.id,
      address: "assistenza@caffeaurora.it",
      display_name: "Assistenza Caffè Aurora",
      team_id: front.id,
      created_at: Date.now(),
    })
    .execute();

  const bar = await buildOrganization(db, ws.id, {
    name: "Bar Centrale Milano",
    plan_name: "Premium",
    plan_tier: 3,
    annual_revenue: 48_000,
    account_owner_id: marco.id,
  });
  const hotel = await buildOrganization(db, ws.id, {
    name: "Hotel Laguna Venezia",
    plan_name: "Business",
    plan_tier: 2,
    annual_revenue: 22_000,
    account_owner_id: admin.id,
  });
  const shop = await buildOrganization(db, ws.id, {
    name: "Brew & Co. London",
    plan_name: "Standard",
    plan_tier: 1,
    annual_revenue: 6_500,
  });
  const luca = await buildCustomer(db, ws.id, {
    email: "luca.romano@barcentrale.it",
    name: "Luca Romano",
    language: "it",
    organization_id: bar.id,
  });
  const sara = await buildCustomer(db, ws.id, {
    email: "sara.gallo@hotellaguna.it",
    name: "Sara Gallo",
    language: "it",
    organization_id: hotel.id,
  });
  const emma = await buildCustomer(db, ws.id, {
    email: "emma.clark@brewandco.co.uk",
    name: "Emma Clark",
    language: "en",
    organization_id: shop.id,
  });
  const paolo = await buildCustomer(db, ws.id, {
    email: "paolo.esposito@gmail.com",
    name: "Paolo Esposito",
    language: "it",
  });

  // The current requests, as customers sent them (seed-arrivals.ts): triaged by the admin, answered by their agent.
  const support = "assistenza@caffeaurora.it";
  const me = admin.actor;
  await arrive(ctx, support, {
    via: "email",
    from: luca,
    subject: "La macchina espresso perde acqua",
    body: "Buongiorno, da stamattina la macchina a due gruppi perde acqua dal gruppo di sinistra. Abbiamo il locale pieno, potete mandare un tecnico?",
    triage: me,
    team_id: tech.id,
    tags: ["macchine", "guasto"],
    priority: { to: "high", reason: "Macchina in perdita con il locale pieno", source: "agent_judgement" },
  });
  await arrive(ctx, support, {
    via: "email",
    from: sara,
    subject: "Fattura di ottobre non ricevuta",
    body: "Salve, non abbiamo ancora ricevuto la fattura di ottobre. Potreste inviarla di nuovo?",
    triage: me,
    tags: ["fatturazione"],
    handler: anna.actor,
    reply: "Gentile Sara, le abbiamo appena reinviato la fattura all'indirizzo amministrazione@hotellaguna.it.",
    status: "pending",
  });
  await arrive(ctx, support, {
    via: "email",
    from: emma,
    subject: "Order #4412 arrived damaged",
    body: "Hello, two bags of the Aurora Blend arrived torn. Could you send replacements?",
    triage: me,
    tags: ["shipping"],
    handler: me,
    reply: "Hi Emma, sorry about that! Replacements are on their way.",
    status: "solved",
  });
  await arrive(ctx, support, {
    via: "web",
    from: paolo,
    subject: "Perché il mio ordine non è ancora arrivato?",
    body: "Ho ordinato le capsule una settimana fa e non è arrivato nulla. Perché?",
    triage: me,
    team_id: front.id,
    tags: ["spedizioni"],
  });
  await arrive(ctx, support, {
    via: "portal",
    from: luca,
    subject: "Richiesta preventivo macinacaffè",
    body: "Vorremmo un preventivo per un secondo macinacaffè on demand.",
    triage: me,
    tags: ["vendite"],
    handler: marco.actor,
    note: "In attesa del listino aggiornato dal fornitore.",
    status: "on_hold",
  });
  await arrive(ctx, support, {
    via: "email",
    from: emma,
    subject: "Descaling instructions",
    body: "Where can I find the descaling instructions for the Aurora Mini?",
    triage: me,
    handler: anna.actor,
    reply: "Here is the guide: https://caffeaurora.it/guide/decalcificazione",
    status: "closed",
  });
  await arrive(ctx, support, {
    via: "email",
    from: sara,
    subject: "Cambio indirizzo di consegna",
    body: "Dal mese prossimo le consegne vanno al magazzino di Mestre, via Torino 12.",
    triage: me,
    handler: anna.actor,
    reply: "Grazie Sara, abbiamo aggiornato l'indirizzo.",
    status: "open",
  });

  // Canned replies and playbooks for hard moments, in Italian and English.
  const macroIds = await seedMacros(db, ws.id, admin.id, { front: front.id, tech: tech.id });
  await seedPlaybooks(db, ws.id, macroIds);
  // The help centre (issue 22): three categories, articles in Italian and English.
  await seedHelpCentre(ctx, ws.id, [anna, marco, admin]);
  // Issue 19: every button leads somewhere. The machine technicians are the specialists "Escalate" hands a
  // ticket to, and an escalation names one of these reasons.
  await db.updateTable("teams").set({ tier: "specialist" }).where("id", "=", tech.id).execute();
  await db
    .insertInto("escalation_reasons")
    .values(
      [
        ["guasto_tecnico", "Guasto tecnico: serve un tecnico delle macchine"],
        ["fatturazione", "Fatturazione complessa o rimborso"],
        ["reclamo", "Reclamo da seguire con un responsabile"],
      ].map(([code, label]) => ({ workspace_id: ws.id, code, label, active: 1, created_at: Date.now() })),
    )
    .execute();
  await seedListening(ctx, { support, front: front.id, admin, anna, marco, luca, sara, emma, paolo });
  // Satisfaction ratings and NPS answers over the last weeks (modules/surveys/demo.ts). The rated tickets are
  // history from before the installation: their creation, replies and solves email nobody and schedule nothing
  // (the demo's first start stays quiet); their answers' own events still run (a good rating becomes kudos).
  const { last } = await db
    .selectFrom("outbox")
    .select((eb) => eb.fn.max("id").as("last"))
    .executeTakeFirstOrThrow();
  await seedSurveyDemo(ctx, ws.id, {
    agents: [anna.actor, marco.actor],
    teams: [front.id, tech.id],
    orgs: [bar.id, hotel.id, shop.id],
  });
  await db
    .updateTable("outbox")
    .set({ dispatched_at: Date.now() })
    .where("id", ">", Number(last ?? 0))
    .where("event", "in", ["ticket.created", "ticket.updated", "message.created"])
    .where("dispatched_at", "is", null)
    .execute();

  fs.mkdirSync(ctx.config.dataDir, { recursive: true });
  fs.writeFileSync(path.join(ctx.config.dataDir, "demo-login.txt"), `${DEMO_ADMIN_EMAIL}\n${password}\n`, {
    mode: 0o600,
  });
  return { email: DEMO_ADMIN_EMAIL, password };
}
