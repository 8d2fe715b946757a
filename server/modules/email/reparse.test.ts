import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sportello } from "../../test/cli";
import { DIALECTS, type TestEnv } from "../../test/harness";
import { mailboxEnv, plainEmail } from "../../test/mail";
import { flushSearchDocs } from "../search/index-queue";
import { ingest } from "./inbound";
import { reparseEmails } from "./reparse";

const eml = (id: string, text: string) =>
  plainEmail({ from: "Marco Riva <marco@forno.it>", id, subject: "Re: Forno", text });

describe.each(DIALECTS)("sportello email reparse, on %s", (mode) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await mailboxEnv(mode);
  });
  afterAll(async () => env?.close());

  it("splits again, from the raw .eml, a message stored before the split, and reindexes it", async () => {
    const r = await ingest(env.rt.ctx, {
      raw: eml(
        "old",
        "Il forno ora scalda bene.\r\n\r\nIl giorno lun 2 mar 2026 Supporto <help@caffe.it> ha scritto:\r\n> Controlli la resistenza.",
      ),
      recipients: ["help@caffe.it"],
    });
    const db = env.rt.ctx.db;
    const { id } = await db
      .selectFrom("messages")
      .innerJoin("tickets", "tickets.id", "messages.ticket_id")
      .select("messages.id")
      .where("tickets.number", "=", r.ticketNumber!)
      .executeTakeFirstOrThrow();
    // As an older version stored it: the whole text as the new part, no parts.
    await db
      .updateTable("messages")
      .set((eb) => ({ reply_text: eb.ref("body_text"), parts: null, forwarded_text: null }))
      .where("id", "=", id)
      .execute();
    const seen: number[] = [];
    const report = await reparseEmails(env.rt.ctx, { onProgress: (n) => seen.push(n) });
    expect(report.updated).toBeGreaterThanOrEqual(1);
    expect(report.unreadable + report.missing).toBe(0);
    expect(seen.at(-1)).toBe(report.total);
    const row = await db
      .selectFrom("messages")
      .select(["reply_text", "parts"])
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row.reply_text).toBe("Il forno ora scalda bene.");
    expect(JSON.parse(row.parts!).map((p: { kind: string }) => p.kind)).toEqual(["text", "quote"]);
    await flushSearchDocs(env.rt.ctx);
    const search = async (q: string) =>
      (
        await env.app
          .inject({ method: "GET", url: `/api/v1/search?q=${q}`, headers: env.auth(env.adminToken) })
          .then((x) => x.json())
      ).data.map((h: { ticket: { number: number } }) => h.ticket.number);
    expect(await search("forno")).toContain(r.ticketNumber);
    expect(await search("resistenza")).not.toContain(r.ticketNumber);
  });

  it("only touches emails received since the given date", async () => {
    const report = await reparseEmails(env.rt.ctx, { since: Date.now() + 60_000 });
    expect(report).toEqual({ total: 0, updated: 0, unreadable: 0, missing: 0 });
  });
});

describe("npx sportello email reparse", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sportello-reparse-"));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const run = (args: string[]) => sportello(args, { DATA_DIR: dataDir });

  it("reports what it split, and refuses a date it cannot read", async () => {
    const ok = await run(["email", "reparse", "--since", "2026-03-01"]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^0 of 0 emails split again/);
    const bad = await run(["email", "reparse", "--since", "yesterday-ish"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("is not a date");
  }, 120_000);
});
