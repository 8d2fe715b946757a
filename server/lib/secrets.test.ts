import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { DATABASES, testEnv } from "../test/harness";
import { createRuntime } from "../runtime";
import { loadSecretKey, parseKey, secretBox } from "./secrets";

describe("stored secrets", () => {
  it("seals and opens with one key, refuses another key and a changed value, and passes older clear text through", () => {
    const box = secretBox(parseKey("11".repeat(32), "test"));
    const sealed = box.seal("password di prova è");
    expect(sealed).toMatch(/^enc:v1:/);
    expect(sealed).not.toContain("prova");
    expect(box.seal("password di prova è")).not.toBe(sealed); // a fresh IV each time
    expect(box.open(sealed)).toBe("password di prova è");
    expect(() => secretBox(parseKey("22".repeat(32), "test")).open(sealed)).toThrow(/cannot be decrypted/);
    const tampered = `enc:v1:${Buffer.from(Buffer.from(sealed.slice(7), "base64").map((b, i) => (i === 30 ? b ^ 1 : b))).toString("base64")}`;
    expect(() => box.open(tampered)).toThrow(/cannot be decrypted/);
    expect(box.open("clear, from before")).toBe("clear, from before");
  });

  it("makes DATA_DIR/secret.key once, readable by its owner only, and prefers SECRET_KEY", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sportello-secret-"));
    const first = loadSecretKey(null, dir);
    expect(loadSecretKey(null, dir).equals(first)).toBe(true);
    expect(fs.statSync(path.join(dir, "secret.key")).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dir)).toEqual(["secret.key"]);
    expect(loadSecretKey("ab".repeat(32), dir).equals(Buffer.alloc(32, 0xab))).toBe(true);
    expect(() => parseKey("c2hvcnQ=", "SECRET_KEY")).toThrow(/32 bytes/);
    fs.rmSync(dir, { recursive: true });
  });
});

describe.each(DATABASES)("IMAP passwords at rest on %s", (mode) => {
  it("never stores a mailbox's password in clear, and encrypts one an earlier version stored in clear", async () => {
    const env = await testEnv(mode, {}, { worker: false });
    try {
      const r = await env.app.inject({
        method: "POST",
        url: "/api/v1/mailboxes",
        headers: env.auth(env.adminToken),
        payload: {
          address: "posta@secret.test",
          imap: { host: "127.0.0.1", port: 1, secure: false, user: "posta", password: "la-mia-password-imap" },
        },
      });
      expect(r.statusCode).toBe(201);
      expect(r.body).not.toContain("la-mia-password-imap");
      const db = env.rt.ctx.db;
      const stored = await db
        .selectFrom("mailboxes")
        .select("imap_password")
        .where("id", "=", r.json().id)
        .executeTakeFirstOrThrow();
      expect(stored.imap_password).toMatch(/^enc:v1:/);
      expect(stored.imap_password).not.toContain("la-mia-password-imap");
      expect(env.rt.ctx.secrets.open(stored.imap_password!)).toBe("la-mia-password-imap");

      // A row written in clear by an earlier version is encrypted when the next process starts.
      await db
        .updateTable("mailboxes")
        .set({ imap_password: "vecchia-password" })
        .where("id", "=", r.json().id)
        .execute();
      const next = await createRuntime(env.config, { log: pino({ level: "silent" }) });
      const after = await next.ctx.db
        .selectFrom("mailboxes")
        .select("imap_password")
        .where("id", "=", r.json().id)
        .executeTakeFirstOrThrow();
      await next.close();
      expect(after.imap_password).toMatch(/^enc:v1:/);
      expect(env.rt.ctx.secrets.open(after.imap_password!)).toBe("vecchia-password");
    } finally {
      await env.close();
    }
  });
});
