import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/**
 * Secrets we must give back to another server (an IMAP mailbox's password) are stored encrypted with
 * AES-256-GCM, so that a copy of the database (a backup, a dump sent for support) does not carry them in clear.
 * The key comes from SECRET_KEY or, on the embedded default, from DATA_DIR/secret.key, created on first use.
 */
export interface Secrets {
  seal(plain: string): string;
  /** The clear text; a value stored before encryption existed (no prefix) is returned as it is. */
  open(stored: string): string;
  isSealed(stored: string): boolean;
  /** An HMAC-SHA256 of `data` with a key derived from the secret key for `purpose` (signed links: surveys). */
  mac(purpose: string, data: string): Buffer;
}

const PREFIX = "enc:v1:";

export function secretBox(key: Buffer): Secrets {
  if (key.length !== 32) throw new Error("the secret key must be 32 bytes");
  return {
    seal(plain) {
      const iv = crypto.randomBytes(12);
      const cipher = crypto.createCipheriv("aes-256-gcm", key, iv);
      const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
      return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64");
    },
    open(stored) {
      if (!stored.startsWith(PREFIX)) return stored;
      const raw = Buffer.from(stored.slice(PREFIX.length), "base64");
      const decipher = crypto.createDecipheriv("aes-256-gcm", key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      try {
        return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
      } catch {
        throw new Error(
          "a stored secret cannot be decrypted with this key (SECRET_KEY or DATA_DIR/secret.key changed?)",
        );
      }
    },
    isSealed: (stored) => stored.startsWith(PREFIX),
    mac(purpose, data) {
      // One key per purpose, derived (HKDF), so a signature made for one use is worth nothing for another.
      const derived = Buffer.from(crypto.hkdfSync("sha256", key, Buffer.alloc(0), `sportello:${purpose}`, 32));
      return crypto.createHmac("sha256", derived).update(data).digest();
    },
  };
}

/** SECRET_KEY (64 hex characters or 32 bytes in base64), else DATA_DIR/secret.key, made once (mode 600). */
export function loadSecretKey(secretKey: string | null, dataDir: string): Buffer {
  if (secretKey) return parseKey(secretKey, "SECRET_KEY");
  const file = path.join(dataDir, "secret.key");
  fs.mkdirSync(dataDir, { recursive: true });
  if (!fs.existsSync(file)) {
    // Several nodes sharing DATA_DIR may start at once: the key is written whole under a temporary name and
    // linked into place, which fails if another node got there first; then everyone reads the same key.
    const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString("hex")}`;
    fs.writeFileSync(tmp, `${crypto.randomBytes(32).toString("hex")}\n`, { mode: 0o600 });
    try {
      fs.linkSync(tmp, file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    } finally {
      fs.unlinkSync(tmp);
    }
  }
  return parseKey(fs.readFileSync(file, "utf8").trim(), file);
}

export function parseKey(text: string, where: string): Buffer {
  const key = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, "hex") : Buffer.from(text, "base64");
  if (key.length !== 32) throw new Error(`${where}: the secret key must be 32 bytes, as 64 hex characters or base64`);
  return key;
}
