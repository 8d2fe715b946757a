import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, testEnv, type TestEnv } from "../../test/harness";
import { filePath, IN_DATABASE_MAX, openStoredFile, readStoredFile, storeFile } from "./attachments.store";

const sha = (b: Buffer) => crypto.createHash("sha256").update(b).digest("hex");

async function bytesOf(file: Buffer | fs.ReadStream | null): Promise<Buffer | null> {
  if (!file || Buffer.isBuffer(file)) return file;
  const chunks: Buffer[] = [];
  for await (const c of file) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

describe.each(DATABASES)("file store on %s", (mode) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await testEnv(mode, {}, { worker: false });
  });
  afterAll(() => env.close());
  const rows = async (hash: string) =>
    (await env.rt.ctx.db.selectFrom("stored_files").select("sha256").where("sha256", "=", hash).execute()).length;

  it("keeps a small file in the database, once, and nothing on disk", async () => {
    const ctx = env.rt.ctx;
    const content = Buffer.from(`Buongiorno, allego la fattura (${mode}).`);
    const hash = await storeFile(ctx, content);
    expect(hash).toBe(sha(content));
    expect(await storeFile(ctx, content)).toBe(hash);
    expect(await rows(hash)).toBe(1);
    expect(fs.existsSync(filePath(ctx.config.dataDir, hash))).toBe(false);
    expect(await readStoredFile(ctx, hash)).toEqual(content);
    expect(await bytesOf(await openStoredFile(ctx, hash))).toEqual(content);
  });

  it("writes a file over the database limit to disk under its hash, once", async () => {
    const ctx = env.rt.ctx;
    const content = crypto.randomBytes(IN_DATABASE_MAX + 1);
    const hash = await storeFile(ctx, content);
    expect(await storeFile(ctx, content)).toBe(hash);
    expect(await rows(hash)).toBe(0);
    expect(filePath(ctx.config.dataDir, hash)).toBe(path.join(ctx.config.dataDir, "files", hash.slice(0, 2), hash));
    expect(fs.readdirSync(path.dirname(filePath(ctx.config.dataDir, hash))).filter((f) => f.startsWith(hash))).toEqual([
      hash,
    ]);
    // Compared by hash: toEqual walks a quarter-megabyte buffer byte by byte, for seconds.
    expect(sha((await bytesOf(await openStoredFile(ctx, hash)))!)).toBe(hash);
    expect(sha((await readStoredFile(ctx, hash))!)).toBe(hash);
  });

  it("keeps nothing of a file whose transaction rolls back, and answers null for a file it never had", async () => {
    const ctx = env.rt.ctx;
    const content = Buffer.from(`never committed (${mode})`);
    await expect(
      ctx.db.transaction().execute(async (trx) => {
        await storeFile(ctx, content, trx);
        throw new Error("the ticket failed");
      }),
    ).rejects.toThrow("the ticket failed");
    expect(await readStoredFile(ctx, sha(content))).toBeNull();
    expect(await openStoredFile(ctx, sha(content))).toBeNull();
  });
});

describe("file store on disk", () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await testEnv("sqlite", {}, { worker: false });
  });
  afterAll(() => env.close());

  it("writes again a large file that a killed process left short", async () => {
    const { dataDir } = env.rt.ctx.config;
    const content = Buffer.alloc(IN_DATABASE_MAX + 50_000, 3);
    const hash = sha(content);
    fs.mkdirSync(path.join(dataDir, "files", hash.slice(0, 2)), { recursive: true });
    fs.writeFileSync(path.join(dataDir, "files", hash.slice(0, 2), hash), content.subarray(0, 4096));
    await storeFile(env.rt.ctx, content);
    expect(sha(fs.readFileSync(filePath(dataDir, hash)))).toBe(hash);
  });

  it("finds a file where versions before December 2026 put it (one folder deeper)", async () => {
    const { dataDir } = env.rt.ctx.config;
    const content = Buffer.from("stored by an earlier version");
    const hash = sha(content);
    const earlier = path.join(dataDir, "files", hash.slice(0, 2), hash.slice(2, 4), hash);
    fs.mkdirSync(path.dirname(earlier), { recursive: true });
    fs.writeFileSync(earlier, content);
    expect(filePath(dataDir, hash)).toBe(earlier);
    expect(await readStoredFile(env.rt.ctx, hash)).toEqual(content);
    expect(filePath(dataDir, "0".repeat(64))).toBe(path.join(dataDir, "files", "00", "0".repeat(64)));
  });
});
