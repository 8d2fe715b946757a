import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import type { AgentActor } from "../../http/actor";
import { buildTicket } from "../../test/factories";
import { DIALECTS, type TestEnv, waitFor } from "../../test/harness";
import { OTHER_SUBJECT, portalEnv, SECRET_NOTE, SECRET_TAG, signIn } from "../../test/portal";
import { pushesArrived } from "../../test/realtime";
import { rooms } from "../../../shared/realtime";
import { addMessage } from "../tickets/tickets.service";

describe.each(DIALECTS)("portal privacy on %s", (dialect) => {
  let env: TestEnv;
  let agent: AgentActor;
  let port: number;
  beforeAll(async () => {
    ({ env, agent, port } = await portalEnv(dialect));
  });
  afterAll(async () => env?.close());

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
    const s = await signIn(env, vera.id);
    const forbidden = [
      SECRET_NOTE,
      OTHER_SUBJECT,
      SECRET_TAG,
      "segreto",
      "estraneo@example.test",
      env.admin.email,
      "Admin",
    ];
    // Internal fields, looked for as JSON keys: as bare words they can turn up inside a random token.
    const forbiddenKeys = ["priority", "internal", "sla", "assignee", "tags"];

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
      "GET /api/v1/public/kb/search": () =>
        env.app.inject({ method: "GET", url: "/api/v1/public/kb/search?q=fattura", headers: s.headers }),
      "POST /api/v1/public/kb/deflections": () =>
        env.app.inject({
          method: "POST",
          url: "/api/v1/public/kb/deflections",
          payload: { kind: "shown", visit: "visit-12345", article_ids: [1] },
        }),
      // A survey answer with a link that was never signed: a plain 404, whoever asks.
      "POST /api/v1/public/surveys/:token": async () => {
        const res = await env.app.inject({
          method: "POST",
          url: "/api/v1/public/surveys/1.zz.AAAAAAAAAAAAAAAAAAAAAA",
          headers: s.headers,
          payload: { score: 5 },
        });
        expect(res.statusCode).toBe(404);
        return res;
      },
      "POST /api/v1/portal/logout": async () => {
        const other = await signIn(env, vera.id);
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
      for (const key of forbiddenKeys) expect(res.body, `${name} leaked the field ${key}`).not.toContain(`"${key}":`);
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
    const s = await signIn(env, mine.id);
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api/v1/portal/realtime`, { headers: { cookie: s.cookie } });
    const inbox: { type: string; ticket_number?: number }[] = [];
    ws.on("message", (d) => inbox.push(JSON.parse(d.toString())));
    await new Promise((r, j) => (ws.once("open", r), ws.once("error", j)));
    ws.send(JSON.stringify({ type: "follow", ticket_number: other.number }));
    ws.send(JSON.stringify({ type: "follow", ticket_number: t.number }));
    // Each follow is answered once its ticket is checked, so the two answers may come in either order.
    await waitFor(() => inbox.some((m) => m.type === "subscribed") && inbox.some((m) => m.type === "error"));
    expect(inbox.filter((m) => m.type === "error")).toHaveLength(1);
    expect(inbox.filter((m) => m.type === "subscribed")).toHaveLength(1);
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
