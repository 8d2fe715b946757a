import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, testEnv, type TestEnv } from "../test/harness";
import { writeTogether } from "./together";

describe.each(DATABASES)("writeTogether on %s", (mode) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await testEnv(mode, {}, { worker: false });
  });
  afterAll(() => env.close());

  it("writes each statement with its own parameters and returns the last one's rows", async () => {
    const { db, dialect } = env.rt.ctx;
    const probe = (key: string, pid: number) => db.insertInto("job_probe").values({ key, pid, ran_at: pid * 10 });
    const rows = await writeTogether<{ key: string; pid: number }>(db, dialect, [
      probe("a", 1).compile(),
      db
        .insertInto("job_probe")
        .values([
          { key: "b", pid: 2, ran_at: 20 },
          { key: "c", pid: 3, ran_at: 30 },
        ])
        .compile(),
      probe("d", 4).returning(["key", "pid"]).compile(),
    ]);
    expect(rows).toEqual([{ key: "d", pid: 4 }]);
    const all = await db.selectFrom("job_probe").select(["key", "pid", "ran_at"]).orderBy("key").execute();
    expect(all).toEqual([
      { key: "a", pid: 1, ran_at: 10 },
      { key: "b", pid: 2, ran_at: 20 },
      { key: "c", pid: 3, ran_at: 30 },
      { key: "d", pid: 4, ran_at: 40 },
    ]);
  });

  it("keeps none of the writes when one fails, inside the caller's transaction", async () => {
    const { db, dialect } = env.rt.ctx;
    const file = (sha256: string) =>
      db
        .insertInto("stored_files")
        .values({ sha256, content: Buffer.from(sha256), created_at: 1 })
        .compile();
    await db
      .insertInto("stored_files")
      .values({ sha256: "taken", content: Buffer.from("x"), created_at: 1 })
      .execute();
    await expect(
      db.transaction().execute((trx) => writeTogether(trx, dialect, [file("first"), file("taken")])),
    ).rejects.toThrow();
    expect(
      await db.selectFrom("stored_files").select("sha256").where("sha256", "=", "first").executeTakeFirst(),
    ).toBeUndefined();
  });
});
