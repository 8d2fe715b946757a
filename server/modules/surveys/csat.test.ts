import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AgentActor } from "../../http/actor";
import { buildAgent, buildCustomer, buildTeam, buildTicket } from "../../test/factories";
import { DIALECTS, type TestEnv, testEnv, tokenFor, waitFor } from "../../test/harness";
import { type Relay, startRelay } from "../../test/relay";
import { settle } from "../../test/wait";
import { signSurveyToken, verifySurveyToken } from "./token";

// Who is surveyed after a solve and who is not, the email in the customer's language with one-click answers,
// signed and expiring links, and a rating that changes until the link expires; through a real SMTP relay.
describe.each(DIALECTS)("satisfaction surveys on %s", (mode) => {
  let env: TestEnv;
  let relay: Relay;
  let lead: Awaited<ReturnType<typeof buildAgent>>;
  let teamId: number;
  const db = () => env.rt.ctx.db;
  const api = (method: "GET" | "PUT" | "POST" | "PATCH", url: string, payload?: object, token = env.adminToken) =>
    env.app.inject({ method, url, headers: env.auth(token), payload });
  const actor = (): AgentActor => env.admin.actor;
  const surveysOf = (ticketId: number) =>
    db().selectFrom("surveys").selectAll().where("ticket_id", "=", ticketId).orderBy("id").execute();
  const solve = async (email: string, extra: { team_id?: number; assignee_id?: number } = {}) => {
    const t = await buildTicket(env.rt.ctx, actor(), {
      requester: { email },
      reply: "Fatto.",
      status: "solved",
      ...extra,
    });
    await settle(env.rt.ctx, { pullForward: true });
    return t;
  };
  const mailTo = (to: string, subject: RegExp) =>
    waitFor(
      async () =>
        (await relay.all()).find(
          (m) => subject.test(m.subject ?? "") && m.to && "value" in m.to && m.to.value[0].address === to,
        ),
      { what: `an email to ${to}` },
    );

  beforeAll(async () => {
    relay = await startRelay();
    env = await testEnv(mode, { smtpRelayUrl: relay.url, publicUrl: "http://help.test" });
    expect(
      (await api("POST", "/api/v1/mailboxes", { address: "help@shop.it", display_name: "Shop Help" })).statusCode,
    ).toBe(201);
    lead = await buildAgent(db(), env.workspaceId, { role: "supervisor", name: "Lia Lead" });
    const member = await buildAgent(db(), env.workspaceId, { role: "agent", name: "Marco Agent" });
    teamId = (await buildTeam(db(), env.workspaceId, "Assistenza", [lead.id, member.id])).id;
    await buildCustomer(db(), env.workspaceId, { email: "giulia@cliente.it", name: "Giulia Verdi", language: "it" });
    await buildCustomer(db(), env.workspaceId, { email: "john@client.co.uk", name: "John Baker", language: "en" });
  });
  afterAll(async () => {
    await env?.close();
    await relay?.close();
  });

  it("has the documented defaults, and only an admin changes them", async () => {
    const got = await api("GET", "/api/v1/surveys/settings");
    expect(got.json()).toEqual({
      csat: { enabled: true, scale: 5, delay_minutes: 60, every_solve: false, quiet_days: 30, expires_days: 14 },
      nps: { enabled: false, interval_days: 90 },
    });
    const settings = {
      csat: { enabled: true, scale: 5, delay_minutes: 0, every_solve: false, quiet_days: 30, expires_days: 14 },
      nps: { enabled: true, interval_days: 90 },
    };
    const agentToken = await tokenFor(env, lead.id);
    expect((await api("PUT", "/api/v1/surveys/settings", settings, agentToken)).statusCode).toBe(403);
    expect(
      (await api("PUT", "/api/v1/surveys/settings", { ...settings, csat: { ...settings.csat, scale: 3 } })).statusCode,
    ).toBe(400);
    const put = await api("PUT", "/api/v1/surveys/settings", settings);
    expect(put.statusCode).toBe(200);
    expect((await api("GET", "/api/v1/surveys/settings")).json()).toEqual(settings);
  });

  it("emails the requester in their language with one-click answers; the link records the score at once", async () => {
    const t = await solve("giulia@cliente.it", { team_id: teamId });
    const mail = await mailTo("giulia@cliente.it", new RegExp(`^\\[#${t.number}\\] Come siamo andati\\?$`));
    expect(mail.text).toContain("Ciao Giulia Verdi,");
    expect(mail.headers.get("auto-submitted")).toBe("auto-replied");
    const links = [...(mail.text ?? "").matchAll(/http:\/\/help\.test(\/s\/[^\s?]+)\?score=(\d)/g)];
    expect(links.map((l) => Number(l[2]))).toEqual([5, 4, 3, 2, 1]);
    const path = links[0][1];
    // The token names nothing but the survey (its id, its expiry and the signature): no ticket, no address.
    expect(path).toMatch(/^\/s\/[0-9a-z]+\.[0-9a-z]+\.[\w-]{22}$/);

    const page = await env.app.inject({ method: "GET", url: `${path}?score=2` });
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-type"]).toContain("text/html");
    expect(page.body).toContain("Grazie! Abbiamo registrato la tua valutazione.");
    expect(page.body).not.toContain(t.subject);
    let [s] = await surveysOf(t.id);
    expect(s.score).toBe(2);
    expect(s.agent_id).toBe(t.assignee_id);
    // A bad rating opens one follow-up for the team's lead, and reopens nothing.
    const followUps = (await api("GET", "/api/v1/follow-ups")).json().data;
    expect(followUps).toHaveLength(1);
    expect(followUps[0]).toMatchObject({
      kind: "csat_recovery",
      assignee: { id: lead.id },
      ticket_number: t.number,
      score: 2,
    });
    expect(Date.parse(followUps[0].due_at)).toBeGreaterThan(Date.now() + 23 * 3600_000);
    expect((await api("GET", `/api/v1/tickets/${t.number}`)).json().status).toBe("solved");

    // The customer changes their mind, with a comment, through the JSON API.
    const answer = await env.app.inject({
      method: "POST",
      url: `/api/v1/public/surveys/${path.slice(3)}`,
      payload: { score: 5, comment: "Alla fine tutto risolto, grazie!" },
    });
    expect(answer.statusCode).toBe(200);
    [s] = await surveysOf(t.id);
    expect(s).toMatchObject({ score: 5, comment: "Alla fine tutto risolto, grazie!" });
    // Now happy: the follow-up closes by itself; unhappy again, it opens again.
    expect((await api("GET", "/api/v1/follow-ups")).json().data).toEqual([]);
    expect((await api("GET", "/api/v1/follow-ups?status=done")).json().data).toMatchObject([
      { id: followUps[0].id, status: "done", score: 5 },
    ]);
    const again = (score: number) =>
      env.app.inject({ method: "POST", url: `/api/v1/public/surveys/${path.slice(3)}`, payload: { score } });
    await again(1);
    expect((await api("GET", "/api/v1/follow-ups")).json().data).toMatchObject([
      { id: followUps[0].id, status: "open", score: 1 },
    ]);
    await again(5);
    expect((await api("GET", "/api/v1/follow-ups")).json().data).toEqual([]);
    // And through the page's form: the second question.
    const form = await env.app.inject({
      method: "POST",
      url: path,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: "score=5&comment=Alla+fine+tutto+risolto%2C+grazie%21&resolved=yes",
    });
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain("la tua risposta è stata registrata");
    [s] = await surveysOf(t.id);
    expect(s.resolved).toBe(1);
    // The good rating with a comment became kudos for the ticket's agents: once, though it was answered twice.
    await settle(env.rt.ctx);
    const kudos = (await api("GET", "/api/v1/kudos")).json() as {
      data: { ticket_number: number; source: string; rating: number; text: string }[];
    };
    expect(kudos.data.filter((k) => k.ticket_number === t.number)).toEqual([
      expect.objectContaining({ source: "rating", rating: 5, text: "Alla fine tutto risolto, grazie!" }),
    ]);
    // The counters follow the change: one answer, good, not bad.
    const counts = await db()
      .selectFrom("survey_counts")
      .selectAll()
      .where("dim", "=", "all")
      .where("kind", "=", "csat")
      .execute();
    expect(counts.map((c) => [c.sent, c.answered, c.good, c.bad])).toEqual([[1, 1, 1, 0]]);
    // On the ticket's timeline and the customer's page.
    const timeline = (await api("GET", `/api/v1/tickets/${t.number}/events`)).json();
    const events = (Array.isArray(timeline) ? timeline : timeline.data).filter(
      (e: { type: string }) => e.type === "survey_answered",
    );
    expect(events.map((e: { data: { score: number } }) => e.data.score)).toEqual([2, 5, 1, 5, 5]);
    const profile = (await api("GET", `/api/v1/surveys?customer_id=${s.customer_id}`)).json().data;
    expect(profile).toEqual([
      expect.objectContaining({ score: 5, rating: "good", ticket_number: t.number, resolved: true }),
    ]);
    // A score the scale does not offer.
    const wrong = await env.app.inject({
      method: "POST",
      url: `/api/v1/public/surveys/${path.slice(3)}`,
      payload: { score: 9 },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.code).toBe("invalid_score");
  });

  it("refuses forged, tampered and expired links, with a clear page in both languages", async () => {
    const [s] = await db().selectFrom("surveys").selectAll().orderBy("id").limit(1).execute();
    const good = signSurveyToken(env.rt.ctx.secrets, s.id, s.expires_at);
    const forged = good.slice(0, -2) + (good.endsWith("A") ? "BB" : "AA");
    const other = signSurveyToken(env.rt.ctx.secrets, s.id, s.expires_at).replace(/^[^.]+/, (s.id + 1).toString(36));
    for (const bad of [forged, other, "nonsense"]) {
      const json = await env.app.inject({
        method: "POST",
        url: `/api/v1/public/surveys/${bad}`,
        payload: { score: 1 },
      });
      expect(json.statusCode).toBe(404);
      expect(json.json().error.code).toBe("survey_not_found");
    }
    // A base64url MAC's last character has spare bits: every other spelling of it is refused, even one that decodes to
    // the same bytes (the forgery above was accepted when the good link ended in "BA").
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const respelled = [...alphabet].filter((c) => c !== good.at(-1)).map((c) => good.slice(0, -1) + c);
    expect(respelled.map((t) => verifySurveyToken(env.rt.ctx.secrets, t).ok)).toEqual(respelled.map(() => false));
    expect(verifySurveyToken(env.rt.ctx.secrets, good).ok).toBe(true);
    const page = await env.app.inject({
      method: "GET",
      url: `/s/${forged}?score=1`,
      headers: { "accept-language": "en-GB" },
    });
    expect(page.statusCode).toBe(404);
    expect(page.body).toContain("This rating link is not valid");
    // Expired by its own signed date, or by the survey's (a token from before a change of expiry).
    const past = signSurveyToken(env.rt.ctx.secrets, s.id, Date.now() - 1000);
    const expired = await env.app.inject({ method: "GET", url: `/s/${past}?score=1` });
    expect(expired.statusCode).toBe(410);
    expect(expired.body).toContain("Link scaduto");
    await db()
      .updateTable("surveys")
      .set({ expires_at: Date.now() - 1 })
      .where("id", "=", s.id)
      .execute();
    const late = await env.app.inject({ method: "POST", url: `/api/v1/public/surveys/${good}`, payload: { score: 1 } });
    expect(late.statusCode).toBe(410);
    expect(late.json().error.code).toBe("survey_expired");
    expect(
      (await db().selectFrom("surveys").select("score").where("id", "=", s.id).executeTakeFirstOrThrow()).score,
    ).toBe(5);
  });

  it("surveys nobody it should not: quiet days, a second solve, auto-replies, bounces, merged tickets", async () => {
    // English customer: surveyed once, in English.
    const first = await solve("john@client.co.uk");
    await mailTo("john@client.co.uk", new RegExp(`^\\[#${first.number}\\] How did we do\\?$`));
    // Same customer within quiet_days: no survey.
    const second = await solve("john@client.co.uk");
    expect(await surveysOf(second.id)).toHaveLength(0);
    // The same ticket solved again: only the first solve counts (every_solve false).
    await api("PATCH", `/api/v1/tickets/${first.number}`, { status: "open" });
    await api("PATCH", `/api/v1/tickets/${first.number}`, { status: "solved" });
    await settle(env.rt.ctx, { pullForward: true });
    expect(await surveysOf(first.id)).toHaveLength(1);

    // A ticket opened by an auto-reply, and one whose emails bounced.
    const auto = await buildTicket(env.rt.ctx, actor(), { requester: { email: "ferie@cliente.it" }, reply: "Ok." });
    await db()
      .insertInto("email_messages")
      .values({
        workspace_id: env.workspaceId,
        mailbox_id: null,
        ticket_id: auto.id,
        message_id: null,
        direction: "in",
        header_message_id: `<auto.${auto.id}@cliente.it>`,
        in_reply_to: null,
        from_address: "ferie@cliente.it",
        subject: "Risposta automatica",
        raw_sha256: "",
        raw_size: 0,
        flags: JSON.stringify(["auto_reply"]),
        created_at: Date.now(),
      })
      .execute();
    const bounced = await buildTicket(env.rt.ctx, actor(), {
      requester: { email: "sbagliato@cliente.it" },
      reply: "Ok.",
    });
    await db()
      .insertInto("ticket_events")
      .values({
        workspace_id: env.workspaceId,
        ticket_id: bounced.id,
        type: "delivery_failed",
        actor_type: "system",
        actor_id: null,
        data: JSON.stringify({ message_id: null, recipient: "sbagliato@cliente.it", subject: "Re: x" }),
        created_at: Date.now(),
      })
      .execute();
    for (const t of [auto, bounced]) await api("PATCH", `/api/v1/tickets/${t.number}`, { status: "solved" });
    await settle(env.rt.ctx, { pullForward: true });
    expect(await surveysOf(auto.id)).toHaveLength(0);
    expect(await surveysOf(bounced.id)).toHaveLength(0);

    // Solved, then merged away before the delay ran out: no survey for the merged ticket.
    await api("PUT", "/api/v1/surveys/settings", {
      csat: { enabled: true, scale: 2, delay_minutes: 30, every_solve: true, quiet_days: 0, expires_days: 14 },
      nps: { enabled: true, interval_days: 90 },
    });
    const into = await buildTicket(env.rt.ctx, actor(), { requester: { email: "anna@cliente.it" } });
    const merged = await buildTicket(env.rt.ctx, actor(), {
      requester: { email: "anna@cliente.it" },
      reply: "Ok.",
      status: "solved",
    });
    await settle(env.rt.ctx);
    const merge = await api("POST", `/api/v1/tickets/${merged.number}/merge`, { into: into.number });
    expect(merge.statusCode).toBe(200);
    await settle(env.rt.ctx, { pullForward: true });
    expect(await surveysOf(merged.id)).toHaveLength(0);

    // every_solve: a ticket solved twice is surveyed twice (quiet days 0), on the 2-point scale.
    const twice = await solve("paolo@cliente.it");
    await api("PATCH", `/api/v1/tickets/${twice.number}`, { status: "open" });
    await api("PATCH", `/api/v1/tickets/${twice.number}`, { status: "solved" });
    await settle(env.rt.ctx, { pullForward: true });
    const both = await surveysOf(twice.id);
    expect(both.map((s) => s.scale)).toEqual([2, 2]);
    expect(new Set(both.map((s) => s.solve_id)).size).toBe(2);
    const toPaolo = async () =>
      (await relay.all()).filter(
        (m) =>
          /Come siamo andati/.test(m.subject ?? "") &&
          m.to &&
          "value" in m.to &&
          m.to.value[0].address === "paolo@cliente.it",
      );
    const [one] = await waitFor(async () => ((await toPaolo()).length === 2 ? toPaolo() : null));
    expect([...(one.text ?? "").matchAll(/\?score=(\d)/g)].map((m) => m[1])).toEqual(["1", "0"]);
    expect(one.text).toContain("Bene: http://help.test/s/");
  });

  it("sends NPS emails through the relay a few at a time, and a reply written meanwhile is not held up", async () => {
    const ids: number[] = [];
    for (let i = 0; i < 25; i++)
      ids.push((await buildCustomer(db(), env.workspaceId, { email: `nps${i}@drip.it`, language: "en" })).id);
    const sent = await api("POST", "/api/v1/surveys/nps/send", { customer_ids: ids });
    expect(sent.json()).toEqual({ queued: 25, skipped: 0 });
    const t = await buildTicket(env.rt.ctx, actor(), {
      requester: { email: "urgente@cliente.it" },
      reply: "Ecco la risposta.",
    });
    const npsMails = async () => (await relay.all()).filter((m) => /^Would you recommend/.test(m.subject ?? "")).length;
    await mailTo("urgente@cliente.it", new RegExp(`\\[#${t.number}\\]`));
    await waitFor(async () => (await npsMails()) === 25, { what: "the 25 NPS emails at the relay" });
    // The reply left while surveys were still waiting: it did not queue behind the 25.
    const order = (await relay.all()).map((m) => m.subject ?? "");
    const reply = order.findIndex((x) => x.includes(`[#${t.number}]`));
    const lastNps = order.findLastIndex((x) => /^Would you recommend/.test(x));
    expect(reply).toBeLessThan(lastNps);
    // The relay has each message before its sender marks it sent: wait for the marks.
    const statuses = async () =>
      (await db().selectFrom("mail_outbox").select("status").where("kind", "=", "nps").execute()).map((r) => r.status);
    await waitFor(async () => (await statuses()).every((s) => s === "sent"), { what: "the 25 NPS emails marked sent" });
    expect((await statuses()).every((s) => s === "sent")).toBe(true);
  });
});
