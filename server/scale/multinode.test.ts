import { Redis } from "ioredis";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { openDatabase } from "../db/index";
import { BullQueue } from "../jobs/bullmq-queue";
import { freshDatabase, postgresAvailable, REDIS_TEST_URL } from "../test/harness";
import { prepareInstallation, redisAvailable, startNode } from "../test/nodes";
import { joined } from "../test/realtime";
import { drainBullmq, waitFor } from "../test/wait";

const ready = (await postgresAvailable()) && (await redisAvailable());
if (!ready)
  console.warn(
    "multi-node suite skipped: it needs PostgreSQL at 127.0.0.1:5432 and Redis at 127.0.0.1:6379 (CI has both)",
  );

// Two web nodes and two workers as separate processes on one PostgreSQL and one Redis.
describe.skipIf(!ready)("several nodes on PostgreSQL and Redis", () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let env: Record<string, string>;
  let token: string;
  let webA: Awaited<ReturnType<typeof startNode>>;
  let webB: Awaited<ReturnType<typeof startNode>>;
  let workers: Awaited<ReturnType<typeof startNode>>[] = [];
  const prefix = `spnodes${Date.now()}`;

  beforeAll(async () => {
    db = await freshDatabase("postgres");
    // A key prefix of its own keeps this run apart from any other user of the same Redis.
    env = {
      DATABASE_URL: db.databaseUrl!,
      REDIS_URL: REDIS_TEST_URL,
      REDIS_PREFIX: prefix,
      DATA_DIR: db.dataDir,
      LOGIN_RATE_LIMIT: "6",
      // A killed worker's jobs run elsewhere after 5 s instead of the default 30: the same proof, sooner.
      JOB_LOCK_SECONDS: "5",
    };
    token = await prepareInstallation(env);
    [webA, webB, ...workers] = await Promise.all([
      startNode("web", env),
      startNode("web", env),
      startNode("worker", env),
      startNode("worker", env),
    ]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([webA, webB, ...workers].filter(Boolean).map((n) => n.kill("SIGKILL")));
    await db?.drop();
  });

  // Whether the push crosses nodes is checked here; how fast it does is bench/nodes.bench.ts's job (a timed
  // assertion on two busy cores fails for reasons that have nothing to do with the code).
  it("pushes every message created on node B to a websocket on node A", async () => {
    const create = await fetch(`${webB.url}/api/v1/tickets`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ subject: "Cross-node", body_text: "ciao", requester: { email: "x@example.it" } }),
    });
    const { number } = (await create.json()) as { number: number };
    const ws = new WebSocket(`ws://127.0.0.1:${webA.port}/api/v1/realtime?token=${token}`);
    await joined(ws);
    const latencies: number[] = [];
    for (let i = 0; i < 10; i++) {
      const body = `messaggio ${i}`;
      const got = new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no push on node A for "${body}" within 10 s`)), 10_000);
        ws.on("message", (d) => {
          const m = JSON.parse(d.toString());
          if (m.type === "message.created" && m.message.body_text === body) {
            clearTimeout(timer);
            resolve(performance.now());
          }
        });
      });
      const sent = performance.now();
      const res = await fetch(`${webB.url}/api/v1/tickets/${number}/messages`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ body_text: body }),
      });
      expect(res.status).toBe(201);
      // From the request leaving the client to the push arriving on the other node: an upper bound.
      latencies.push((await got) - sent);
    }
    ws.close();
    latencies.sort((a, b) => a - b);
    console.log(
      `cross-node push, request sent to push received: median ${latencies[5].toFixed(1)} ms, max ${latencies[9].toFixed(1)} ms`,
    );
    expect(latencies).toHaveLength(10);
  });

  it("holds one login rate limit across both web nodes", async () => {
    // Another address each time: the per-account limit (its delay from the third wrong password) is not tried here.
    let n = 0;
    const attempt = (url: string) =>
      fetch(`${url}/api/v1/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: `guess${++n}@example.it`, password: "wrong password" }),
      }).then((r) => r.status);
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push(await attempt(webA.url), await attempt(webB.url));
    expect(codes.slice(0, 6)).toEqual([401, 401, 401, 401, 401, 401]);
    expect(codes.slice(6)).toEqual([429, 429]);
  });

  it("runs 1,100 jobs exactly once while both workers are killed and one restarted", async () => {
    const log = pino({ level: "silent" });
    const queue = new BullQueue(() => new Redis(env.REDIS_URL, { maxRetriesPerRequest: null }), log, prefix);
    const keys = Array.from({ length: 1100 }, (_, i) => `${prefix}-${i}`);
    // In one bulk add: enqueued one by one, the first thousand took as long to add as the two workers took to run
    // them on a slow machine, and all 1,000 were done before the kill (a red run).
    const enqueue = (batch: string[]) =>
      queue.enqueueMany(batch.map((key) => ({ name: "test.record", payload: { key, sleep_ms: 15 } })));
    await enqueue(keys.slice(0, 1000));
    const handle = openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
    const count = async () =>
      Number(
        (
          await handle.db
            .selectFrom("job_probe")
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    await waitFor(async () => (await count()) >= 150, { timeoutMs: 60_000, what: "150 jobs run" });
    const killedPid = workers[0].proc.pid;
    await workers[0].kill("SIGKILL");
    const atKill = await count();
    workers[0] = await startNode("worker", env);
    // The other worker may have finished the first batch while the new one started; killing it too and
    // enqueueing a second batch leaves the restarted worker alone with work to do, on any machine.
    await workers[1].kill("SIGKILL");
    await enqueue(keys.slice(1000));
    // Every job run, and none left in BullMQ, not even one a killed worker held (it runs again once its lock
    // expires): a duplicate would have been written by then.
    await waitFor(async () => (await count()) >= keys.length, { timeoutMs: 120_000, what: "1,100 jobs run" }).catch(
      () => {}, // on time-out, the assertions below say how many ran
    );
    await drainBullmq({ redisUrl: env.REDIS_URL, redisPrefix: prefix }, { timeoutMs: 120_000, includeDelayed: true });
    const rows = await handle.db.selectFrom("job_probe").select(["key", "pid"]).execute();
    const pids = new Set(rows.map((r) => Number(r.pid)));
    console.log(
      `1,100 jobs: ${atKill} done when worker 1 was killed; ${rows.length} rows, ${pids.size} worker processes took part`,
    );
    expect(atKill).toBeLessThan(1000);
    expect(rows).toHaveLength(keys.length);
    expect(new Set(rows.map((r) => r.key))).toEqual(new Set(keys));
    expect(pids).toContain(killedPid);
    expect(pids).toContain(workers[0].proc.pid);
    await queue.close();
    await handle.close();
  }, 180_000);
});
