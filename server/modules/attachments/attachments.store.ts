import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Db, Dialect, Trx } from "../../db/index";
import { insertRows } from "../../db/statements";

/**
 * Files are kept by content hash: the same file attached twice is stored once. Up to IN_DATABASE_MAX bytes
 * (nearly every raw email, most attachments) in the database's stored_files table, in the transaction of the
 * rows that reference them; larger ones under DATA_DIR/files (files/ab/ab12…). 256 folders at most: with a
 * second level (files/ab/12/…), as before December 2026, nearly every file of the first hundred thousand made
 * a folder of its own, two system calls that cost more than the write.
 */
const storedAt = (dataDir: string, sha256: string) => path.join(dataDir, "files", sha256.slice(0, 2), sha256);

const storedBefore = (dataDir: string, sha256: string) =>
  path.join(dataDir, "files", sha256.slice(0, 2), sha256.slice(2, 4), sha256);

/** Where a stored file is read from: its place, or where a version before December 2026 put it. */
export function filePath(dataDir: string, sha256: string): string {
  const current = storedAt(dataDir, sha256);
  if (fs.existsSync(current)) return current;
  const earlier = storedBefore(dataDir, sha256);
  return fs.existsSync(earlier) ? earlier : current;
}

/**
 * Files up to this size are kept in the database. Measured against a file of its own per raw email: SMTP on
 * PostgreSQL 115 -> 140 msg/s (no fsync per file), ingest() alone on SQLite about 15 % faster (0.2–0.3 ms less
 * system time per message), SMTP on SQLite the same within the noise whether the limit is 16, 64 or 256 KB.
 */
export const IN_DATABASE_MAX = 256 * 1024;

const sha256Of = (content: Buffer) => crypto.createHash("sha256").update(content).digest("hex");

/** A file on its way into the store: a large one is on disk already (content null), a small one enters the
 * database with keepFiles, inside the transaction of the rows that reference it. */
export type StagedFile = { sha256: string; content: Buffer | null };

export async function stageFile(
  ctx: { config: { dataDir: string }; dialect: Dialect },
  content: Buffer,
): Promise<StagedFile> {
  if (content.length <= IN_DATABASE_MAX) return { sha256: sha256Of(content), content };
  return { sha256: await writeFileOnDisk(ctx, content), content: null };
}

/** The staged files that belong in the database, in one statement; a file stored before is left as it is. */
export async function keepFiles(db: Db | Trx, files: StagedFile[]): Promise<void> {
  const rows = new Map<string, Buffer>();
  for (const f of files) if (f.content) rows.set(f.sha256, f.content);
  if (!rows.size) return;
  const now = Date.now();
  await insertRows(
    db,
    "stored_files",
    [...rows].map(([sha256, content]) => ({ sha256, content, created_at: now })),
    'on conflict ("sha256") do nothing',
  );
}

/** Stores a file (in the database or on disk, by size) and returns its hash; `db` is the caller's transaction
 * when it has one, so that the file commits with the rows that reference it. */
export async function storeFile(
  ctx: { config: { dataDir: string }; dialect: Dialect; db: Db },
  content: Buffer,
  db: Db | Trx = ctx.db,
): Promise<string> {
  const staged = await stageFile(ctx, content);
  await keepFiles(db, [staged]);
  return staged.sha256;
}

/** A stored file's content, or null when it is in neither place; `db` is the caller's transaction if any. */
export async function readStoredFile(
  ctx: { config: { dataDir: string }; db: Db },
  sha256: string,
  db: Db | Trx = ctx.db,
): Promise<Buffer | null> {
  const file = await openStoredFile(ctx, sha256, db);
  return !file || Buffer.isBuffer(file) ? file : Buffer.concat(await file.toArray());
}

/**
 * A stored file for a download (its bytes, or a stream of a large one), or null when it is nowhere. A file
 * on disk is opened first, so one removed a moment later is still sent whole, and a missing one is a 404
 * instead of a download that breaks.
 */
export async function openStoredFile(
  ctx: { config: { dataDir: string }; db: Db },
  sha256: string,
  db: Db | Trx = ctx.db,
): Promise<Buffer | fs.ReadStream | null> {
  const row = await db.selectFrom("stored_files").select("content").where("sha256", "=", sha256).executeTakeFirst();
  if (row) return row.content;
  for (const where of [storedAt(ctx.config.dataDir, sha256), storedBefore(ctx.config.dataDir, sha256)]) {
    try {
      return (await fs.promises.open(where, "r")).createReadStream();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    }
  }
  return null;
}

/** Folders known to exist: creating one is a few system calls per file. */
const madeDirs = new Set<string>();

/** Files up to this size are written in one synchronous call when they need no fsync (see writeFileOnDisk). */
const SMALL_FILE = 1024 * 1024;

/**
 * Writes a large file under its hash and returns the hash, before the transaction that references it, as
 * durable as the database's commits, so a ticket never outlives its file. PostgreSQL flushes its commits: the
 * file is fsynced before this returns. SQLite runs with `synchronous = NORMAL`, whose commits survive a killed
 * process but not a power cut: the file is only written to the operating system, which keeps it when the
 * process dies.
 */
async function writeFileOnDisk(
  ctx: { config: { dataDir: string }; dialect: Dialect },
  content: Buffer,
): Promise<string> {
  const { dataDir } = ctx.config;
  const fsync = ctx.dialect === "postgres";
  const sha256 = sha256Of(content);
  const target = storedAt(dataDir, sha256);
  // A file of the right size under its hash is this content. One cut short by a killed process is not: it
  // is written again.
  if (fs.statSync(target, { throwIfNoEntry: false })?.size === content.length) {
    // Stored again now: the upload sweep leaves a file alone while it is younger than an upload's lifetime.
    const now = new Date();
    fs.utimesSync(target, now, now);
    return sha256;
  }
  const dir = path.dirname(target);
  if (!madeDirs.has(dir)) {
    fs.mkdirSync(dir, { recursive: true });
    madeDirs.add(dir);
  }
  if (!fsync && content.length <= SMALL_FILE) {
    fs.writeFileSync(target, content);
    return sha256;
  }
  // Write then rename: a crash never leaves a half-written file under its final name; `flush` fsyncs the
  // data before the rename. A name of its own per write: two deliveries of the same file at the same moment
  // must not share it.
  const tmp = `${target}.${process.pid}.${crypto.randomBytes(6).toString("hex")}.tmp`;
  await fs.promises.writeFile(tmp, content, { flush: fsync });
  await fs.promises.rename(tmp, target);
  return sha256;
}

/**
 * Removes the files on disk (over IN_DATABASE_MAX) among `sha256s` that are older than `before` and that
 * `stillUsed` does not claim; a file stored again since (a new upload of the same bytes) is younger and stays.
 */
export async function removeDiskFiles(
  dataDir: string,
  sha256s: string[],
  before: number,
  stillUsed: (sha256s: string[]) => Promise<Set<string>>,
): Promise<number> {
  const old = sha256s.flatMap((h) =>
    [storedAt(dataDir, h), storedBefore(dataDir, h)]
      .filter((where) => (fs.statSync(where, { throwIfNoEntry: false })?.mtimeMs ?? Infinity) < before)
      .map((where) => ({ h, where })),
  );
  if (!old.length) return 0;
  const used = await stillUsed([...new Set(old.map((o) => o.h))]);
  let removed = 0;
  for (const { h, where } of old)
    if (!used.has(h)) {
      await fs.promises.rm(where, { force: true });
      removed++;
    }
  return removed;
}
