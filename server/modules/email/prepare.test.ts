import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fixture } from "../../test/fixtures";
import { fromWire, prepare, toWire } from "./prepare";
import { prepareInThread, readThreadForTests, readThreadScriptForTests } from "./reader";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sportello-prepare-"));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
const ctx = { config: { dataDir }, dialect: "sqlite" as const };
const mailbox = { id: 1, workspace_id: 1, address: "support@shop.it", team_id: null };
const raw = (body: string) => fixture("order-with-pdf.eml", { body });

/** What the SMTP thread sends and the main thread receives: a structured clone, the buffers transferred. */
const crossThreads = <T>(message: T, transfer: ArrayBuffer[]): T => structuredClone(message, { transfer });

describe("a prepared message crossing between threads", () => {
  it("arrives whole, each text that repeats the full text sent once", async () => {
    const p = await prepare(ctx, mailbox, raw("Buongiorno, l'ordine 42 non è arrivato."), ["support@shop.it"]);
    expect(p.replyText).toBe(p.body);
    const { message, transfer } = toWire(p);
    expect(message.replyText).toBeNull();
    expect(message.mail.text).toBeNull();
    expect(message.parts).toMatchObject({ reply: null, parts: [{ kind: "text", text: null }] });
    const back = fromWire(crossThreads(message, transfer));
    expect(back).toEqual(p);
    expect(back.files[0].content.toString()).toBe("%PDF-1.4 fattura");
  });

  it("keeps the new part of a reply when it differs from the full text", async () => {
    const p = await prepare(
      ctx,
      mailbox,
      raw(
        "Grazie, ricevuto.\r\n\r\nIl giorno lun 1 dic 2026 alle 10:00 Supporto <support@shop.it> ha scritto:\r\n> L'ordine è partito.",
      ),
      ["support@shop.it"],
    );
    expect(p.replyText).toBe("Grazie, ricevuto.");
    const { message, transfer } = toWire(p);
    expect(message.replyText).toBe("Grazie, ricevuto.");
    expect(message.parts?.parts.map((x) => x.kind)).toEqual(["text", "quote"]);
    expect(message.parts?.parts[0].text).toBe("Grazie, ricevuto.");
    expect(fromWire(crossThreads(message, transfer))).toEqual(p);
  });
});

describe("reading in the read thread (mail fetched over IMAP)", () => {
  it("gives what reading here gives, for ordinary, large, PEC and unreadable messages, and the caller keeps its buffer", async () => {
    const big = Buffer.from(
      `From: a@b.it\r\nTo: support@shop.it\r\nSubject: grande\r\nMessage-ID: <big@b.it>\r\nMIME-Version: 1.0\r\n` +
        `Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\nContent-Type: text/plain\r\n\r\nIn allegato.\r\n--x\r\n` +
        `Content-Type: application/octet-stream; name=dump.bin\r\nContent-Transfer-Encoding: base64\r\n\r\n` +
        `${Buffer.alloc(300_000, 7).toString("base64").replace(/.{76}/g, "$&\r\n")}\r\n--x--\r\n`,
    );
    const raws = [
      raw("Buongiorno, l'ordine 42 non è arrivato."),
      fixture("pec-original-reclamo.eml"),
      fixture("iso-2022-jp-nihon.eml"),
      big,
      Buffer.from("\u0000\u0001 not a message at all"),
    ];
    for (const r of raws) {
      const before = Buffer.from(r);
      const here = await prepare(ctx, mailbox, r, ["support@shop.it"]);
      const there = await prepareInThread(ctx, mailbox, r, ["support@shop.it"]);
      expect(there).toEqual(here);
      expect(r.equals(before)).toBe(true);
    }
  });

  it("fails what it was reading when the thread dies, and reads again in a new one", async () => {
    await prepareInThread(ctx, mailbox, raw("Avvio"), ["support@shop.it"]);
    // The thread is stopped first and handed the message while it stops: a message handed over before could be
    // read before the stop lands (CI saw that), and then nothing would fail.
    const stopping = readThreadForTests()!.terminate();
    const reading = prepareInThread(ctx, mailbox, raw("Prima"), ["support@shop.it"]);
    await stopping;
    await expect(reading).rejects.toThrow(/read thread stopped/);
    const again = await prepareInThread(ctx, mailbox, raw("Dopo"), ["support@shop.it"]);
    expect(again.replyText).toBe("Dopo");
  });

  it("reads on the calling thread when the read thread cannot start (its file missing)", async () => {
    await readThreadForTests()?.terminate();
    readThreadScriptForTests(new URL("./no-such-read-thread.mjs", import.meta.url));
    try {
      const message = raw("Letto qui");
      const [first, second] = await Promise.all([
        prepareInThread(ctx, mailbox, message, ["support@shop.it"]),
        prepareInThread(ctx, mailbox, raw("Anche questo"), ["support@shop.it"]),
      ]);
      expect(first).toEqual(await prepare(ctx, mailbox, message, ["support@shop.it"]));
      expect(second.replyText).toBe("Anche questo");
      // No thread is kept, and the next message does not try again.
      expect(readThreadForTests()).toBeNull();
      expect((await prepareInThread(ctx, mailbox, raw("Terzo"), ["support@shop.it"])).replyText).toBe("Terzo");
      expect(readThreadForTests()).toBeNull();
    } finally {
      readThreadScriptForTests(null);
    }
    expect((await prepareInThread(ctx, mailbox, raw("Di nuovo"), ["support@shop.it"])).replyText).toBe("Di nuovo");
    expect(readThreadForTests()).not.toBeNull();
  });
});
