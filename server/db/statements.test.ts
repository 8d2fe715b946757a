import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIALECTS, type TestEnv, testEnv } from "../test/harness";
import { insertQuery, insertRows, statement } from "./statements";

describe.each(DIALECTS)("statements without the query builder, on %s", (mode) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await testEnv(mode, {}, { worker: false });
  });
  afterAll(async () => {
    await env?.close();
  });
  const customer = (email: string, name: string | null) => ({
    workspace_id: env.workspaceId,
    email,
    name,
    phone: null,
    language: null,
    organization_id: null,
    external_id: null,
    created_at: 1,
    updated_at: 2,
  });
  const byEmail = statement<{ email: string; name: string | null; updated_at: number }>(
    'select "email", "name", "updated_at" from "customers" where "workspace_id" = ? and "email" = ?',
  );

  it("inserts several rows with their values bound, and gives back what RETURNING names", async () => {
    const db = env.rt.ctx.db;
    const rows = await insertRows<"customers", { id: number; email: string }>(
      db,
      "customers",
      [customer("uno@s.it", "Uno"), customer("due@s.it", "O'Due ? $1")],
      'returning "id", "email"',
    );
    expect(rows.map((r) => r.email)).toEqual(["uno@s.it", "due@s.it"]);
    expect(rows[1].id).toBeGreaterThan(rows[0].id);
    // A value with a quote, a question mark and a dollar sign is a value, not SQL.
    expect(await byEmail.first(db, [env.workspaceId, "due@s.it"])).toEqual({
      email: "due@s.it",
      name: "O'Due ? $1",
      updated_at: 2,
    });
    expect(await byEmail.first(db, [env.workspaceId, "nessuno@s.it"])).toBeUndefined();
  });

  it("runs its ON CONFLICT suffix, and the same shape again with other values", async () => {
    const db = env.rt.ctx.db;
    const again = await insertRows(
      db,
      "customers",
      [customer("uno@s.it", "Altro")],
      'on conflict ("workspace_id", "email") do nothing returning "id"',
    );
    expect(again).toEqual([]);
    expect((await byEmail.first(db, [env.workspaceId, "uno@s.it"]))?.name).toBe("Uno");
    await insertRows(
      db,
      "customers",
      [customer("tre@s.it", "Tre")],
      'on conflict ("workspace_id", "email") do nothing returning "id"',
    );
    expect((await byEmail.all(db, [env.workspaceId, "tre@s.it"])).map((r) => r.name)).toEqual(["Tre"]);
  });

  it("leaves out a column whose value is undefined in the first row, as Kysely does, and numbers PostgreSQL's placeholders", async () => {
    const db = env.rt.ctx.db;
    const q = insertQuery(db, "customers", [
      { ...customer("quattro@s.it", "Quattro"), phone: undefined },
      customer("cinque@s.it", null),
    ]);
    expect(q.sql).not.toContain('"phone"');
    expect(q.parameters).toHaveLength(2 * 8);
    expect(q.sql).toContain(
      mode === "sqlite" ? "(?, ?, ?, ?, ?, ?, ?, ?), (?" : "($1, $2, $3, $4, $5, $6, $7, $8), ($9",
    );
    await db.executeQuery(q);
    expect((await byEmail.first(db, [env.workspaceId, "cinque@s.it"]))?.name).toBeNull();
  });
});
