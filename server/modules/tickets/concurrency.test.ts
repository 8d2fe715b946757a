import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, type TestEnv, testEnv } from "../../test/harness";

// 16 clients over real HTTP create 2,000 tickets; many of them name the same brand-new customers at the
// same moment. Every ticket must get its own number and no request may fail.
describe.each(DATABASES)("concurrent ticket creation on %s", (dialect) => {
  let env: TestEnv;
  let base: string;
  beforeAll(async () => {
    env = await testEnv(dialect, {}, { worker: false });
    await env.app.listen({ port: 0, host: "127.0.0.1" });
    base = `http://127.0.0.1:${(env.app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => env?.close(), 120_000);

  it("gives 2,000 tickets from 16 parallel creators 2,000 distinct sequential numbers", async () => {
    const CLIENTS = 16;
    const PER_CLIENT = 125;
    const statuses: number[] = [];
    const numbers: number[] = [];
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, c) => {
        for (let i = 0; i < PER_CLIENT; i++) {
          // Every client walks the same list of new customers in step: the same-customer race, 2,000 times.
          const res = await fetch(`${base}/api/v1/tickets`, {
            method: "POST",
            headers: { "content-type": "application/json", authorization: `Bearer ${env.adminToken}` },
            body: JSON.stringify({
              subject: `Richiesta ${c}-${i}`,
              body_text: "Buongiorno",
              requester: { email: `race-${i}@example.it` },
            }),
          });
          statuses.push(res.status);
          if (res.status === 201) numbers.push((await res.json()).number);
        }
      }),
    );
    expect(statuses.filter((s) => s !== 201)).toEqual([]);
    expect(new Set(numbers).size).toBe(CLIENTS * PER_CLIENT);
    const sorted = [...numbers].sort((a, b) => a - b);
    expect(sorted[0]).toBe(1);
    expect(sorted.at(-1)).toBe(CLIENTS * PER_CLIENT);
    const customers = await env.rt.ctx.db
      .selectFrom("customers")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("email", "like", "race-%")
      .executeTakeFirstOrThrow();
    expect(Number(customers.n)).toBe(PER_CLIENT);
    const counts = (await (
      await fetch(`${base}/api/v1/tickets/counts`, { headers: { authorization: `Bearer ${env.adminToken}` } })
    ).json()) as { all_open: number };
    expect(counts.all_open).toBe(CLIENTS * PER_CLIENT);
    // A correctness test, not a timing one: on a busy two-core machine 2,000 creations can pass a minute.
  }, 180_000);
});
