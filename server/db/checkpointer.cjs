// The WAL checkpointer's thread (see checkpointer.ts). Plain JavaScript: it needs nothing but better-sqlite3.
const { parentPort } = require("node:worker_threads");
const SQLite = require("better-sqlite3");

// Every 100 ms: often enough that the writer never checkpoints itself (its mark is 10,000 pages; a busy node logs
// under 1,000 pages in 100 ms), rarely enough that a page written by many commits is copied once. Against every
// 20 ms, on the SMTP benchmark: this thread's CPU 0.2 -> 0.1 ms per message, the rest unchanged; and an idle node
// reads the data version 10 times a second instead of 50.
const EVERY_MS = 100;
/** Open databases by file: a connection of this thread's own to each, and the data version its last complete
 * checkpoint saw (an idle database is not checkpointed again: the version changes with every other
 * connection's commit). */
const open = new Map();

function checkpointAll() {
  for (const [file, entry] of open) {
    try {
      const version = entry.db.pragma("data_version", { simple: true });
      if (version === entry.done) continue;
      // PASSIVE: copies what no reader still needs, without waiting for anyone or stopping the writer.
      const [result] = entry.db.pragma("wal_checkpoint(PASSIVE)");
      // Frames a reader still needed are copied at a later tick, even if nothing is written meanwhile.
      entry.done = result.busy === 0 && result.checkpointed === result.log ? version : null;
    } catch (err) {
      // Busy: another connection is checkpointing or closing the database right now (the writer's own safety-net
      // checkpoint, the last connection's close). Nothing is lost; the next tick checkpoints.
      if (err && err.code === "SQLITE_BUSY") continue;
      parentPort.postMessage({ t: "error", file, message: String(err && err.message) });
    }
  }
}

parentPort.on("message", (m) => {
  if (m.t === "open") {
    try {
      const db = new SQLite(m.file, { fileMustExist: true });
      db.pragma("busy_timeout = 0");
      open.set(m.file, { db, done: null });
    } catch (err) {
      parentPort.postMessage({ t: "error", file: m.file, message: String(err && err.message) });
    }
  } else if (m.t === "close") {
    const entry = open.get(m.file);
    open.delete(m.file);
    try {
      entry?.db.close();
    } catch {
      // Closing never fails in a way that matters here: the main connection still holds the database.
    }
    parentPort.postMessage({ t: "closed", id: m.id });
  }
});

setInterval(checkpointAll, EVERY_MS);
