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

  it("keeps the new text once in the row, and reads rows written before with their texts", async () => {
    const r = await ingest(env.rt.ctx, {
      raw: eml(
        "once",
        "Re: Filtro",
        "Il filtro nuovo va bene.\n\nIl giorno lun 2 mar 2026 alle ore 09:00 Supporto <help@caffe.it> ha scritto:\n> Le mandiamo il filtro.",
      ),
      recipients: ["help@caffe.it"],
    });
    const [m] = await messagesOf(r.ticketNumber!);
    const row = () =>
      env.rt.ctx.db.selectFrom("messages").select(["parts"]).where("id", "=", m.id).executeTakeFirstOrThrow();
    const column = JSON.parse((await row()).parts!) as { kind: string; text?: string }[];
    expect(column[0]).toEqual({ kind: "text", header: null });
    expect(column[1].text).toContain("Le mandiamo il filtro.");
    const expected = [
      { kind: "text", text: "Il filtro nuovo va bene.", header: null },
      { kind: "quote", text: expect.stringContaining("Le mandiamo il filtro."), header: null },
    ];
    expect(m.parts).toEqual(expected);
    // As the first version of the split wrote it: every piece with its text.
    await env.rt.ctx.db
      .updateTable("messages")
      .set({ parts: JSON.stringify(column.map((p) => ({ ...p, text: p.text ?? "Il filtro nuovo va bene." }))) })
      .where("id", "=", m.id)
      .execute();
    expect((await messagesOf(r.ticketNumber!))[0].parts).toEqual(expected);
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
