import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAgent, buildWorkspace } from "../../test/factories";
import { apiClient } from "../../test/client";
import { createApiToken } from "../auth/auth.service";
import { DATABASES, type TestEnv, testEnv, tokenFor } from "../../test/harness";

// Drafts: each agent's own text per ticket, kept as they type, gone when sent; colleagues see only whose.
describe.each(DATABASES)("drafts API on %s", (dialect) => {
  let env: TestEnv;
  let anna: string;
  let number: number;
  beforeAll(async () => {
    env = await testEnv(dialect, {}, { worker: false });
    const a = await buildAgent(env.rt.ctx.db, env.workspaceId, { role: "agent", name: "Anna Conti" });
    anna = await tokenFor(env, a.id);
    number = (
      await apiClient(env).tickets.create({
        subject: "Fattura doppia",
        body_text: "Mi avete addebitato due volte",
        requester: { email: "doppia@example.it" },
      })
    ).number;
  });
  afterAll(async () => env?.close());

  const call = (method: "GET" | "PUT" | "DELETE" | "POST", url: string, payload?: unknown, token = env.adminToken) =>
    env.app.inject({ method, url, payload: payload as object, headers: env.auth(token) });
  const url = () => `/api/v1/tickets/${number}/draft`;

  it("keeps each agent's draft, shows colleagues only whose it is, and replaces it as the agent types", async () => {
    expect((await call("GET", url())).json()).toEqual({ draft: null, colleagues: [] });
    const saved = await call("PUT", url(), { body_text: "Gentile cliente, ", internal: false });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().draft).toMatchObject({ body_text: "Gentile cliente, ", internal: false });
    await call("PUT", url(), { body_text: "Gentile cliente, abbiamo verificato", internal: false });
    await call("PUT", url(), { body_text: "Controllo io con la banca", internal: true }, anna);
    const mine = (await call("GET", url())).json();
    expect(mine.draft).toMatchObject({ body_text: "Gentile cliente, abbiamo verificato", internal: false });
    expect(mine.colleagues).toEqual([
      { agent: { id: expect.any(Number), name: "Anna Conti" }, internal: true, updated_at: expect.any(String) },
    ]);
    // Anna's text is hers: the admin sees that she has a draft, never what it says.
    expect(JSON.stringify(mine)).not.toContain("banca");
    const hers = (await call("GET", url(), undefined, anna)).json();
    expect(hers.draft.body_text).toBe("Controllo io con la banca");
    expect(hers.colleagues.map((c: { agent: { name: string } }) => c.agent.name)).toEqual(["Ada Admin"]);
  });

  it("forgets the draft when its message is sent, when emptied, or when discarded", async () => {
    const sent = await call("POST", `/api/v1/tickets/${number}/messages`, {
      body_text: "Gentile cliente, abbiamo verificato",
    });
    expect(sent.statusCode).toBe(201);
    expect((await call("GET", url())).json().draft).toBeNull();
    // Emptied: the answer says there is no draft any more.
    expect((await call("PUT", url(), { body_text: "  ", internal: false }, anna)).json()).toEqual({ draft: null });
    await call("PUT", url(), { body_text: "Di nuovo", internal: false }, anna);
    expect((await call("DELETE", url(), undefined, anna)).json()).toEqual({ ok: true });
    expect((await call("GET", url(), undefined, anna)).json()).toEqual({ draft: null, colleagues: [] });
  });

  it("answers 404 for a ticket of another workspace and 400 for a malformed draft", async () => {
    const other = await buildWorkspace(env.rt.ctx.db, { name: "Altra" });
    const stranger = await buildAgent(env.rt.ctx.db, other.id, { role: "admin", name: "Estraneo" });
    const token = (await createApiToken(env.rt.ctx.db, other.id, stranger.id, "test")).token;
    const res = await call("PUT", url(), { body_text: "Ciao", internal: false }, token);
    expect([res.statusCode, res.json().error.code]).toEqual([404, "not_found"]);
    expect((await call("GET", url(), undefined, token)).statusCode).toBe(404);
    const bad = await call("PUT", url(), { body_text: 42 });
    expect([bad.statusCode, bad.json().error.code]).toEqual([400, "validation_error"]);
  });
});
