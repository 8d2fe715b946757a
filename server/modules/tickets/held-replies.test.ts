import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRuntime } from "../../runtime";
import { buildAgent } from "../../test/factories";
import { DIALECTS, type TestEnv, testEnv, tokenFor, waitFor } from "../../test/harness";
import { releaseDue } from "./held-replies.service";

// "Undo send": a public reply waits for the workspace's window, comes back whole when undone, is sent once when
// the window passes, by whichever worker is running then (a process that stopped meanwhile loses nothing).
describe.each(DIALECTS)("held replies on %s", (mode) => {
  let env: TestEnv;
  let number: number;
  beforeAll(async () => {
    env = await testEnv(mode, {}, { worker: false });
    number = (
      await call("POST", "/api/v1/tickets", {
        subject: "Rimborso",
        body_text: "Vorrei un rimborso",
        requester: { email: "rimborso@example.it" },
      })
    ).json().number;
  });
  afterAll(async () => env?.close());

  function call(method: "GET" | "POST" | "PATCH" | "DELETE", url: string, payload?: unknown, token?: string) {
    return env.app.inject({ method, url, payload: payload as object, headers: env.auth(token ?? env.adminToken) });
  }
  const bodies = async () =>
    (await call("GET", `/api/v1/tickets/${number}/messages`))
      .json()
      .data.map((m: { body_text: string }) => m.body_text) as string[];

  it("holds a reply for the window (5 s by default) and gives it back whole when undone", async () => {
    expect((await call("GET", "/api/v1/workspace")).json().undo_send_seconds).toBe(5);
    const held = await call("POST", `/api/v1/tickets/${number}/held-replies`, {
      body_text: "Rimborso approvato",
      status: "solved",
    });
    expect(held.statusCode).toBe(201);
    const h = held.json();
    expect(h).toMatchObject({ seconds: 5, message_id: null });
    expect(Date.parse(h.send_at) - Date.now()).toBeGreaterThan(3000);
    expect(await bodies()).toEqual(["Vorrei un rimborso"]);
    // Only its author may take it back.
    const anna = await buildAgent(env.rt.ctx.db, env.workspaceId, { role: "agent", name: "Anna" });
    const other = await call("DELETE", `/api/v1/held-replies/${h.id}`, undefined, await tokenFor(env, anna.id));
    expect([other.statusCode, other.json().error.code]).toEqual([409, "held_reply_gone"]);
    const undone = await call("DELETE", `/api/v1/held-replies/${h.id}`);
    expect(undone.json()).toEqual({ body_text: "Rimborso approvato", attachment_ids: [], status: "solved" });
    expect((await call("DELETE", `/api/v1/held-replies/${h.id}`)).statusCode).toBe(409);
    // Nothing is due: the undone reply is never sent.
    expect(await releaseDue(env.rt.ctx, Date.now() + 60_000)).toBe(0);
    expect(await bodies()).toEqual(["Vorrei un rimborso"]);
  });

  it("is sent once its window passes, by a worker started after the process that held it stopped", async () => {
    const h = (
      await call("POST", `/api/v1/tickets/${number}/held-replies`, { body_text: "Eccoci", status: "pending" })
    ).json();
    // The window passes (moved rather than waited for)...
    await env.rt.ctx.db
      .updateTable("held_replies")
      .set({ send_at: Date.now() - 1 })
      .where("id", "=", h.id)
      .execute();
    // ...while this runtime has no worker (as a web node, or a process killed before the window passed); another node's
    // worker, started now on the same database, sends it.
    const worker = await createRuntime(env.config, { log: pino({ level: "silent" }), migrate: false });
    worker.startWorker();
    try {
      await waitFor(async () => (await bodies()).includes("Eccoci"), { timeoutMs: 15_000 });
    } finally {
      await worker.close();
    }
    expect((await bodies()).filter((b) => b === "Eccoci")).toHaveLength(1);
    expect((await call("GET", `/api/v1/tickets/${number}`)).json().status).toBe("pending");
    const late = await call("DELETE", `/api/v1/held-replies/${h.id}`);
    expect([late.statusCode, late.json().error.code]).toEqual([409, "held_reply_gone"]);
  });

  it("sends at once with a window of 0, refuses more than 30, and keeps a reply to a merged ticket as a draft", async () => {
    expect((await call("PATCH", "/api/v1/workspace", { undo_send_seconds: 31 })).statusCode).toBe(400);
    expect((await call("PATCH", "/api/v1/workspace", { undo_send_seconds: 0 })).json().undo_send_seconds).toBe(0);
    const now = (await call("POST", `/api/v1/tickets/${number}/held-replies`, { body_text: "Subito" })).json();
    expect(now).toMatchObject({ id: null, seconds: 0, message_id: expect.any(Number) });
    expect(await bodies()).toContain("Subito");
    await call("PATCH", "/api/v1/workspace", { undo_send_seconds: 30 });
    const h = (await call("POST", `/api/v1/tickets/${number}/held-replies`, { body_text: "Troppo tardi" })).json();
    const other = (
      await call("POST", "/api/v1/tickets", {
        subject: "Altro",
        body_text: "Altro",
        requester: { email: "rimborso@example.it" },
      })
    ).json();
    await call("POST", `/api/v1/tickets/${number}/merge`, { into: other.number });
    expect(await releaseDue(env.rt.ctx, Date.now() + 31_000)).toBe(0);
    const draft = (await call("GET", `/api/v1/tickets/${number}/draft`)).json();
    expect(draft.draft).toMatchObject({ body_text: "Troppo tardi", internal: false });
    expect((await call("DELETE", `/api/v1/held-replies/${h.id}`)).statusCode).toBe(409);
  });
});
