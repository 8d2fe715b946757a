import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "./index";

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
      await new Promise((r) => setTimeout(r, 150));
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
