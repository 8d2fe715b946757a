import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/** Files live under DATA_DIR/files by content hash: the same file attached twice is stored once. */
export function filePath(dataDir: string, sha256: string): string {
  return path.join(dataDir, "files", sha256.slice(0, 2), sha256.slice(2, 4), sha256);
}

export async function storeFile(dataDir: string, content: Buffer): Promise<string> {
  const sha256 = crypto.createHash("sha256").update(content).digest("hex");
  const target = filePath(dataDir, sha256);
  if (fs.existsSync(target)) return sha256;
  await fs.promises.mkdir(path.dirname(target), { recursive: true });
  // Write then rename: a crash never leaves a half-written file under its final name.
  // A name of its own per write: two deliveries of the same file at the same moment must not share it.
  const tmp = `${target}.${process.pid}.${crypto.randomBytes(6).toString("hex")}.tmp`;
  const fh = await fs.promises.open(tmp, "w");
  await fh.writeFile(content);
  await fh.sync();
  await fh.close();
  await fs.promises.rename(tmp, target);
  return sha256;
}
