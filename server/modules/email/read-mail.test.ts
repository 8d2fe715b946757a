import { describe, expect, it } from "vitest";
import { readMail } from "./read-mail";

// Hand-written MIME with the bytes real clients send: each charset's own encoding of the text, not UTF-8.
const mime = (headers: string[], body: Buffer | string) =>
  Buffer.concat([
    Buffer.from([...headers, "MIME-Version: 1.0", ""].join("\r\n") + "\r\n", "latin1"),
    typeof body === "string" ? Buffer.from(body, "latin1") : body,
  ]);

describe("reading real-world MIME", () => {
  it.each([
    [
      "ISO-8859-1",
      Buffer.from([0x50, 0x65, 0x72, 0x63, 0x68, 0xe9, 0x20, 0x63, 0x61, 0x66, 0x66, 0xe8, 0x3f]),
      "Perché caffè?",
    ],
    ["ISO-8859-15", Buffer.from([0x43, 0x6f, 0x73, 0x74, 0x61, 0x20, 0x31, 0x30, 0x20, 0xa4]), "Costa 10 €"],
    ["windows-1252", Buffer.from([0x93, 0x43, 0x69, 0x61, 0x6f, 0x94, 0x20, 0x31, 0x30, 0x80]), "\u201cCiao\u201d 10€"],
    ["UTF-7", Buffer.from("Prezzo: 10 +IKw-", "ascii"), "Prezzo: 10 €"],
    ["ISO-2022-JP", Buffer.from([0x1b, 0x24, 0x42, 0x46, 0x7c, 0x4b, 0x5c, 0x1b, 0x28, 0x42]), "日本"],
    ["Shift_JIS", Buffer.from([0x93, 0xfa, 0x96, 0x7b, 0x8c, 0xea]), "日本語"],
  ])("decodes %s text", async (charset, bytes, text) => {
    const mail = await readMail(
      mime(
        [
          "From: a@b.it",
          "Subject: x",
          `Content-Type: text/plain; charset=${charset}`,
          "Content-Transfer-Encoding: 8bit",
        ],
        bytes,
      ),
    );
    expect(mail.ok).toBe(true);
    expect(mail.text).toBe(text);
  });

  it("decodes RFC 2047 subjects and names and RFC 2231 file names", async () => {
    const mail = await readMail(
      mime(
        [
          "From: =?ISO-8859-1?Q?Nicol=F2_Bianchi?= <nicolo@b.it>",
          "Subject: =?UTF-8?B?RmF0dHVyYSBkaSBub3ZlbWJyZSDigqw=?=",
          'Content-Type: multipart/mixed; boundary="b1"',
        ],
        [
          "--b1",
          "Content-Type: text/plain; charset=utf-8",
          "",
          "In allegato.",
          "",
          "--b1",
          "Content-Type: application/pdf",
          "Content-Disposition: attachment; filename*=UTF-8''fattura%20n%C2%B0%2012.pdf",
          "Content-Transfer-Encoding: base64",
          "",
          Buffer.from("%PDF-1.4").toString("base64"),
          "",
          "--b1--",
          "",
        ].join("\r\n"),
      ),
    );
    expect(mail.from).toEqual({ address: "nicolo@b.it", name: "Nicolò Bianchi" });
    expect(mail.subject).toBe("Fattura di novembre €");
    expect(mail.attachments.map((a) => [a.filename, a.contentType, a.content.toString()])).toEqual([
      ["fattura n° 12.pdf", "application/pdf", "%PDF-1.4"],
    ]);
  });

  it("reads nested multiparts, a forwarded message/rfc822 and an inline image by cid", async () => {
    const forwarded = [
      "From: fornitore@x.it",
      "Subject: Ordine confermato",
      "Content-Type: text/plain; charset=utf-8",
      "",
      "Confermiamo l'ordine 42.",
    ].join("\r\n");
    const mail = await readMail(
      mime(
        ["From: anna@b.it", "Subject: Fwd: Ordine", 'Content-Type: multipart/mixed; boundary="outer"'],
        [
          "--outer",
          'Content-Type: multipart/alternative; boundary="alt"',
          "",
          "--alt",
          "Content-Type: text/plain; charset=utf-8",
          "",
          "Vedi sotto e la foto.",
          "",
          "--alt",
          'Content-Type: multipart/related; boundary="rel"',
          "",
          "--rel",
          "Content-Type: text/html; charset=utf-8",
          "",
          '<p>Vedi sotto e la foto.</p><img src="cid:foto1@b.it">',
          "",
          "--rel",
          "Content-Type: image/png",
          "Content-ID: <foto1@b.it>",
          "Content-Transfer-Encoding: base64",
          "",
          Buffer.from("PNGDATA").toString("base64"),
          "",
          "--rel--",
          "",
          "--alt--",
          "",
          "--outer",
          "Content-Type: message/rfc822",
          "",
          forwarded,
          "",
          "--outer--",
          "",
        ].join("\r\n"),
      ),
    );
    expect(mail.text).toContain("Vedi sotto e la foto.");
    expect(mail.html).toContain('src="cid:foto1@b.it"');
    const image = mail.attachments.find((a) => a.contentType === "image/png");
    expect(image).toMatchObject({ contentId: "foto1@b.it" });
    expect(image!.content.toString()).toBe("PNGDATA");
    // The forwarded message is kept whole, as an .eml the agent can open.
    const fwd = mail.attachments.find((a) => a.contentType === "message/rfc822");
    expect(fwd?.filename).toMatch(/\.eml$/);
    expect(fwd?.content.toString()).toContain("Confermiamo l'ordine 42.");
  });

  it("decodes UTF-7 HTML before sanitising it, so markup cannot hide in it", async () => {
    const mail = await readMail(
      mime(
        ["From: a@b.it", "Subject: x", "Content-Type: text/html; charset=UTF-7"],
        "+ADw-p+AD4-Ciao+ADw-/p+AD4-+ADw-script+AD4-alert(1)+ADw-/script+AD4-",
      ),
    );
    expect(mail.html).toBe("<p>Ciao</p>");
  });

  it("sanitises HTML: no scripts, no event handlers, no remote pixels until asked", async () => {
    const mail = await readMail(
      mime(
        ["From: a@b.it", "Subject: html", "Content-Type: text/html; charset=utf-8"],
        '<p onclick="steal()">Ciao</p><script>alert(1)</script><img src="https://track.example/p.gif" onerror="x()"><a href="javascript:alert(2)">link</a>',
      ),
    );
    expect(mail.html).not.toMatch(/script|onclick|onerror|javascript:/i);
    expect(mail.html).toContain('data-remote-src="https://track.example/p.gif"');
    expect(mail.html).not.toMatch(/(^|\s)src="https:/);
    expect(mail.html).toContain("<p>Ciao</p>");
  });

  it("leaves no timer behind once a message is read", async () => {
    // The parse deadline's timer held the whole parsed message (a 20 MB one included) for a second after
    // reading it, and every message read in that second with it.
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
    const before = timers();
    await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        readMail(mime(["From: a@b.it", `Subject: ${i}`, "Content-Type: text/plain; charset=utf-8"], "Ciao")),
      ),
    );
    expect(timers()).toBeLessThanOrEqual(before);
  });

  it("keeps what it can of a message it cannot parse, flagged, never throwing", async () => {
    // A thousand nested multiparts: mailparser gives up, the headers still name the sender and subject.
    const depth = 1200;
    const open = Array.from(
      { length: depth },
      (_, i) => `--b${i}\r\nContent-Type: multipart/mixed; boundary="b${i + 1}"\r\n\r\n`,
    ).join("");
    const raw = mime(
      [
        "From: Rotto <rotto@b.it>",
        "Subject: Messaggio illeggibile",
        "Message-ID: <broken@b.it>",
        'Content-Type: multipart/mixed; boundary="b0"',
      ],
      `${open}testo\r\n`,
    );
    const mail = await readMail(raw);
    expect(mail.ok).toBe(false);
    expect(mail.error).toBeTruthy();
    expect(mail).toMatchObject({
      messageId: "<broken@b.it>",
      subject: "Messaggio illeggibile",
      from: { address: "rotto@b.it" },
    });
    expect(mail.text.length).toBeGreaterThan(0);
  });
});
