import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fixture } from "../../test/fixtures";
import { fromWire, prepare, toWire } from "./prepare";

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
