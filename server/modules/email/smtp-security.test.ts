import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../config";
import { type TestEnv, testEnv, waitFor } from "../../test/harness";
import { type Relay, startRelay } from "../../test/relay";
import { type SmtpServer, startSmtpServer } from "./smtp-server";

/** DKIM "relaxed" header canonicalisation (RFC 6376 §3.4.2). */
const relaxedHeader = (line: string) => {
  const i = line.indexOf(":");
  return `${line.slice(0, i).trim().toLowerCase()}:${line
    .slice(i + 1)
    .replace(/\r\n/g, "")
    .replace(/[ \t]+/g, " ")
    .trim()}`;
};
/** DKIM "relaxed" body canonicalisation (RFC 6376 §3.4.4). */
const relaxedBody = (body: string) => {
  const lines = body.split("\r\n").map((l) => l.replace(/[ \t]+/g, " ").replace(/ $/, ""));
  while (lines.length && lines.at(-1) === "") lines.pop();
  return lines.length ? `${lines.join("\r\n")}\r\n` : "";
};

/** Checks a message's DKIM-Signature (rsa-sha256, relaxed/relaxed) against a public key: body hash and signature. */
function verifyDkim(raw: string, publicKey: crypto.KeyObject) {
  const split = raw.indexOf("\r\n\r\n");
  const headers = raw.slice(0, split).split(/\r\n(?![ \t])/);
  const sigLine = headers.find((h) => /^dkim-signature:/i.test(h));
  if (!sigLine) return { signed: false as const };
  const tags = Object.fromEntries(
    sigLine
      .slice(sigLine.indexOf(":") + 1)
      .replace(/\s+/g, "")
      .split(";")
      .filter(Boolean)
      .map((t) => [t.slice(0, t.indexOf("=")), t.slice(t.indexOf("=") + 1)]),
  );
  const bodyHash = crypto
    .createHash("sha256")
    .update(relaxedBody(raw.slice(split + 4)))
    .digest("base64");
  const used = new Map<string, number>();
  const signedHeaders = (tags.h as string)
    .split(":")
    .map((name) => {
      const same = headers.filter((h) => h.slice(0, h.indexOf(":")).trim().toLowerCase() === name.toLowerCase());
      const n = (used.get(name) ?? 0) + 1;
      used.set(name, n);
      const h = same[same.length - n];
      return h === undefined ? null : relaxedHeader(h);
    })
    .filter((h): h is string => h !== null);
  const unsignedSig = relaxedHeader(sigLine)
    .replace(/b=[^;]*$/, "b=")
    .replace(/(;\s*)b=[^;]*(;|$)/, "$1b=$2");
  const data = [...signedHeaders, unsignedSig].join("\r\n");
  const ok = crypto.verify("sha256", Buffer.from(data), publicKey, Buffer.from(tags.b as string, "base64"));
  return { signed: true as const, domain: tags.d, selector: tags.s, bodyHashOk: tags.bh === bodyHash, signatureOk: ok };
}

