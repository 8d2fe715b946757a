import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TicketArticles } from "../../../shared/api/answers";
import { apiClient } from "../../test/client";
import { buildAgent, buildCustomer } from "../../test/factories";
import { DATABASES, type TestEnv, tokenFor } from "../../test/harness";
import { customerId, portalEnv, signIn } from "../../test/portal";

// The knowledge base beside a ticket: suggestions from the help centre's search on the ticket's question (the
// customer's language first, internal articles marked, drafts never), linking and unlinking an article, and the
// tickets an article answers. Agents only: a customer signed in to the portal never reaches these.
describe.each(DATABASES)("articles of a ticket on %s", (dialect) => {
  let env: TestEnv;
  const ids: Record<string, number> = {};
  let itTicket = 0;
  let enTicket = 0;
  let grinderTicket = 0;
  let syncTicket = 0;
  let leakTicket = 0;

  const call = (method: "GET" | "POST" | "DELETE", url: string, payload?: object, token = env.adminToken) =>
    env.app.inject({ method, url, payload, headers: env.auth(token) });
  const articlesOf = async (number: number) => {
    const res = await call("GET", `/api/v1/tickets/${number}/articles`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as TicketArticles;
  };

  beforeAll(async () => {
    ({ env } = await portalEnv(dialect));
    await buildCustomer(env.rt.ctx.db, env.workspaceId, { email: "anna@cliente.it", language: "it" });
    await buildCustomer(env.rt.ctx.db, env.workspaceId, { email: "emma@client.uk", language: "en" });
    for (const [key, body] of [
      [
        "it",
        {
          title: "Come decalcificare la macchina espresso",
          body_markdown: "Per la **decalcificazione** usa il decalcificante Aurora ogni 200 caffè.",
          language: "it",
          status: "published",
        },
      ],
      [
        "en",
        {
          title: "How to descale the espresso machine",
          body_markdown:
            "Descale the machine (in Italian: decalcificazione) with the Aurora descaler every 200 coffees.",
          language: "en",
          status: "published",
        },
      ],
      [
        "internal",
        {
          title: "Decalcificazione in garanzia: cosa dire",
          body_markdown: "Solo per il team: la decalcificazione della macchina espresso non è coperta dalla garanzia.",
          language: "it",
          status: "published",
          internal: true,
        },
      ],
      [
        "draft",
        {
          title: "Decalcificazione macchina espresso (bozza)",
          body_markdown: "Bozza sulla decalcificazione della macchina espresso.",
          language: "it",
        },
      ],
      [
        "other",
        // One word of the question in common: noise beside articles that share three.
        {
          title: "Tempi di spedizione",
          body_markdown: "Spediamo la macchina in 2 giorni.",
          language: "it",
          status: "published",
        },
      ],
      [
        "grinder",
        {
          title: "Macinacaffè rumoroso",
          body_markdown:
            "Un rumore metallico nel macinacaffè viene da un chicco rimasto tra le macine: l'aspirapolvere lo toglie.",
          language: "it",
          status: "published",
        },
      ],
      [
        "greetings",
        // Shares with the grinder question only its greeting, its signature and words every message has.
        {
          title: "Chi approva i rimborsi",
          body_markdown:
            "Buongiorno e grazie: Marco approva i rimborsi dopo la verifica, e l'addebito lo fa in un giorno.",
          language: "it",
          status: "published",
        },
      ],
      [
        "returns",
        // Shares with the leaking machine's question "macchina" and the stem of "mandare": how a customer asks.
        {
          title: "Come restituire un prodotto e ottenere il rimborso",
          body_markdown:
            "Hai 30 giorni per restituire un prodotto, 14 per una macchina usata. Ti mandiamo l'etichetta prepagata.",
          language: "it",
          status: "published",
        },
      ],
    ] as const) {
      const res = await call("POST", "/api/v1/kb/articles", body);
      expect(res.statusCode, res.body).toBe(201);
      ids[key] = res.json<{ id: number }>().id;
    }
    const api = apiClient(env);
    const ask = async (email: string, subject: string, body_text: string) =>
      (await api.tickets.create({ subject, body_text, requester: { email } })).number;
    itTicket = await ask(
      "anna@cliente.it",
      "Decalcificazione",
      "Buongiorno, come si fa la decalcificazione della macchina espresso?",
    );
    await buildCustomer(env.rt.ctx.db, env.workspaceId, {
      email: "marco.bianchi@cliente.it",
      name: "Marco Bianchi",
      language: "it",
    });
    grinderTicket = await ask(
      "marco.bianchi@cliente.it",
      "Macinacaffè rumoroso dopo la pulizia",
      "Buongiorno,\n\ndopo la pulizia il macinacaffè fa un rumore metallico. L'ho smontato: è normale?\n\nGrazie,\nMarco",
    );
    syncTicket = await ask("anna@cliente.it", "Sincronizzazione", "L'app non sincronizza la cassa da due giorni.");
    leakTicket = await ask(
      "anna@cliente.it",
      "La macchina perde acqua",
      "Da stamattina la macchina perde acqua dal gruppo. Potete mandare un tecnico?",
    );
    enTicket = await ask("emma@client.uk", "Descaling", "How do I descale my espresso machine? Decalcificazione?");
  });
  afterAll(async () => env?.close());

  it("suggests published articles in the customer's language first, internal ones marked, drafts and weak matches never", async () => {
    const { suggested, linked } = await articlesOf(itTicket);
    expect(linked).toEqual([]);
    const shown = suggested.map((a) => a.id);
    expect(shown).not.toContain(ids.draft);
    expect(shown).not.toContain(ids.other);
    expect(shown.slice(0, 2).sort()).toEqual([ids.it, ids.internal].sort());
    expect(shown).toContain(ids.en);
    expect(shown.indexOf(ids.en!)).toBe(2);
    const it1 = suggested.find((a) => a.id === ids.it)!;
    expect(it1).toMatchObject({ internal: false, language: "it", url: `/help/it/articles/${it1.slug}` });
    expect(it1.snippet).toContain("<mark>");
    expect(suggested.find((a) => a.id === ids.internal)!.internal).toBe(true);
    const en = await articlesOf(enTicket);
    expect(en.suggested[0]!.id).toBe(ids.en);
  });

  it("looks for what the question is about, not for its greeting, the customer's name or words every message has", async () => {
    const { suggested } = await articlesOf(grinderTicket);
    const shown = suggested.map((a) => a.id);
    expect(shown).toContain(ids.grinder);
    expect(shown).not.toContain(ids.greetings);
    // Nor the "l" of "L'ho": the snippet marks the words looked for.
    const snippet = suggested.find((a) => a.id === ids.grinder)!.snippet;
    expect(snippet).toContain("<mark>metallico</mark>");
    expect(snippet).not.toMatch(/<mark>\w<\/mark>/);
  });

  it("does not count the verb a customer asks with: 'potete mandare un tecnico' is not about 'ti mandiamo'", async () => {
    const shown = (await articlesOf(leakTicket)).suggested.map((a) => a.id);
    expect(shown).not.toContain(ids.returns);
  });

  it("suggests nothing when every article shares only one word, and not in its title, with a question of several", async () => {
    // Two articles say "giorni" somewhere in their text, and neither is about synchronising the till.
    expect((await articlesOf(syncTicket)).suggested).toEqual([]);
  });

  it("links an article (once), lists it on the ticket and the ticket on the article, and unlinks it", async () => {
    const first = await call("POST", `/api/v1/tickets/${itTicket}/answered`, { article_id: ids.it });
    expect(first.statusCode, first.body).toBe(201);
    const again = await call("POST", `/api/v1/tickets/${itTicket}/answered`, { article_id: ids.it });
    expect(again.json().answered_at).toBe(first.json().answered_at);
    const { suggested, linked } = await articlesOf(itTicket);
    expect(linked).toEqual([
      expect.objectContaining({ id: ids.it, linked_by: { id: env.admin.id, name: env.admin.name } }),
    ]);
    expect(suggested.map((a) => a.id)).not.toContain(ids.it);
    const tickets = await call("GET", `/api/v1/kb/articles/${ids.it}/tickets`);
    expect(tickets.json()).toEqual({
      data: [{ number: itTicket, subject: "Decalcificazione", status: "new", linked_at: first.json().answered_at }],
    });
    // The question leaves the unanswered list while the link exists.
    const rows = await env.rt.ctx.db.selectFrom("ticket_article_links").selectAll().execute();
    expect(rows.filter((r) => r.article_id === ids.it)).toHaveLength(1);

    const gone = await call("DELETE", `/api/v1/tickets/${itTicket}/articles/${ids.it}`);
    expect(gone.statusCode, gone.body).toBe(200);
    expect((await articlesOf(itTicket)).linked).toEqual([]);
    expect((await call("GET", `/api/v1/kb/articles/${ids.it}/tickets`)).json()).toEqual({ data: [] });
    expect((await call("DELETE", `/api/v1/tickets/${itTicket}/articles/${ids.it}`)).statusCode).toBe(404);
  });

  it("refuses an article or a ticket that does not exist", async () => {
    const res = await call("POST", `/api/v1/tickets/${itTicket}/answered`, { article_id: 999_999 });
    expect(res.statusCode).toBe(404);
    expect((await call("GET", "/api/v1/tickets/999999/articles")).statusCode).toBe(404);
    expect((await call("GET", "/api/v1/kb/articles/999999/tickets")).statusCode).toBe(404);
    expect((await call("GET", `/api/v1/tickets/${itTicket}/articles/x`)).statusCode).toBe(404);
  });

  it("is open to every agent", async () => {
    const agent = await buildAgent(env.rt.ctx.db, env.workspaceId, { role: "agent", name: "Piero" });
    const token = await tokenFor(env, agent.id);
    expect((await call("GET", `/api/v1/tickets/${itTicket}/articles`, undefined, token)).statusCode).toBe(200);
    const link = await call("POST", `/api/v1/tickets/${enTicket}/answered`, { article_id: ids.en }, token);
    expect(link.statusCode).toBe(201);
    expect((await call("GET", `/api/v1/kb/articles/${ids.en}/tickets`, undefined, token)).json().data).toHaveLength(1);
  });

  it("is never reachable by a customer signed in to the portal, nor without a session", async () => {
    const s = await signIn(env, await customerId(env, "anna@cliente.it"));
    for (const [method, url, payload] of [
      ["GET", `/api/v1/tickets/${itTicket}/articles`, undefined],
      ["DELETE", `/api/v1/tickets/${enTicket}/articles/${ids.en}`, undefined],
      ["POST", `/api/v1/tickets/${itTicket}/answered`, { article_id: ids.it }],
      ["GET", `/api/v1/kb/articles/${ids.en}/tickets`, undefined],
    ] as const) {
      const asCustomer = await env.app.inject({ method, url, payload, headers: s.headers });
      expect([401, 403], `${method} ${url}`).toContain(asCustomer.statusCode);
      const anonymous = await env.app.inject({ method, url, payload });
      expect(anonymous.statusCode, `${method} ${url}`).toBe(401);
    }
    // Nothing changed: the English ticket is still linked, the Italian one is not.
    expect((await articlesOf(enTicket)).linked.map((a) => a.id)).toEqual([ids.en]);
    expect((await articlesOf(itTicket)).linked).toEqual([]);
  });
});
