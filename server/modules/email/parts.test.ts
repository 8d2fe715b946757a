import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Message } from "../../../shared/api/tickets";
import { DIALECTS, type TestEnv } from "../../test/harness";
import { mailboxEnv, plainEmail } from "../../test/mail";
import { ingest } from "./inbound";

// An emailed message is stored split into its parts; search sees the new text and a forwarded message, never
// the quoted history the customer sent back.
const eml = (id: string, subject: string, text: string) =>
  plainEmail({ from: "Giulia Neri <giulia@bottega.it>", id, subject, text, date: "Tue, 3 Mar 2026 10:00:00 +0100" });

describe.each(DIALECTS)("an email stored in parts, on %s", (mode) => {
  let env: TestEnv;
  const get = (url: string) =>
    env.app.inject({ method: "GET", url, headers: env.auth(env.adminToken) }).then((r) => r.json());
  const messagesOf = async (number: number) =>
    ((await get(`/api/v1/tickets/${number}/messages`)) as { data: Message[] }).data;
  const found = async (q: string) =>
    ((await get(`/api/v1/search?q=${encodeURIComponent(q)}`)) as { data: { ticket: { number: number } }[] }).data.map(
      (h) => h.ticket.number,
    );

  beforeAll(async () => {
    env = await mailboxEnv(mode);
  });
  afterAll(async () => env?.close());

  it("keeps a forwarded message under an FYI, with its header, and indexes it", async () => {
    const r = await ingest(env.rt.ctx, {
      raw: eml(
        "fyi",
        "Fwd: Ritardo consegna",
        "FYI\n\n---------- Forwarded message ---------\nFrom: Fornitore <ordini@fornitore.it>\nDate: Mon, 2 Mar 2026 at 09:00\nSubject: Ritardo consegna\nTo: giulia@bottega.it\n\nLa centrifuga arriva venerdì.",
      ),
      recipients: ["help@caffe.it"],
    });
    const [m] = await messagesOf(r.ticketNumber!);
    expect(m.reply_text).toBe("FYI");
    expect(m.parts).toEqual([
      { kind: "text", text: "FYI", header: null },
      {
        kind: "forward",
        text: "La centrifuga arriva venerdì.",
        header: expect.stringContaining("From: Fornitore <ordini@fornitore.it>"),
      },
    ]);
    expect(await found("centrifuga")).toContain(r.ticketNumber);
  });

  it("folds the quoted history and never indexes it", async () => {
    const r = await ingest(env.rt.ctx, {
      raw: eml(
        "quoted",
        "Re: Macinino",
        "Funziona di nuovo, grazie.\n\n-- \nGiulia\n\nIl giorno lun 2 mar 2026 alle ore 09:00 Supporto <help@caffe.it> ha scritto:\n> Provi a pulire il macinino con lo spazzolino.",
      ),
      recipients: ["help@caffe.it"],
    });
    const [m] = await messagesOf(r.ticketNumber!);
    expect(m.reply_text).toBe("Funziona di nuovo, grazie.");
    expect(m.parts?.map((p) => p.kind)).toEqual(["text", "signature", "quote"]);
    expect(m.parts?.[2].text).toContain("spazzolino");
    expect(await found("funziona")).toContain(r.ticketNumber);
    expect(await found("spazzolino")).not.toContain(r.ticketNumber);
  });

  it("leaves messages that never were an email unsplit", async () => {
    const t = await env.app
      .inject({
        method: "POST",
        url: "/api/v1/tickets",
        headers: env.auth(env.adminToken),
        payload: { subject: "Telefonata", body_text: "Ha chiamato per il filtro", requester: { email: "x@y.it" } },
      })
      .then((res) => res.json());
    const [m] = await messagesOf(t.number);
    expect(m.parts).toBeNull();
  });
});
