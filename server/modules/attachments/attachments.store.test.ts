import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { filePath, storeFile } from "./attachments.store";

describe("file store", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sportello-files-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const sha = (b: Buffer) => crypto.createHash("sha256").update(b).digest("hex");
  // Files are fsynced on PostgreSQL, whose commits are, and not on SQLite.
  const on = (dialect: "sqlite" | "postgres") => ({ config: { dataDir: dir }, dialect });

  it.each(["postgres", "sqlite"] as const)("stores a file under its hash, once (%s)", async (dialect) => {
    const content = Buffer.from(`Buongiorno, allego la fattura (${dialect}).`);
    const hash = await storeFile(on(dialect), content);
    expect(hash).toBe(sha(content));
    expect(filePath(dir, hash)).toBe(path.join(dir, "files", hash.slice(0, 2), hash));
    expect(fs.readFileSync(filePath(dir, hash))).toEqual(content);
    expect(await storeFile(on(dialect), content)).toBe(hash);
    expect(fs.readdirSync(path.dirname(filePath(dir, hash))).filter((f) => f.startsWith(hash))).toEqual([hash]);
  });

  it("writes again a file that a killed process left short", async () => {
    const content = Buffer.alloc(50_000, 3);
    const hash = sha(content);
    fs.mkdirSync(path.join(dir, "files", hash.slice(0, 2)), { recursive: true });
    fs.writeFileSync(path.join(dir, "files", hash.slice(0, 2), hash), content.subarray(0, 4096));
    await storeFile(on("sqlite"), content);
    expect(fs.readFileSync(filePath(dir, hash))).toEqual(content);
  });

  it("finds a file where versions before December 2026 put it (one folder deeper)", () => {
    const content = Buffer.from("stored by an earlier version");
    const hash = sha(content);
    const earlier = path.join(dir, "files", hash.slice(0, 2), hash.slice(2, 4), hash);
    fs.mkdirSync(path.dirname(earlier), { recursive: true });
    fs.writeFileSync(earlier, content);
    expect(filePath(dir, hash)).toBe(earlier);
    expect(filePath(dir, "0".repeat(64))).toBe(path.join(dir, "files", "00", "0".repeat(64)));
  });
});
