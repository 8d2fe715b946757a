import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAgent } from "../../test/factories";
import { DATABASES, type TestEnv, testEnv, tokenFor } from "../../test/harness";
import { waitFor } from "../../test/wait";
import { commentExcerpt } from "../kb/kb.public.service";

describe("a reader's comment in a notification", () => {
  it("is one plain line: no markup, control or direction characters, cut at 140 characters", () => {
    expect(commentExcerpt("Non trovo\r\nil pulsante <b>Annulla</b>\u202e  ")).toBe("Non trovo il pulsante Annulla");
    const long = commentExcerpt(`${"parola ".repeat(40)}fine`);
    expect([...long].length).toBeLessThanOrEqual(140);
    expect(long.endsWith("…")).toBe(true);
    expect(commentExcerpt("👩‍💻 ok")).toBe("👩‍💻 ok");
  });
});

// "Was this helpful?" with a comment reaches the article's owner: one notification per comment, in the owner's
// language, emailed when the owner asked for it, leading to the article; a bare yes or no, or a blank comment,
// tells nobody; no other agent hears of it. Through the public form post, on SQLite and PostgreSQL.
describe.each(DATABASES)("comments on an article notify its owner on %s", (mode) => {
  let env: TestEnv;
  let olga: { id: number; email: string };
  let olgaToken: string;
  let ivo: { id: number; email: string };
  let marco: { id: number };
  let marcoToken: string;
  const articles: Record<"olga" | "ivo", { id: number; slug: string }> = {
    olga: { id: 0, slug: "" },
    ivo: { id: 0, slug: "" },
  };

  const call = (method: "GET" | "PUT" | "POST" | "PATCH", url: string, payload?: unknown, token = env.adminToken) =>
    env.app.inject({ method, url, payload: payload as object, headers: env.auth(token) });
  const feedback = (slug: string, helpful: "yes" | "no", comment = "") =>
    env.app.inject({
      method: "POST",
      url: `/help/it/articles/${slug}/feedback`,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: new URLSearchParams({ helpful, comment }).toString(),
    });
  const stored = () =>
    env.rt.ctx.db.selectFrom("notifications").selectAll().where("kind", "=", "kb_feedback").orderBy("id").execute();
  const mailTo = (address: string) =>
    env.rt.ctx.db
      .selectFrom("mail_outbox")
      .selectAll()
      .where("to_address", "=", address)
      .where("kind", "=", "agent_notification")
      .execute();

  beforeAll(async () => {
    env = await testEnv(mode, {}, { worker: false });
    const db = env.rt.ctx.db;
    olga = await buildAgent(db, env.workspaceId, { role: "agent", name: "Olga Owner" });
    ivo = await buildAgent(db, env.workspaceId, { role: "agent", name: "Ivo Italiano" });
    marco = await buildAgent(db, env.workspaceId, { role: "agent", name: "Marco Neri" });
    olgaToken = await tokenFor(env, olga.id);
    const ivoToken = await tokenFor(env, ivo.id);
    marcoToken = await tokenFor(env, marco.id);
    expect((await call("POST", "/api/v1/mailboxes", { address: "help@shop.it" })).statusCode).toBe(201);
    // Olga reads English, Ivo Italian; both (and Marco, who owns nothing) want these by email.
    expect((await call("PATCH", "/api/v1/me", { language: "en" }, olgaToken)).statusCode).toBe(200);
    expect((await call("PATCH", "/api/v1/me", { language: "it" }, ivoToken)).statusCode).toBe(200);
    for (const token of [olgaToken, ivoToken, marcoToken, env.adminToken])
      expect(
        (await call("PUT", "/api/v1/notifications/settings", { settings: { kb_feedback: "email" } }, token)).statusCode,
      ).toBe(200);
    for (const [who, title, owner] of [
      ["olga", "Come annullare un ordine", olga],
      ["ivo", "Cambiare l'indirizzo di consegna", ivo],
    ] as const) {
      const res = await call("POST", "/api/v1/kb/articles", {
        title,
        body_markdown: "Apri **I miei ordini**.",
        language: "it",
        status: "published",
        owner_id: owner.id,
      });
      expect(res.statusCode, res.body).toBe(201);
      articles[who] = res.json();
    }
  });
  afterAll(async () => env?.close());

  it("tells nobody of a bare yes or no, or of a blank comment", async () => {
    expect((await feedback(articles.olga.slug, "yes")).statusCode).toBe(303);
    expect((await feedback(articles.olga.slug, "no")).statusCode).toBe(303);
    expect((await feedback(articles.olga.slug, "no", "   \n ")).statusCode).toBe(303);
    expect(await stored()).toEqual([]);
  });

  it("tells the owner of each comment once, in their language, with the article's link, and no one else", async () => {
    const comment = `Non trovo\nil pulsante <b>Annulla</b> ${"e nemmeno la pagina degli ordini ".repeat(8)}`;
    expect((await feedback(articles.olga.slug, "no", comment)).statusCode).toBe(303);
    const rows = await stored();
    expect(rows.map((r) => r.agent_id)).toEqual([olga.id]);
    expect(rows[0]!.ticket_id).toBeNull();

    const list = (await call("GET", "/api/v1/notifications", undefined, olgaToken)).json();
    expect(list.unread).toBe(1);
    const n = list.data[0];
    expect(n).toMatchObject({ kind: "kb_feedback", ticket_number: null });
    expect(n.payload).toMatchObject({
      article_id: articles.olga.id,
      title: "Come annullare un ordine",
      helpful: false,
    });
    expect(n.payload.excerpt).toMatch(/^Non trovo il pulsante Annulla e nemmeno/);
    expect([...n.payload.excerpt].length).toBeLessThanOrEqual(140);
    expect(n.payload.excerpt).toMatch(/…$/);

    // By email, as Olga chose, in English, leading to the article in the agent app.
    const [mail] = await waitFor(async () => {
      const m = await mailTo(olga.email);
      return m.length ? m : null;
    });
    expect(mail!.subject).toMatch(/^\[Sportello\] A reader commented on “Come annullare un ordine”: Non trovo il/);
    expect(mail!.subject).not.toMatch(/[\r\n<]/);
    expect(mail!.body_text).toContain(`/knowledge/${articles.olga.id}\n`);

    // Not to the author of the article (the admin), nor to anybody else.
    for (const token of [marcoToken, env.adminToken])
      expect((await call("GET", "/api/v1/notifications", undefined, token)).json().data).toEqual([]);

    // A second comment is a second notification; Ivo's article tells Ivo, in Italian.
    expect((await feedback(articles.olga.slug, "yes", "Chiaro, grazie")).statusCode).toBe(303);
    expect((await feedback(articles.ivo.slug, "yes", "Utile!")).statusCode).toBe(303);
    expect((await stored()).map((r) => r.agent_id)).toEqual([olga.id, olga.id, ivo.id]);
    const [toIvo] = await waitFor(async () => {
      const m = await mailTo(ivo.email);
      return m.length ? m : null;
    });
    expect(toIvo!.subject).toBe("[Sportello] Un lettore ha commentato «Cambiare l'indirizzo di consegna»: Utile!");
    expect(toIvo!.body_text).toContain(`/knowledge/${articles.ivo.id}\n`);
    expect(await mailTo((await call("GET", "/api/v1/me", undefined, marcoToken)).json().email)).toEqual([]);
  });
});
