import crypto from "node:crypto";
import { Redis } from "ioredis";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIALECTS, REDIS_TEST_URL, testEnv, type TestEnv, waitFor } from "../test/harness";
import { BullQueue } from "./bullmq-queue";
import { DbQueue } from "./db-queue";
import type { JobQueue } from "./queue";

describe.each(DIALECTS)("a failed job (%s)", (mode) => {
  let env: TestEnv;
  let queue: JobQueue;
  const lines: Record<string, unknown>[] = [];
  const log = pino({ level: "info" }, { write: (s: string) => void lines.push(JSON.parse(s)) });

  beforeAll(async () => {
    env = await testEnv(mode, {}, { worker: false });
    queue =
      mode === "scaleout"
        ? new BullQueue(
            () => new Redis(REDIS_TEST_URL, { maxRetriesPerRequest: null }),
            log,
            `sptest${crypto.randomBytes(4).toString("hex")}`,
          )
        : new DbQueue(env.rt.ctx.db, env.rt.ctx.dialect, log);
  });
  afterAll(async () => {
    await queue.close();
    await env.close();
  });

  it("is logged once per attempt, with the attempt, the next try, and the request that caused it", async () => {
    let runs = 0;
    const recorded: string[] = [];
    queue.start({
      "mail.send": async () => {
        runs++;
        throw new Error("the relay said no");
      },
      "test.record": async ({ key }) => void recorded.push(key),
    });
    await queue.enqueue("mail.send", { mail_id: 7, request_id: "req-abc" }, { attempts: 2 });
    const failures = () => lines.filter((l) => l.job === "mail.send");
    await waitFor(() => failures().length >= 2, 30_000);
    // A job queued after the last failure has run: a second line for either attempt would have come by now.
    await queue.enqueue("test.record", { key: "after" });
    await waitFor(() => recorded.includes("after"), 30_000);
    expect(runs).toBe(2);
    const [first, last] = failures();
    expect(failures()).toHaveLength(2);
    expect(first).toMatchObject({ level: 40, attempt: 1, attempts: 2, mail_id: 7, reqId: "req-abc" });
    expect(first.msg).toBe("mail.send failed (attempt 1 of 2); next try in 2 s");
    expect((first.err as { message: string }).message).toBe("the relay said no");
    const retryAt = Date.parse(first.retryAt as string) - (first.time as number);
    expect(retryAt).toBeGreaterThanOrEqual(1900);
    expect(retryAt).toBeLessThanOrEqual(2100);
    expect(last).toMatchObject({
      level: 50,
      attempt: 2,
      attempts: 2,
      msg: "mail.send failed (attempt 2 of 2); no more retries",
    });
    expect(last.retryAt).toBeUndefined();
  });
});
