import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAgent } from "../../db/factories";
import { DATABASES, type TestEnv, testEnv, tokenFor } from "../../test/harness";

// Deflection counting: suggestions shown, opened, deflected and submitted anyway, once per visit and article,
// for published public articles only, reported per article and period.
describe.each(DATABASES)("deflection on %s", (dialect) => {
  let env: TestEnv;
  const ids: Record<string, number> = {};
  beforeAll(async () => {
    env = await testEnv(dialect, {}, { worker: false });
    for (const [key, body] of Object.entries({
      reso: { title: "Come fare un reso", language: "it", status: "published" },
      spedizione: { title: "Tempi di spedizione", language: "it", status: "published" },
      interno: { title: "Resi: procedura interna", language: "it", status: "published", internal: true },
    })) {
      const res = await env.app.inject({
        method: "POST",
        url: "/api/v1/kb/articles",
        payload: body,
        headers: env.auth(env.adminToken),
      });
      ids[key] = res.json().id;
    }
  });
  afterAll(async () => env?.close());

  const send = (kind: string, visit: string, article_ids: number[]) =>
    env.app.inject({ method: "POST", url: "/api/v1/public/kb/deflections", payload: { kind, visit, article_ids } });
  const report = async (token = env.adminToken) =>
    env.app.inject({
      method: "GET",
      url: `/api/v1/kb/reports/deflection?from=${new Date(Date.now() - 3600_000).toISOString()}&to=${new Date(Date.now() + 3600_000).toISOString()}`,
      headers: env.auth(token),
    });

  it("counts each kind once per visit and article, and never an internal article", async () => {
    // Visit one: two suggestions shown (twice, as a page re-sends while typing), one opened, then left: deflected.
    expect((await send("shown", "visit-aaaaaaaa", [ids.reso, ids.spedizione, ids.interno])).statusCode).toBe(200);
    await send("shown", "visit-aaaaaaaa", [ids.reso, ids.spedizione]);
    await send("opened", "visit-aaaaaaaa", [ids.reso]);
    await send("deflected", "visit-aaaaaaaa", [ids.reso]);
    // Visit two: shown, opened, and the request sent anyway.
    await send("shown", "visit-bbbbbbbb", [ids.reso]);
    await send("opened", "visit-bbbbbbbb", [ids.reso]);
    await send("submitted", "visit-bbbbbbbb", [ids.reso]);
    expect((await send("exploded", "visit-bbbbbbbb", [ids.reso])).statusCode).toBe(400);
    const res = await report();
    expect(res.statusCode).toBe(200);
    expect(res.json().data).toEqual([
      {
        article_id: ids.reso,
        title: "Come fare un reso",
        language: "it",
        shown: 2,
        opened: 2,
        deflected: 1,
        submitted: 1,
      },
      {
        article_id: ids.spedizione,
        title: "Tempi di spedizione",
        language: "it",
        shown: 1,
        opened: 0,
        deflected: 0,
        submitted: 0,
      },
    ]);
  });

  it("is read by leads only, over a period that ends after it starts", async () => {
    const agent = await buildAgent(env.rt.ctx.db, env.workspaceId, { role: "agent" });
    expect((await report(await tokenFor(env, agent.id))).statusCode).toBe(403);
    const wrong = await env.app.inject({
      method: "GET",
      url: "/api/v1/kb/reports/deflection?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z",
      headers: env.auth(env.adminToken),
    });
    expect(wrong.json().error.code).toBe("invalid_period");
    const past = await env.app.inject({
      method: "GET",
      url: "/api/v1/kb/reports/deflection?from=2020-01-01T00:00:00Z&to=2020-02-01T00:00:00Z",
      headers: env.auth(env.adminToken),
    });
    expect(past.json().data).toEqual([]);
  });
});
