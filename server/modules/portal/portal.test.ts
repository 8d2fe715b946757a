import crypto from "node:crypto";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import type { AgentActor } from "../../http/actor";
import { buildAgent, buildCustomer, buildOrganization, buildTicket } from "../../test/factories";
import { DIALECTS, type TestEnv, testEnv, waitFor } from "../../test/harness";
import { pushesArrived } from "../../test/realtime";
import { rooms } from "../../../shared/realtime";
import { addMessage } from "../tickets/tickets.service";
import { createPortalLink } from "../portal-links/portal-links";

// Markers that must never appear in anything a customer receives.
const SECRET_NOTE = "NOTA-INTERNA-7f3a: cliente difficile, non concedere rimborso";
const OTHER_SUBJECT = "Fattura-altrui-9c1d";
const SECRET_TAG = "vip-segreto";

describe.each(DIALECTS)("customer portal on %s", (dialect) => {
  let env: TestEnv;
  let agent: AgentActor;
  let port: number;
  beforeAll(async () => {
    env = await testEnv(dialect);
    await env.app.listen({ port: 0, host: "127.0.0.1" });
    port = (env.app.server.address() as AddressInfo).port;
    agent = {
      kind: "agent",
      workspaceId: env.workspaceId,
      agentId: env.admin.id,
      name: env.admin.name,
      role: "admin",
      tier: "first_line",
      via: "cli",
    };
    await env.app.inject({
      method: "POST",
      url: "/api/v1/mailboxes",
      headers: env.auth(env.adminToken),
      payload: { address: "assistenza@example.test", display_name: "Assistenza" },
    });
  });
  afterAll(async () => env?.close());

  /** Signs a customer in through a real link and returns what a browser would send afterwards. */
  async function signIn(customerId: number) {
    const url = await createPortalLink(env.rt.ctx, { workspaceId: env.workspaceId, customerId, singleUse: true });
    const token = new URL(url).searchParams.get("token")!;
    const res = await env.app.inject({ method: "POST", url: "/api/v1/portal/session", payload: { token } });
    expect(res.statusCode).toBe(200);
    const cookie = String(res.headers["set-cookie"]).split(";")[0];
    expect(String(res.headers["set-cookie"])).toMatch(/HttpOnly/i);
    return {
      cookie,
      csrf: res.json().csrf_token as string,
      headers: { cookie, "x-csrf-token": res.json().csrf_token as string },
    };
  }

  it("emails a single-use sign-in link, says the same for unknown addresses and refuses a used or expired link", async () => {
    const c = await buildCustomer(env.rt.ctx.db, env.workspaceId, {
      email: "giulia@example.test",
      name: "Giulia Neri",
      language: "it",
    });
    const before = await env.rt.ctx.db
      .selectFrom("mail_outbox")
      .select("id")
      .where("kind", "=", "portal_link")
      .execute();
    const ask = (email: string) =>
      env.app.inject({ method: "POST", url: "/api/v1/portal/sign-in-link", payload: { email } });
    expect((await ask("giulia@example.test")).json()).toEqual({ ok: true });
    expect((await ask("nobody@example.test")).json()).toEqual({ ok: true });
    expect((await ask("not an email")).json().error.code).toBe("validation_error");
    const mails = await env.rt.ctx.db.selectFrom("mail_outbox").selectAll().where("kind", "=", "portal_link").execute();
    expect(mails.length).toBe(before.length + 1);
    const mail = mails[mails.length - 1];
    expect(mail).toMatchObject({
      to_address: "giulia@example.test",
      ticket_id: null,
      subject: "Il tuo link per seguire le richieste",
    });
    const link = mail.body_text.match(/https?:\/\/\S+/)![0];
    const token = new URL(link).searchParams.get("token")!;
    const first = await env.app.inject({ method: "POST", url: "/api/v1/portal/session", payload: { token } });
    expect(first.statusCode).toBe(200);
    const again = await env.app.inject({ method: "POST", url: "/api/v1/portal/session", payload: { token } });
    expect(again.statusCode).toBe(410);
    expect(again.json().error.code).toBe("link_expired");
    // A link past its time is refused too.
    const late = new URL(
      await createPortalLink(env.rt.ctx, { workspaceId: env.workspaceId, customerId: c.id, singleUse: true }),
    ).searchParams.get("token")!;
    await env.rt.ctx.db
      .updateTable("portal_links")
      .set({ expires_at: Date.now() - 1 })
      .where("customer_id", "=", c.id)
      .where("used_at", "is", null)
      .execute();
    expect(
      (await env.app.inject({ method: "POST", url: "/api/v1/portal/session", payload: { token: late } })).statusCode,
    ).toBe(410);
    // Three links per quarter hour (the one made directly above counts): one more is sent, then none.
    for (let i = 0; i < 3; i++) expect((await ask("giulia@example.test")).json()).toEqual({ ok: true });
    const after = await env.rt.ctx.db
      .selectFrom("mail_outbox")
      .select("id")
      .where("kind", "=", "portal_link")
      .where("to_address", "=", "giulia@example.test")
      .execute();
    expect(after.length).toBe(2);
  });

  it("shows a customer their requests in plain words, who handles them and when the next answer is due", async () => {
    const marco = await buildAgent(env.rt.ctx.db, env.workspaceId, {
      name: "Marco Bianchi",
      email: "marco.bianchi@example.test",
    });
    const email = "paolo@example.test";
    const open = await buildTicket(env.rt.ctx, agent, {
      subject: "Stampante offline",
      requester: { email, name: "Paolo" },
      assignee_id: marco.id,
      note: SECRET_NOTE,
      tags: [SECRET_TAG],
    });
    const fresh = await buildTicket(env.rt.ctx, agent, { subject: "Nuova richiesta", requester: { email } });
    const waiting = await buildTicket(env.rt.ctx, agent, {
      subject: "Serve il seriale",
      requester: { email },
      reply: "Ci mandi il numero di serie?",
      status: "pending",
    });
    const solved = await buildTicket(env.rt.ctx, agent, {
      subject: "Password",
      requester: { email },
      reply: "Fatto.",
      status: "solved",
    });
    await buildTicket(env.rt.ctx, agent, { subject: OTHER_SUBJECT, requester: { email: "altro@example.test" } });
    const paolo = await env.rt.ctx.db
      .selectFrom("customers")
      .select("id")
      .where("email", "=", email)
      .executeTakeFirstOrThrow();
    const s = await signIn(paolo.id);

    const list = (await env.app.inject({ method: "GET", url: "/api/v1/portal/requests", headers: s.headers })).json()
      .data;
    const byNumber = new Map(list.map((r: any) => [r.number, r]));
    expect(list).toHaveLength(4);
    expect(byNumber.get(open.number)).toMatchObject({ state: "in_progress", handled_by: "Marco", mine: true });
    expect(byNumber.get(fresh.number)).toMatchObject({ state: "received", handled_by: null });
    expect((byNumber.get(fresh.number) as any).next_answer_due).toMatch(/^\d{4}-/);
    expect(byNumber.get(waiting.number)).toMatchObject({ state: "waiting_for_you", next_answer_due: null });
    expect(byNumber.get(solved.number)).toMatchObject({ state: "solved" });
    expect((byNumber.get(solved.number) as any).reopen_until).toMatch(/^\d{4}-/);

    const detail = (
      await env.app.inject({ method: "GET", url: `/api/v1/portal/requests/${waiting.number}`, headers: s.headers })
    ).json();
    expect(
      detail.timeline.filter((i: any) => i.kind === "message").map((m: any) => [m.author.type, m.author.name]),
    ).toEqual([
      ["customer", "Paolo"],
      ["agent", "Ada"],
    ]);
    expect(detail.timeline.filter((i: any) => i.kind === "state").map((i: any) => i.state)).toContain(
      "waiting_for_you",
    );

    // Another customer's request answers exactly like a request that does not exist.
    const other = await env.rt.ctx.db
      .selectFrom("tickets")
      .select("number")
      .where("subject", "=", OTHER_SUBJECT)
      .executeTakeFirstOrThrow();
    const foreign = await env.app.inject({
      method: "GET",
      url: `/api/v1/portal/requests/${other.number}`,
      headers: s.headers,
    });
    expect(foreign.statusCode).toBe(404);
    expect(
      (await env.app.inject({ method: "GET", url: "/api/v1/portal/requests/999999", headers: s.headers })).json(),
    ).toEqual(foreign.json());
  });

  it("lets colleagues see each other's requests only when their organization shares them", async () => {
    const org = await buildOrganization(env.rt.ctx.db, env.workspaceId, { name: "Ottica Rossi" });
    const a = await buildCustomer(env.rt.ctx.db, env.workspaceId, {
      email: "a@ottica.test",
      name: "Anna",
      organization_id: org.id,
    });
    const b = await buildCustomer(env.rt.ctx.db, env.workspaceId, {
      email: "b@ottica.test",
      name: "Bruno",
      organization_id: org.id,
    });
    const t = await buildTicket(env.rt.ctx, agent, { subject: "Occhiali", requester: { email: "b@ottica.test" } });
    const s = await signIn(a.id);
    const list = () =>
      env.app.inject({ method: "GET", url: "/api/v1/portal/requests", headers: s.headers }).then((r) => r.json().data);
    const r0 = await env.app.inject({ method: "GET", url: "/api/v1/portal/requests", headers: s.headers });
    expect(r0.json(), r0.body).toEqual({ data: [] });
    await env.app.inject({
      method: "PATCH",
      url: `/api/v1/organizations/${org.id}`,
      headers: env.auth(env.adminToken),
      payload: { portal_shared: true },
    });
    expect(await list()).toEqual([expect.objectContaining({ number: t.number, mine: false, requester_name: "Bruno" })]);
    // Seeing is not writing: only the person who asked can reply.
    const write = await env.app.inject({
      method: "POST",
      url: `/api/v1/portal/requests/${t.number}/messages`,
      headers: s.headers,
      payload: { body_text: "Io sono la collega" },
    });
    expect(write.statusCode).toBe(403);
    expect(b.id).toBeGreaterThan(0);
  });

  it("takes replies with files from the portal, needs the CSRF token and reopens a solved request only within the window", async () => {
    const email = "sara@example.test";
    const t = await buildTicket(env.rt.ctx, agent, {
      subject: "Reso",
      requester: { email, name: "Sara" },
      reply: "Risolto?",
      status: "solved",
    });
    const sara = await env.rt.ctx.db
      .selectFrom("customers")
      .select("id")
      .where("email", "=", email)
      .executeTakeFirstOrThrow();
    const s = await signIn(sara.id);
    const noCsrf = await env.app.inject({
      method: "POST",
      url: `/api/v1/portal/requests/${t.number}/reopen`,
      headers: { cookie: s.cookie },
      payload: { body_text: "No" },
    });
    expect(noCsrf.json().error.code).toBe("csrf_failed");
    const up = await env.app.inject({
      method: "POST",
      url: "/api/v1/portal/attachments?filename=foto.png",
      headers: { ...s.headers, "content-type": "image/png" },
      payload: Buffer.from("png-bytes"),
    });
    expect(up.statusCode).toBe(201);
    const reopened = await env.app.inject({
      method: "POST",
      url: `/api/v1/portal/requests/${t.number}/reopen`,
      headers: s.headers,
      payload: { body_text: "Non funziona ancora", attachment_ids: [up.json().id] },
    });
    expect(reopened.statusCode).toBe(200);
    expect(reopened.json().request.state).toBe("in_progress");
    const last = reopened
      .json()
      .timeline.filter((i: any) => i.kind === "message")
      .at(-1);
    expect(last).toMatchObject({
      body_text: "Non funziona ancora",
      attachments: [expect.objectContaining({ filename: "foto.png" })],
    });
    const file = await env.app.inject({ method: "GET", url: last.attachments[0].url, headers: s.headers });
    expect(file.body).toBe("png-bytes");
    expect(file.headers["content-disposition"]).toMatch(/^attachment/);
    // A file gone from the store is a 404 with its JSON error, for the customer and for the agents, not a
    // download that breaks.
    await env.rt.ctx.db
      .deleteFrom("stored_files")
      .where("sha256", "=", crypto.createHash("sha256").update("png-bytes").digest("hex"))
      .execute();
    for (const [url, headers] of [
      [last.attachments[0].url, s.headers],
      [`/api/v1/attachments/${up.json().id}`, env.auth(env.adminToken)],
    ] as const) {
      const gone = await env.app.inject({ method: "GET", url, headers });
      expect(gone.statusCode).toBe(404);
      expect(gone.json().error.code).toBe("not_found");
    }
    // The agents see it as the customer's message.
    const thread = (
      await env.app.inject({
        method: "GET",
        url: `/api/v1/tickets/${t.number}/messages`,
        headers: env.auth(env.adminToken),
      })
    ).json().data;
    expect(thread.at(-1)).toMatchObject({ author: { type: "customer" }, body_text: "Non funziona ancora" });

    await env.app.inject({
      method: "PATCH",
      url: `/api/v1/tickets/${t.number}`,
      headers: env.auth(env.adminToken),
      payload: { status: "solved" },
    });
    await env.app.inject({
      method: "PATCH",
      url: "/api/v1/workspace",
      headers: env.auth(env.adminToken),
      payload: { portal_reopen_days: 0 },
    });
    const late = await env.app.inject({
      method: "POST",
      url: `/api/v1/portal/requests/${t.number}/messages`,
      headers: s.headers,
      payload: { body_text: "Ancora io" },
    });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe("reopen_window_passed");
    await env.app.inject({
      method: "PATCH",
      url: "/api/v1/workspace",
      headers: env.auth(env.adminToken),
      payload: { portal_reopen_days: 14 },
    });
  });

  it("takes a request from the public web form with a file and acknowledges it by email with a portal link", async () => {
    const bad = await env.app.inject({
      method: "POST",
      url: "/api/v1/public/requests",
      payload: { email: "x@example.test", subject: "", body_text: "" },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe("validation_error");
    const res = await env.app.inject({
      method: "POST",
      url: "/api/v1/public/requests",
      payload: {
        name: "Elena Verdi",
        email: "Elena@Example.test",
        subject: "Consegna in ritardo",
        body_text: "L'ordine 4411 non è arrivato.",
        language: "it",
        files: [
          {
            filename: "ricevuta.txt",
            content_type: "text/plain",
            data: Buffer.from("ricevuta 4411").toString("base64"),
          },
        ],
      },
    });
    expect(res.statusCode).toBe(201);
    const { number, portal_url } = res.json();
    expect(portal_url).toBe(`${env.config.publicUrl}/portal/requests/${number}`);
    const ticket = (
      await env.app.inject({ method: "GET", url: `/api/v1/tickets/${number}`, headers: env.auth(env.adminToken) })
    ).json();
    expect(ticket).toMatchObject({ channel: "web", requester: { email: "elena@example.test", name: "Elena Verdi" } });
    const thread = (
      await env.app.inject({
        method: "GET",
        url: `/api/v1/tickets/${number}/messages`,
        headers: env.auth(env.adminToken),
      })
    ).json().data;
    expect(thread[0].attachments).toEqual([expect.objectContaining({ filename: "ricevuta.txt", size: 13 })]);
    const ack = await waitFor(() =>
      env.rt.ctx.db
        .selectFrom("mail_outbox")
        .selectAll()
        .where("kind", "=", "notification")
        .where("to_address", "=", "elena@example.test")
        .executeTakeFirst(),
    );
    expect(ack.body_text).toContain(`#${number}`);
    expect(ack.body_text).toMatch(
      /Segui la tua richiesta in ogni momento: http\S+\/portal\/sign-in\?token=\S+&next=%2Fportal%2Frequests%2F\d+/,
    );
  });

  it("never shows internal notes, internal fields or another customer's data on any portal route", async () => {
    const email = "verifica@example.test";
    const t = await buildTicket(env.rt.ctx, agent, {
      subject: "Verifica riservatezza",
      requester: { email, name: "Vera" },
      note: SECRET_NOTE,
      tags: [SECRET_TAG],
      reply: "Risposta pubblica",
    });
    await env.rt.ctx.db.updateTable("agents").set({ name: "Ada Admin" }).where("id", "=", env.admin.id).execute();
    const vera = await env.rt.ctx.db
      .selectFrom("customers")
      .select("id")
      .where("email", "=", email)
      .executeTakeFirstOrThrow();
    const other = await buildTicket(env.rt.ctx, agent, {
      subject: OTHER_SUBJECT,
      requester: { email: "estraneo@example.test" },
      reply: "x",
    });
    const otherFile = (
      await env.app.inject({
        method: "POST",
        url: "/api/v1/attachments?filename=segreto.txt",
        headers: { ...env.auth(env.adminToken), "content-type": "text/plain" },
        payload: Buffer.from("segreto"),
      })
    ).json();
    await addMessage(env.rt.ctx, agent, other.number, {
      body_text: "con allegato",
      internal: false,
      attachment_ids: [otherFile.id],
    });
    const s = await signIn(vera.id);
    const forbidden = [
      SECRET_NOTE,
      OTHER_SUBJECT,
      SECRET_TAG,
      "segreto",
      "estraneo@example.test",
      env.admin.email,
      "Admin",
      "priority",
      "internal",
      "sla",
      "assignee",
      "tags",
    ];

    // Every portal and public route, called as a signed-in customer; the list comes from the registry, so a
    // new portal route without a case here fails this test.
    const calls: Record<string, () => Promise<{ statusCode: number; body: string }>> = {
      "POST /api/v1/portal/sign-in-link": () =>
        env.app.inject({
          method: "POST",
          url: "/api/v1/portal/sign-in-link",
          payload: { email: "estraneo@example.test" },
        }),
      "POST /api/v1/portal/session": () =>
        env.app.inject({ method: "POST", url: "/api/v1/portal/session", payload: { token: "x".repeat(43) } }),
      "GET /api/v1/portal/me": () => env.app.inject({ method: "GET", url: "/api/v1/portal/me", headers: s.headers }),
      "GET /api/v1/portal/requests": () =>
        env.app.inject({ method: "GET", url: "/api/v1/portal/requests", headers: s.headers }),
      "GET /api/v1/portal/requests/:number": async () => {
        const foreign = await env.app.inject({
          method: "GET",
          url: `/api/v1/portal/requests/${other.number}`,
          headers: s.headers,
        });
        expect(foreign.statusCode).toBe(404);
        return env.app.inject({ method: "GET", url: `/api/v1/portal/requests/${t.number}`, headers: s.headers });
      },
      "POST /api/v1/portal/requests/:number/messages": async () => {
        expect(
          (
            await env.app.inject({
              method: "POST",
              url: `/api/v1/portal/requests/${other.number}/messages`,
              headers: s.headers,
              payload: { body_text: "intrusione" },
            })
          ).statusCode,
        ).toBe(404);
        return env.app.inject({
          method: "POST",
          url: `/api/v1/portal/requests/${t.number}/messages`,
          headers: s.headers,
          payload: { body_text: "Grazie" },
        });
      },
      "POST /api/v1/portal/requests/:number/reopen": async () => {
        const res = await env.app.inject({
          method: "POST",
          url: `/api/v1/portal/requests/${other.number}/reopen`,
          headers: s.headers,
          payload: { body_text: "x" },
        });
        expect(res.statusCode).toBe(404);
        return res;
      },
      "POST /api/v1/portal/attachments": () =>
        env.app.inject({
          method: "POST",
          url: "/api/v1/portal/attachments?filename=a.txt",
          headers: { ...s.headers, "content-type": "text/plain" },
          payload: Buffer.from("mio"),
        }),
      "GET /api/v1/portal/attachments/:id": async () => {
        const res = await env.app.inject({
          method: "GET",
          url: `/api/v1/portal/attachments/${otherFile.id}`,
          headers: s.headers,
        });
        expect(res.statusCode).toBe(404); // another customer's file, by its id
        return res;
      },
      "POST /api/v1/public/requests": () =>
        env.app.inject({
          method: "POST",
          url: "/api/v1/public/requests",
          payload: { email: "nuovo@example.test", subject: "Ciao", body_text: "Prova" },
        }),
      "POST /api/v1/portal/logout": async () => {
        const other = await signIn(vera.id);
        const out = await env.app.inject({ method: "POST", url: "/api/v1/portal/logout", headers: other.headers });
        expect(
          (await env.app.inject({ method: "GET", url: "/api/v1/portal/me", headers: other.headers })).statusCode,
        ).toBe(401);
        return out;
      },
      "GET /api/v1/portal/realtime": async () => ({ statusCode: 200, body: "" }), // websocket: covered by its own test below
    };
    const registered = env.app.routeRegistry
      .filter((r) => r.url.startsWith("/api/v1/portal") || r.url.startsWith("/api/v1/public"))
      .map((r) => `${r.method} ${r.url}`);
    expect(registered.sort()).toEqual(Object.keys(calls).sort());
    for (const [name, call] of Object.entries(calls)) {
      const res = await call();
      for (const word of forbidden) expect(res.body, `${name} leaked ${word}`).not.toContain(word);
    }
    // The customer's session opens nothing of the agents' API.
    for (const url of [
      "/api/v1/tickets",
      `/api/v1/tickets/${t.number}/messages`,
      "/api/v1/customers",
      "/api/v1/search?q=fattura",
      `/api/v1/attachments/${otherFile.id}`,
    ]) {
      expect((await env.app.inject({ method: "GET", url, headers: s.headers })).statusCode, url).toBe(401);
    }
  });

  it("signals a followed request's public changes over the portal websocket, never internal notes", async () => {
    const email = "live@example.test";
    const t = await buildTicket(env.rt.ctx, agent, { subject: "Live", requester: { email } });
    const mine = await env.rt.ctx.db
      .selectFrom("customers")
      .select("id")
      .where("email", "=", email)
      .executeTakeFirstOrThrow();
    const other = await buildTicket(env.rt.ctx, agent, {
      subject: OTHER_SUBJECT,
      requester: { email: "estraneo2@example.test" },
    });
    const s = await signIn(mine.id);
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api/v1/portal/realtime`, { headers: { cookie: s.cookie } });
    const inbox: any[] = [];
    ws.on("message", (d) => inbox.push(JSON.parse(d.toString())));
    await new Promise((r, j) => (ws.once("open", r), ws.once("error", j)));
    ws.send(JSON.stringify({ type: "follow", ticket_number: other.number }));
    ws.send(JSON.stringify({ type: "follow", ticket_number: t.number }));
    await waitFor(() => inbox.some((m) => m.type === "subscribed"));
    expect(inbox.filter((m) => m.type === "error")).toHaveLength(1);
    await addMessage(env.rt.ctx, agent, t.number, { body_text: SECRET_NOTE, internal: true, attachment_ids: [] });
    await addMessage(env.rt.ctx, agent, other.number, { body_text: "altro", internal: false, attachment_ids: [] });
    await addMessage(env.rt.ctx, agent, t.number, { body_text: "Eccoci", internal: false, attachment_ids: [] });
    await waitFor(() => inbox.some((m) => m.type === "portal.changed"));
    // Whatever the three messages pushed has arrived by now, a leak included.
    await pushesArrived(env.rt, ws, rooms.portal(env.workspaceId, t.number));
    expect(JSON.stringify(inbox)).not.toContain("NOTA-INTERNA");
    expect(inbox.filter((m) => m.type === "portal.changed").every((m) => m.ticket_number === t.number)).toBe(true);
    ws.close();
  });
});
