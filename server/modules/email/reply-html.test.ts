import { describe, expect, it } from "vitest";
import { extractHtmlReply, extractMessageParts } from "./reply-html";

// [client, HTML as the client sends it, expected new text]
const CASES: [string, string, string][] = [
  [
    "Gmail",
    `<div dir="ltr">La macchina ora funziona.<div><br></div><div>Luca</div></div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">Il giorno mar 3 mar 2026 alle ore 10:00 Anna &lt;anna@caffe.it&gt; ha scritto:<br></div><blockquote class="gmail_quote" style="margin:0 0 0 .8ex">Provi a riavviarla.</blockquote></div>`,
    "La macchina ora funziona.\n\nLuca",
  ],
  [
    "Apple Mail",
    `<html><body>Done, thanks.<br><br><div>On 3 Mar 2026, at 10:00, Anna Conti &lt;anna@caffe.it&gt; wrote:</div><br><blockquote type="cite"><div>Please restart it.</div></blockquote></body></html>`,
    "Done, thanks.",
  ],
  [
    "Apple Mail, original contents",
    `<div>Ok.</div><div id="AppleOriginalContents"><div>Anna wrote something long</div></div>`,
    "Ok.",
  ],
  [
    "Thunderbird",
    `<p>Fatto.</p><div class="moz-cite-prefix">Il 03/03/26 10:00, Anna Conti ha scritto:<br></div><blockquote type="cite">Controlli per favore.</blockquote>`,
    "Fatto.",
  ],
  [
    "Outlook on the web",
    `<div>Confermo l'ordine.</div><div id="appendonsend"></div><hr style="display:inline-block;width:98%"><div id="divRplyFwdMsg"><b>Da:</b> Anna Conti<br><b>Inviato:</b> martedì 3 marzo 2026 10:00<br><b>A:</b> Luca<br><b>Oggetto:</b> Ordine</div><div>Testo precedente</div>`,
    "Confermo l'ordine.",
  ],
  [
    "Hotmail, a rule and a header block in another language",
    `<div>Ja, bitte.</div><hr><div><b>Von:</b> Anna &lt;anna@caffe.it&gt;<br><b>Gesendet:</b> Dienstag, 3. März 2026<br><b>An:</b> Luca</div><div>Alter Text</div>`,
    "Ja, bitte.",
  ],
  [
    "Yahoo",
    `<div>Sounds good.</div><div class="yahoo_quoted"><div>On Tuesday, March 3, 2026, 10:00 AM, Anna &lt;anna@caffe.it&gt; wrote:</div><div>Old text</div></div>`,
    "Sounds good.",
  ],
  [
    "a blockquote no client marked, inside the customer's own text",
    `<div>Come da contratto:</div><blockquote>Art. 3 — assistenza entro 48 ore</blockquote><div>quindi vi aspetto domani.</div>`,
    "Come da contratto:\n> Art. 3 — assistenza entro 48 ore\nquindi vi aspetto domani.",
  ],
];

describe("extractHtmlReply", () => {
  it.each(CASES)("%s", (_client, html, expected) => {
    expect(extractHtmlReply(html).reply).toBe(expected);
  });

  it("keeps a Gmail forward as a forward, with its header", () => {
    const html = `<div dir="ltr">FYI</div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">---------- Forwarded message ---------<br>From: <b>Fornitore</b> &lt;ordini@fornitore.it&gt;<br>Date: Tue, 3 Mar 2026 at 10:00<br>Subject: Ritardo<br>To: &lt;luca@bar.it&gt;<br></div><br><div>La consegna slitta a venerdì.</div></div>`;
    const r = extractHtmlReply(html);
    expect(r.reply).toBe("FYI");
    const forward = r.parts.find((p) => p.kind === "forward");
    expect(forward?.header).toContain("From: Fornitore <ordini@fornitore.it>");
    expect(forward?.text).toBe("La consegna slitta a venerdì.");
  });
});

describe("extractMessageParts", () => {
  it("takes the words from the text part and the cut from the HTML's structure", () => {
    const r = extractMessageParts({
      text: "Grazie, vedi https://example.com/x\n\nIl giorno 3 mar 2026 Anna ha scritto:\n> Vecchio",
      html: `<div>Grazie, vedi <a href="https://example.com/x">https://example.com/x</a></div><div class="gmail_quote">Il giorno 3 mar 2026 Anna ha scritto:<blockquote class="gmail_quote">Vecchio</blockquote></div>`,
    });
    expect(r.reply).toBe("Grazie, vedi https://example.com/x");
    expect(r.quoted).toContain("Vecchio");
  });

  it("trusts the text part when the HTML tells another story", () => {
    const r = extractMessageParts({ text: "Hello\n\n> old", html: "<p>Something else entirely</p>" });
    expect(r.reply).toBe("Hello");
  });
});
