import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { ZOk, ZTicket, type Ok } from "../../shared/api/index";
import { API_ROUTES } from "../app";
import { resolveActor } from "../modules/auth/auth.service";
import { apiClient } from "../test/client";
import { type TestEnv, testEnv } from "../test/harness";
import { type AnyRoute, mount, route } from "./route";

// The response contract: routes declare the schema of their answer; tests parse every JSON 2xx answer with it
// (config.checkResponses), and /api/openapi.json documents it.
describe("response contract", () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await testEnv("sqlite", {}, { worker: false });
    // Routes that break their own contract, mounted on the real app the way every route is.
    const drifted: unknown = { ok: "yes", extra: 1 };
    const probes = [
      route({
        method: "GET",
        url: "/api/v1/test/wrong-shape",
        access: "agent",
        policy: "workspace.read",
        tag: "test",
        summary: "answers a body its schema does not describe",
        response: ZOk,
        handler: async () => drifted as Ok,
      }),
      route({
        method: "GET",
        url: "/api/v1/test/undocumented-status",
        access: "agent",
        policy: "workspace.read",
        tag: "test",
        summary: "answers a 2xx status no schema describes",
        response: ZOk,
        handler: async ({ reply }) => reply.status(202).send({ ok: true }),
      }),
      route({
        method: "GET",
        url: "/api/v1/test/right-shape",
        access: "agent",
        policy: "workspace.read",
        tag: "test",
        summary: "keeps its contract",
        response: ZOk,
        responses: { 202: z.strictObject({ waiting: z.literal(true) }) },
        handler: async ({ reply, req }) =>
          (req.query as { later?: string }).later ? reply.status(202).send({ waiting: true }) : { ok: true as const },
      }),
    ];
    mount(env.app, env.rt.ctx, probes, (req) => resolveActor(env.rt.ctx, req), []);
  });
  afterAll(async () => env?.close());

  const get = (url: string) => env.app.inject({ method: "GET", url, headers: env.auth(env.adminToken) });

  it("turns an answer its schema does not describe into a 500 that names the fields", async () => {
    const res = await get("/api/v1/test/wrong-shape");
    expect(res.statusCode).toBe(500);
    const error = res.json().error;
    expect(error.code).toBe("response_contract");
    expect(error.message).toContain("GET /api/v1/test/wrong-shape answered 200");
    expect(error.details.map((i: { path: string[] }) => i.path.join("."))).toEqual(
      expect.arrayContaining(["ok", ""]), // a wrong value, and a key the strict schema does not know
    );
    const undocumented = await get("/api/v1/test/undocumented-status");
    expect(undocumented.statusCode).toBe(500);
    expect(undocumented.json().error.code).toBe("response_undocumented");
  });

  it("lets answers that keep the contract through, for each status", async () => {
    expect((await get("/api/v1/test/right-shape")).json()).toEqual({ ok: true });
    const later = await get("/api/v1/test/right-shape?later=1");
    expect([later.statusCode, later.json()]).toEqual([202, { waiting: true }]);
  });

  it("documents response bodies and the error body in /api/openapi.json, each named shape once", async () => {
    const res = await env.app.inject({ method: "GET", url: "/api/openapi.json" });
    const doc = res.json();
    const schemas = doc.components.schemas as Record<string, { required?: string[] }>;
    // A response refers to the named shapes: follow a $ref to its one definition.
    type Js = { $ref?: string; required?: string[]; properties: Record<string, Js>; items: Js };
    const deref = (s: Js): Js => (s.$ref ? (schemas[s.$ref.replace("#/components/schemas/", "")] as Js) : s);
    const alerts = doc.paths["/api/v1/sla/alerts"].get.responses;
    const body = (status: string) => deref(alerts[status].content["application/json"].schema);
    expect(deref(body("200").properties.data.items).required).toContain("ticket_number");
    expect(body("4XX").properties.error.required).toEqual(["code", "message"]);
    // Every reference resolves, and a ticket is described once, not in every answer that holds one.
    const refs = [...res.body.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]);
    expect(refs.filter((r) => !schemas[r])).toEqual([]);
    expect(refs).toContain("Ticket");
    expect(schemas.Ticket.required).toContain("number");
    expect(res.body.split('"requester_email"').length - 1).toBeLessThan(4);
    // Times are documented by format, without zod's long pattern.
    expect(res.body).not.toContain('"pattern":"^(?:(?:\\\\d\\\\d[2468]');
  });

  it("has a response schema on every JSON route (files are the exceptions)", () => {
    const files = new Set([
      "GET /api/v1/attachments/:id",
      "GET /api/v1/messages/:id/raw",
      "GET /api/v1/portal/attachments/:id",
    ]);
    const missing = (API_ROUTES as AnyRoute[])
      .filter((r) => !r.response && !files.has(`${r.method} ${r.url}`))
      .map((r) => `${r.method} ${r.url}`);
    expect(missing).toEqual([]);
  });

  it("the typed client parses answers with the shared schemas", async () => {
    const api = apiClient(env);
    const t = await api.tickets.create({
      subject: "Contratto",
      body_text: "Una prova",
      requester: { email: "contratto@example.it" },
    });
    expect(ZTicket.parse(t)).toEqual(t);
    const [created] = await api.tickets.events(t.number);
    expect(created.type).toBe("created");
    if (created.type === "created") expect(created.data.channel).toBe("api"); // narrowed by kind
    expect((await api.fail("GET", "/api/v1/tickets/999999", 404)).code).toBe("not_found");
  });
});
