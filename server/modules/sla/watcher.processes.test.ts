import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { openDatabase } from "../../db/index";
import { freshDatabase, postgresAvailable, REDIS_TEST_URL } from "../../test/harness";
import { prepareInstallation, redisAvailable, startNode } from "../../test/nodes";
import { joined, markerArrived, redisHub } from "../../test/realtime";
import { waitFor } from "../../test/wait";
import { rooms } from "../../../shared/realtime";

const ready = (await postgresAvailable()) && (await redisAvailable());
if (!ready)
  console.warn(
    "SLA watcher processes suite skipped: it needs PostgreSQL at 127.0.0.1:5432 and Redis at 127.0.0.1:6379",
  );

const TICKETS = 40;

// Three worker processes (`sportello start --roles worker`) watch the same PostgreSQL database; every clock
// falls due at the same instant, so all three wake for it together. Each warning and each breach must be
// recorded once and pushed once (through Redis to the web node's websocket).
describe.skipIf(!ready)("SLA warnings and breaches with several worker processes", () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let env: Record<string, string>;
  let token: string;
  const nodes: Awaited<ReturnType<typeof startNode>>[] = [];

  beforeAll(async () => {
    db = await freshDatabase("postgres");
    env = {
      DATABASE_URL: db.databaseUrl!,
      REDIS_URL: REDIS_TEST_URL,
      REDIS_PREFIX: `spsla${Date.now()}`,
      DATA_DIR: db.dataDir,
    };
    token = await prepareInstallation(env);
    // One after the other: on a busy machine four cold starts at once can outlast a node's start timeout.
    for (const roles of ["web", "worker", "worker", "worker"]) nodes.push(await startNode(roles, env));
  }, 180_000);

  afterAll(async () => {
    await Promise.all(nodes.filter(Boolean).map((n) => n.kill("SIGKILL")));
    await db?.drop();
  });

  it("records and pushes each warning and breach exactly once", async () => {
    const web = nodes[0];
    const numbers: number[] = [];
    for (let i = 0; i < TICKETS; i++) {
      const r = await fetch(`${web.url}/api/v1/tickets`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ subject: `Scadenza ${i}`, body_text: "x", requester: { email: `c${i}@sla.test` } }),
      });
      expect(r.status).toBe(201);
      numbers.push(((await r.json()) as { number: number }).number);
    }
    const ws = new WebSocket(`ws://127.0.0.1:${web.port}/api/v1/realtime?token=${token}`);
    const pushes: { type: string; ticket_number: number }[] = [];
    ws.on("message", (d) => {
      const m = JSON.parse(d.toString());
      if (m.type === "sla.warning" || m.type === "sla.breached") pushes.push(m);
    });
    await joined(ws);

    // Every worker looks at least once within 10 s and then sleeps until the shared instant.
    const handle = openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
    const at = Date.now() + 12_000;
    await handle.db
      .updateTable("sla_clocks")
      .set({ warn_at: at, due_at: at + 300 })
      .where("target", "=", "first_response")
      .execute();
    const count = async (type: string) =>
      Number(
        (
          await handle.db
            .selectFrom("ticket_events")
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .where("type", "=", type)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const pushedOnce = (type: string) => new Set(pushes.filter((p) => p.type === type).map((p) => p.ticket_number));
    await waitFor(
      async () =>
        (await count("sla_warning")) >= TICKETS &&
        (await count("sla_breached")) >= TICKETS &&
        pushedOnce("sla.warning").size >= TICKETS &&
        pushedOnce("sla.breached").size >= TICKETS,
      { timeoutMs: 40_000, what: "every warning and breach recorded and pushed" },
    ).catch(() => {}); // on time-out, the assertions below say what is missing
    // A late duplicate can only come from a worker: stop them (each ends what it started), then let everything
    // they published reach the socket before counting.
    await Promise.all(nodes.slice(1).map((n) => n.kill("SIGTERM")));
    const { id: workspaceId } = await handle.db.selectFrom("workspaces").select("id").executeTakeFirstOrThrow();
    const remote = await redisHub(env.REDIS_URL, env.REDIS_PREFIX);
    await markerArrived(ws, remote.hub, rooms.workspace(workspaceId));
    remote.close();

    const events = await handle.db
      .selectFrom("ticket_events")
      .innerJoin("tickets", "tickets.id", "ticket_events.ticket_id")
      .select(["tickets.number", "ticket_events.type"])
      .where("ticket_events.type", "in", ["sla_warning", "sla_breached"])
      .execute();
    const once = (rows: { number: number; type: string }[], type: string) =>
      rows
        .filter((r) => r.type === type)
        .map((r) => r.number)
        .sort((a, b) => a - b);
    expect(once(events, "sla_warning")).toEqual(numbers);
    expect(once(events, "sla_breached")).toEqual(numbers);
    const pushed = pushes.map((p) => ({
      number: p.ticket_number,
      type: p.type === "sla.warning" ? "sla_warning" : "sla_breached",
    }));
    expect(once(pushed, "sla_warning")).toEqual(numbers);
    expect(once(pushed, "sla_breached")).toEqual(numbers);
    const clocks = await handle.db
      .selectFrom("sla_clocks")
      .select(["warned_at", "breached_at"])
      .where("target", "=", "first_response")
      .execute();
    expect(clocks.every((c) => c.warned_at !== null && c.breached_at !== null)).toBe(true);
    ws.close();
    await handle.close();
  }, 90_000);
});
