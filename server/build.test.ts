import { execFile, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import SQLite from "better-sqlite3";
import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildServer, serverBuildIsFresh } from "../scripts/build-server.mjs";

const root = path.resolve(import.meta.dirname, "..");

// The server `npm start` runs is the bundle in dist/, not these sources: a bundle that breaks (an entry left
// out, a worker thread's file not beside the code that starts it, a package bundled that must stay outside)
// fails here. Built into a folder of its own; its node_modules is the repository's.
describe("the built server", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sportello-build-"));
  const dist = path.join(dir, "dist");
  const cli = path.join(dist, "cli.mjs");

  beforeAll(async () => {
    fs.symlinkSync(path.join(root, "node_modules"), path.join(dir, "node_modules"));
    await buildServer({ outdir: dist, quiet: true });
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("is fresh once built, and stale when a source is newer than it", () => {
    expect(serverBuildIsFresh(dist)).toBe(true);
    fs.utimesSync(path.join(dist, ".built"), new Date(0), new Date(0));
    expect(serverBuildIsFresh(dist)).toBe(false);
    fs.utimesSync(path.join(dist, ".built"), new Date(), new Date());
  });

  it("starts every role, worker threads included, and answers", async () => {
    // A mailbox, so that a message can be read by the bundled parser (mailparser is bundled with its packages).
    const env = { ...process.env, DATA_DIR: path.join(dir, "data"), SEED_DEMO: "never" };
    const run = (...args: string[]) => promisify(execFile)(process.execPath, [cli, ...args], { env });
    await run("create-admin", "--email", "admin@build.test", "--password", "Lungo-e-sicuro-2026!");
    await run("mailbox", "add", "assistenza@build.test");
    const child = spawn(process.execPath, ["--enable-source-maps", cli, "start"], {
      env: { ...env, PORT: "0", SMTP_PORT: "0", LOG_FORMAT: "json" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stderr.on("data", (d: Buffer) => (out += d));
    try {
      const port = await new Promise<number>((resolve, reject) => {
        child.stdout.on("data", (d: Buffer) => {
          out += d;
          const m = /running at http:\/\/localhost:(\d+)/.exec(out);
          if (m) resolve(Number(m[1]));
        });
        child.once("exit", (code) => reject(new Error(`exited (${code}):\n${out}`)));
      });
      expect(await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()).toMatchObject({ ok: true });
      // Every line is JSON when the output is not a terminal, and none is a warning.
      const lines = out
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as { level: number; msg: string });
      expect(lines.filter((l) => l.level >= 40)).toEqual([]);
      expect(lines.map((l) => l.msg)).toContain("Worker started (jobs: in the database)");
      expect(lines.some((l) => l.msg.startsWith("SMTP server listening on port "))).toBe(true);
      const smtpPort = Number(
        lines
          .find((l) => l.msg.startsWith("SMTP server listening on port "))
          ?.msg.split(" ")
          .pop(),
      );
      // Quoted-printable accented text and an attachment: read, not stored as unreadable.
      const sent = await nodemailer.createTransport({ host: "127.0.0.1", port: smtpPort, ignoreTLS: true }).sendMail({
        from: "Lucia <lucia@cliente.it>",
        to: "assistenza@build.test",
        subject: "Caffè",
        text: "Il caffè è amaro.",
        textEncoding: "quoted-printable",
        attachments: [{ filename: "nota.txt", content: "prova" }],
      });
      expect(sent.response).toMatch(/^250 .*accepted as #1/);
      const db = new SQLite(path.join(dir, "data", "sportello.db"), { readonly: true });
      try {
        expect(db.prepare("SELECT flags FROM email_messages").all()).toEqual([{ flags: "[]" }]);
        expect(db.prepare("SELECT body_text FROM messages").all()).toEqual([{ body_text: "Il caffè è amaro." }]);
        expect(db.prepare("SELECT filename FROM attachments").all()).toEqual([{ filename: "nota.txt" }]);
      } finally {
        db.close();
      }
    } finally {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    }
  });

  it("names the TypeScript sources in a stack trace", async () => {
    fs.writeFileSync(path.join(dir, "not-a-folder"), "");
    const r = await promisify(execFile)(process.execPath, ["--enable-source-maps", cli, "migrate"], {
      env: { ...process.env, DATA_DIR: path.join(dir, "not-a-folder", "data") },
    }).catch((err: { code: number; stderr: string }) => err);
    expect(r).toMatchObject({ code: 1 });
    expect(r.stderr).toContain("ENOTDIR");
    expect(r.stderr).toMatch(/at openDatabase \(.*server\/db\/index\.ts:\d+:\d+\)/);
  });
});
