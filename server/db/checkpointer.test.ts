import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { waitFor } from "../test/wait";
import { openDatabase } from "./index";

/**
 * Whether every frame in the log has been copied into the database: SQLite's shared index (the -shm file) holds
 * the log's last frame (mxFrame, offset 16 of its header) and, after the header's two copies, how far a
 * checkpoint got (nBackfill, offset 96); both in the machine's byte order.
 */
function checkpointed(dir: string): boolean {
  const shm = fs.readFileSync(path.join(dir, "sportello.db-shm")).subarray(0, 100);
  const mxFrame = shm.readUInt32LE(16);
  return mxFrame > 0 && shm.readUInt32LE(96) === mxFrame;
}

describe("WAL checkpoints in a thread of their own (SQLite)", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sportello-ckpt-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("copies the log into the database between writes, so the log starts over instead of growing", async () => {
    const handle = openDatabase({ databaseUrl: null, dataDir: dir });
    const { db } = handle;
    await sql`CREATE TABLE blobs (id integer PRIMARY KEY, content blob NOT NULL)`.execute(db);
    const wal = path.join(dir, "sportello.db-wal");
    const chunk = Buffer.alloc(400_000, 1);
    let largest = 0;
    for (let i = 0; i < 20; i++) {
      await sql`INSERT INTO blobs (content) VALUES (${chunk})`.execute(db);
      largest = Math.max(largest, fs.statSync(wal).size);
      // The thread checkpoints every 100 ms; the next write then starts the log from its beginning.
      await waitFor(() => checkpointed(dir), { timeoutMs: 5000, what: "the thread to checkpoint the log" });
    }
    // 8 MB were written. The writer's own checkpoint waits for 40 MB, so without the thread the log would hold
    // them all; with it, it never holds much more than one write.
    expect(largest).toBeLessThan(4_000_000);
    await handle.close();
    const again = openDatabase({ databaseUrl: null, dataDir: dir });
    const { n } = (await sql<{ n: number }>`SELECT count(*) AS n FROM blobs`.execute(again.db)).rows[0];
    expect(n).toBe(20);
    await again.close();
  });
});