describe("SMTP security options: STARTTLS, AUTH for relays, DKIM on outgoing mail", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sportello-tls-"));
  const keyFile = path.join(dir, "key.pem");
  const certFile = path.join(dir, "cert.pem");
  const dkimFile = path.join(dir, "dkim.pem");
  let env: TestEnv;
  let smtp: SmtpServer;
  let relay: Relay;
  const delivered = () => relay.delivered.map((d) => d.raw.toString("utf8"));
  let dkimPublic: crypto.KeyObject;

  beforeAll(async () => {
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        keyFile,
        "-out",
        certFile,
        "-days",
        "2",
        "-subj",
        "/CN=localhost",
      ],
      { stdio: "ignore" },
    );
    const pair = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
    fs.writeFileSync(dkimFile, pair.privateKey.export({ type: "pkcs8", format: "pem" }));
    dkimPublic = pair.publicKey;
    relay = await startRelay();
    const fromEnv = loadConfig({
      SMTP_TLS_KEY_FILE: keyFile,
      SMTP_TLS_CERT_FILE: certFile,
      SMTP_AUTH_USERS: "relay:s3cret:with:colons,other:x",
      SMTP_AUTH_REQUIRED: "true",
      DKIM_SELECTOR: "sp2026",
      DKIM_PRIVATE_KEY_FILE: dkimFile,
    });
    expect(fromEnv.smtpAuthUsers.get("relay")).toBe("s3cret:with:colons");
    env = await testEnv("sqlite", {
      smtpTls: fromEnv.smtpTls,
      smtpAuthUsers: fromEnv.smtpAuthUsers,
      smtpAuthRequired: true,
      dkim: fromEnv.dkim,
      smtpRelayUrl: relay.url,
    });
    smtp = await startSmtpServer(env.rt.ctx, 0, "127.0.0.1");
    await env.app.inject({
      method: "POST",
      url: "/api/v1/mailboxes",
      headers: env.auth(env.adminToken),
      payload: { address: "help@shop.it", display_name: "Shop Help" },
    });
  });
  afterAll(async () => {
    await smtp?.close();
    // The product first: its pooled connections to the relay end with it, so the relay has none to wait for.
    await env?.close();
    await relay?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const client = (opts: object) =>
    nodemailer.createTransport({ host: "127.0.0.1", port: smtp.port, tls: { rejectUnauthorized: false }, ...opts });

  it("accepts mail from a relay that upgrades to TLS and authenticates, and refuses the others", async () => {
    const good = await client({ requireTLS: true, auth: { user: "relay", pass: "s3cret:with:colons" } }).sendMail({
      from: "a@client.it",
      to: "help@shop.it",
      subject: "Via relay",
      text: "ciao",
    });
    expect(good.response).toMatch(/^250 .*accepted as #\d+/);
    await expect(
      client({ requireTLS: true, auth: { user: "relay", pass: "wrong" } }).sendMail({
        from: "a@client.it",
        to: "help@shop.it",
        subject: "x",
        text: "x",
      }),
    ).rejects.toMatchObject({ responseCode: 535 });
    // Authentication is required here: a client that does not log in is turned away before the message.
    await expect(
      client({ requireTLS: true }).sendMail({ from: "a@client.it", to: "help@shop.it", subject: "x", text: "x" }),
    ).rejects.toMatchObject({ responseCode: 530 });
    // STARTTLS is offered; AUTH is not offered before it, so no password crosses in clear.
    await expect(
      client({ ignoreTLS: true, auth: { user: "relay", pass: "s3cret:with:colons" } }).sendMail({
        from: "a@client.it",
        to: "help@shop.it",
        subject: "x",
        text: "x",
      }),
    ).rejects.toThrow();
    const subjects = (await env.rt.ctx.db.selectFrom("tickets").select("subject").execute()).map((t) => t.subject);
    expect(subjects).toEqual(["Via relay"]);
  });

  it("signs outgoing email with DKIM for the sender's domain", async () => {
    const n = (await env.rt.ctx.db.selectFrom("tickets").select("number").executeTakeFirstOrThrow()).number;
    await env.app.inject({
      method: "POST",
      url: `/api/v1/tickets/${n}/messages`,
      headers: env.auth(env.adminToken),
      payload: { body_text: "Risposta firmata.\nCon una riga in più.   " },
    });
    const raw = await waitFor(() => delivered().find((d) => /^Subject: Re: Via relay/m.test(d)));
    const check = verifyDkim(raw, dkimPublic);
    expect(check).toEqual({ signed: true, domain: "shop.it", selector: "sp2026", bodyHashOk: true, signatureOk: true });
    // The check is real: a changed body no longer matches its signature.
    expect(verifyDkim(raw.replace("Risposta firmata.", "Risposta cambiata."), dkimPublic)).toMatchObject({
      bodyHashOk: false,
    });
  });
});
