import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../db/index";
import { migrateToLatest, migrator } from "../../db/migrate";
import { buildTicket, buildWorkspace } from "../../db/factories";
import { freshDatabase, postgresAvailable, testEnv } from "../../test/harness";
import { updateTicket } from "./tickets.service";
import { takeTicketNumber } from "./tickets.queries";

// Ticket numbers on PostgreSQL come from a sequence per workspace (migration 037) and the inbox counts are spread
// over slots (038), so that creators do not queue on one row until they commit. SQLite keeps one counter and one
// row per count (concurrency.test.ts covers both databases).
describe.runIf(await postgresAvailable())("ticket numbers and counts on postgres", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });
  const open = async () => {
    const fresh = await freshDatabase("postgres");
    const h = openDatabase({ databaseUrl: fresh.databaseUrl, dataDir: fresh.dataDir });
    cleanups.push(fresh.drop, () => h.close());
    return h;
  };

  it("go on from the workspace's counter after the migration, and start at 1 in a new workspace", async () => {
    const h = await open();
    const { error } = await migrator(h).migrateTo("036_workspace_brand");
    expect(error).toBeUndefined();
    const old = await h.db
      .insertInto("workspaces")
      .values({ name: "Prima", default_language: "it", timezone: "Europe/Rome", next_ticket_number: 42, created_at: 0 })
      .returning("id")
      .executeTakeFirstOrThrow();
    await migrateToLatest(h);
    expect(await takeTicketNumber(h.db, old.id)).toBe(42);
    expect(await takeTicketNumber(h.db, old.id)).toBe(43);
    const fresh = await buildWorkspace(h.db, { name: "Nuova" });
    expect(await takeTicketNumber(h.db, fresh.id)).toBe(1);
    expect(await takeTicketNumber(h.db, old.id)).toBe(44);
  });

  it("are handed to two open transactions without one waiting for the other", async () => {
    const h = await open();
    await migrateToLatest(h);
    const ws = await buildWorkspace(h.db);
    let releaseFirst!: () => void;
    const firstHolds = new Promise<void>((r) => (releaseFirst = r));
    let firstTook!: () => void;
    const taken = new Promise<void>((r) => (firstTook = r));
    // The first transaction takes a number and stays open until the second has taken its own: with the counter
    // row's lock the second would wait for the first's commit, and this test would never end.
    const first = h.db.transaction().execute(async (trx) => {
      const n = await takeTicketNumber(trx, ws.id);
      firstTook();
      await firstHolds;
      return n;
    });
    await taken;
    const second = await h.db.transaction().execute((trx) => takeTicketNumber(trx, ws.id));
    releaseFirst();
    expect([await first, second]).toEqual([1, 2]);
  });

  it("spread a view's count over slots, and the counts are their sums through creations and changes", async () => {
    const env = await testEnv("postgres", {}, { worker: false });
    cleanups.push(() => env.close());
    const agent = env.admin.actor;
    const tickets = [];
    for (let i = 0; i < 5; i++) tickets.push(await buildTicket(env.rt.ctx, agent, { subject: `Conteggio ${i}` }));
    const rows = await env.rt.ctx.db
      .selectFrom("ticket_counts")
      .select(["slot", "count"])
      .where("workspace_id", "=", env.workspaceId)
      .where("status", "=", "new")
      .execute();
    expect(rows.length).toBeGreaterThan(1);
    const counts = async () =>
      (
        await env.app.inject({ method: "GET", url: "/api/v1/tickets/counts", headers: env.auth(env.adminToken) })
      ).json();
    expect(await counts()).toMatchObject({ all_open: 5, unassigned: 5 });
    await updateTicket(env.rt.ctx, agent, tickets[0].number, { status: "solved" });
    await updateTicket(env.rt.ctx, agent, tickets[1].number, { assignee_id: env.admin.id });
    expect(await counts()).toMatchObject({ all_open: 4, unassigned: 3, mine: 1 });
  });
});
