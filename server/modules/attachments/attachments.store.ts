import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/** Files live under DATA_DIR/files by content hash: the same file attached twice is stored once. */
export function filePath(dataDir: string, sha256: string): string {
  return path.join(dataDir, "files", sha256.slice(0, 2), sha256.slice(2, 4), sha256);
}

/** Folders known to exist: creating one is a few system calls per file, most of a small write's cost. */
const madeDirs = new Set<string>();

export async function storeFile(dataDir: string, content: Buffer): Promise<string> {
  const sha256 = crypto.createHash("sha256").update(content).digest("hex");
  const target = filePath(dataDir, sha256);
  if (fs.existsSync(target)) return sha256;
  const dir = path.dirname(target);
  if (!madeDirs.has(dir)) {
    await fs.promises.mkdir(dir, { recursive: true });
    madeDirs.add(dir);
  }
  // Write then rename: a crash never leaves a half-written file under its final name; `flush` fsyncs the
  // data before the rename. A name of its own per write: two deliveries of the same file at the same moment
  // must not share it.
  const tmp = `${target}.${process.pid}.${crypto.randomBytes(6).toString("hex")}.tmp`;
  await fs.promises.writeFile(tmp, content, { flush: true });
  await fs.promises.rename(tmp, target);
  return sha256;
}
