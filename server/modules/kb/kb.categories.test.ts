import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAgent } from "../../db/factories";
import { DATABASES, type TestEnv, testEnv, tokenFor } from "../../test/harness";

// Categories changed and deleted through the real app, on SQLite and PostgreSQL: renamed, moved (never into a
// cycle), deleted only when nothing uses them, by leads only.
describe.each(DATABASES)("knowledge-base categories on %s", (dialect) => {
  let env: TestEnv;
  let agentToken: string;
  beforeAll(async () => {
    env = await testEnv(dialect, {}, { worker: false });
    const agent = await buildAgent(env.rt.ctx.db, env.workspaceId, { role: "agent" });
    agentToken = await tokenFor(env, agent.id);
  });
  afterAll(async () => env?.close());

  const call = (method: "GET" | "POST" | "PATCH" | "DELETE", url: string, payload?: object, token = env.adminToken) =>
    env.app.inject({ method, url, payload, headers: env.auth(token) });
  const category = async (body: object) => {
    const res = await call("POST", "/api/v1/kb/categories", body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: number; slug: string };
  };

  it("renames a category and moves it under another, never under itself or its own", async () => {
    const a = await category({ name: "Macchine" });
    const b = await category({ name: "Caldaie", parent_id: a.id });
    const c = await category({ name: "Ricambi", parent_id: b.id });
    const renamed = await call("PATCH", `/api/v1/kb/categories/${b.id}`, {
      name: "Caldaie a gas",
      name_en: "Gas boilers",
    });
    expect(renamed.json()).toEqual({
      id: b.id,
      name: "Caldaie a gas",
      name_en: "Gas boilers",
      slug: "caldaie",
      parent_id: a.id,
    });
    for (const parent of [a.id, b.id, c.id]) {
      const res = await call("PATCH", `/api/v1/kb/categories/${a.id}`, { parent_id: parent });
      expect(res.statusCode, `under ${parent}`).toBe(409);
      expect(res.json().error.code).toBe("category_cycle");
    }
    const moved = await call("PATCH", `/api/v1/kb/categories/${c.id}`, { parent_id: a.id });
    expect(moved.json()).toMatchObject({ parent_id: a.id });
    const top = await call("PATCH", `/api/v1/kb/categories/${c.id}`, { parent_id: null });
    expect(top.json()).toMatchObject({ parent_id: null });
    expect((await call("PATCH", `/api/v1/kb/categories/${c.id}`, { parent_id: 999999 })).json().error.code).toBe(
      "unknown_category",
    );
    expect((await call("PATCH", `/api/v1/kb/categories/${c.id}`, { slug: "macchine" })).json().error.code).toBe(
      "slug_taken",
    );
    expect((await call("PATCH", "/api/v1/kb/categories/999999", { name: "X" })).statusCode).toBe(404);
  });

  it("deletes a category only when no article and no subcategory uses it", async () => {
    const parent = await category({ name: "Spedizioni estere" });
    const child = await category({ name: "Dogana", parent_id: parent.id });
    const art = await call("POST", "/api/v1/kb/articles", { title: "Dazi", language: "it", category_id: child.id });
    expect(art.statusCode).toBe(201);
    const busy = await call("DELETE", `/api/v1/kb/categories/${parent.id}`);
    expect(busy.statusCode).toBe(409);
    expect(busy.json().error).toMatchObject({ code: "category_in_use" });
    expect((await call("DELETE", `/api/v1/kb/categories/${child.id}`)).json().error.code).toBe("category_in_use");
    await call("PATCH", `/api/v1/kb/articles/${art.json().id}`, { category_id: null });
    expect((await call("DELETE", `/api/v1/kb/categories/${child.id}`)).statusCode).toBe(200);
    expect((await call("DELETE", `/api/v1/kb/categories/${parent.id}`)).statusCode).toBe(200);
    const left = (await call("GET", "/api/v1/kb/categories")).json().data.map((c: { id: number }) => c.id);
    expect(left).not.toContain(parent.id);
    expect(left).not.toContain(child.id);
  });

  it("lets only leads change or delete categories", async () => {
    const c = await category({ name: "Solo capi" });
    expect((await call("PATCH", `/api/v1/kb/categories/${c.id}`, { name: "X" }, agentToken)).statusCode).toBe(403);
    expect((await call("DELETE", `/api/v1/kb/categories/${c.id}`, undefined, agentToken)).statusCode).toBe(403);
  });
});
