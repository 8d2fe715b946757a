import { describe, expect, it } from "vitest";
import { fixture } from "../../test/fixtures";
import { readMail } from "./read-mail";

// Hand-written MIME with the bytes real clients send: each charset's own encoding of the text, not UTF-8.
const mime = (headers: string[], body: Buffer | string) =>
  Buffer.concat([
    Buffer.from([...headers, "MIME-Version: 1.0", ""].join("\r\n") + "\r\n", "latin1"),
    typeof body === "string" ? Buffer.from(body, "latin1") : body,
  ]);

describe("reading real-world MIME", () => {
  it.each([
    ["ISO-8859-1", "iso-8859-1-perche-caffe.eml", "Perché caffè?"],
    ["ISO-8859-15", "iso-8859-15-euro.eml", "Costa 10 €"],
    ["windows-1252", "windows-1252-outlook.eml", "\u201cCiao\u201d 10€"],
    ["UTF-7", "utf-7-prezzo.eml", "Prezzo: 10 €"],
    ["ISO-2022-JP", "iso-2022-jp-nihon.eml", "日本"],
    ["Shift_JIS", "shift-jis-nihongo.eml", "日本語"],
  ])("decodes %s text", async (_charset, file, text) => {
    const mail = await readMail(fixture(file));
    expect(mail.ok).toBe(true);
    expect(mail.text).toBe(text);
  });

  it("decodes a sender whose whole address is an encoded word", async () => {
    const mail = await readMail(
      mime(["From: =?UTF-8?B?YW5uYUBjYWZmZS5pdA==?=", "Subject: Ordine", "Content-Type: text/plain"], "Ciao"),
    );
    expect(mail.from).toEqual({ address: "anna@caffe.it", name: null });
    const named = await readMail(
      mime(
        ["From: =?UTF-8?Q?Nicol=C3=B2_Bianchi_=3Cnicolo=40b=2Eit=3E?=", "Subject: x", "Content-Type: text/plain"],
        "Ciao",
      ),
    );
    expect(named.from?.address).toBe("nicolo@b.it");
  });

  it("decodes an x-uuencode attachment", async () => {
    const mail = await readMail(
      mime(
        ["From: a@b.it", "Subject: file", 'Content-Type: multipart/mixed; boundary="b"'],
        [
          "--b",
          "Content-Type: text/plain",
          "",
          "in allegato",
          "--b",
          'Content-Type: application/octet-stream; name="saluti.txt"',
          "Content-Transfer-Encoding: x-uuencode",
          'Content-Disposition: attachment; filename="saluti.txt"',
          "",
          "begin 644 saluti.txt",
          "+8VEA;R!M;VYD;PH`",
          "`",
          "end",
          "--b--",
          "",
        ].join("\r\n"),
      ),
    );
    expect(mail.attachments.map((a) => [a.filename, a.content.toString()])).toEqual([["saluti.txt", "ciao mondo\n"]]);
  });

  it("decodes RFC 2047 subjects and names and RFC 2231 file names", async () => {
    const mail = await readMail(fixture("rfc2047-name-rfc2231-filename.eml"));
    expect(mail.from).toEqual({ address: "nicolo@b.it", name: "Nicolò Bianchi" });
    expect(mail.subject).toBe("Fattura di novembre €");
    expect(mail.attachments.map((a) => [a.filename, a.contentType, a.content.toString()])).toEqual([
      ["fattura n° 12.pdf", "application/pdf", "%PDF-1.4"],
    ]);
  });

  it("reads nested multiparts, a forwarded message/rfc822 and an inline image by cid", async () => {
    const mail = await readMail(fixture("forward-nested-inline-image.eml"));
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
