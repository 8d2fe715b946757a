// A PEC (posta elettronica certificata) transport envelope or receipt, written from the format's published
// structure (DM 2 novembre 2005): a multipart/signed holding a multipart/mixed with the provider's text,
// daticert.xml and, for a certified message, the original as postacert.eml. Used by the email tests and the
// browser test of the ticket page.

export interface PecOptions {
  subject: string;
  /** X-Trasporto for a certified message, X-Ricevuta and X-Riferimento-Message-ID for a receipt. */
  headers: string[];
  /** daticert's `tipo`: posta-certificata, accettazione, avvenuta-consegna... */
  tipo: string;
  /** The certified message's Message-ID, as daticert names it. */
  msgid: string;
  /** The certified recipient (our mailbox). */
  to?: string;
  day?: string;
  time?: string;
  /** The provider's identifier of the transport. */
  id?: string;
  /** The customer's own message, carried as postacert.eml. */
  original?: string;
}

const SENDER = "mario.rossi@pec.cliente.it";

export function daticert(o: Pick<PecOptions, "tipo" | "msgid" | "to" | "day" | "time" | "id">): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<postacert tipo="${o.tipo}" errore="nessuno">
  <intestazione>
    <mittente>${SENDER}</mittente>
    <destinatari tipo="certificato">${o.to ?? "assistenza@pec.example.it"}</destinatari>
    <risposte>${SENDER}</risposte>
    <oggetto>Reclamo fornitura</oggetto>
  </intestazione>
  <dati>
    <gestore-emittente>Gestore PEC S.p.A.</gestore-emittente>
    <data zona="+0100"><giorno>${o.day ?? "24/11/2026"}</giorno><ora>${o.time ?? "10:15:02"}</ora></data>
    <identificativo>${o.id ?? "opec210.20261124101502.12345.01@pec.gestore.it"}</identificativo>
    <msgid>${o.msgid.replace(/</g, "&lt;").replace(/>/g, "&gt;")}</msgid>
  </dati>
</postacert>`;
}

/** The whole message as the provider sends it, CRLF line ends. */
export function pecEnvelope(o: PecOptions): string {
  const day = o.day ?? "24/11/2026";
  const time = o.time ?? "10:15:02";
  return [
    `From: "Per conto di: ${SENDER}" <posta-certificata@pec.gestore.it>`,
    `To: ${o.to ?? "assistenza@pec.example.it"}`,
    `Subject: ${o.subject}`,
    `Message-ID: <opec-${o.tipo}-${Math.random().toString(36).slice(2)}@pec.gestore.it>`,
    ...o.headers,
    "MIME-Version: 1.0",
    'Content-Type: multipart/signed; protocol="application/pkcs7-signature"; micalg=sha-256; boundary="signed"',
    "",
    "--signed",
    'Content-Type: multipart/mixed; boundary="mixed"',
    "",
    "--mixed",
    "Content-Type: text/plain; charset=UTF-8",
    "",
    `Messaggio di posta certificata. Il giorno ${day} alle ore ${time} (+0100) il messaggio "Reclamo fornitura" è stato inviato da "${SENDER}".`,
    "",
    "--mixed",
    "Content-Type: application/xml; name=daticert.xml",
    "Content-Disposition: inline; filename=daticert.xml",
    "",
    daticert(o),
    "",
    ...(o.original
      ? [
          "--mixed",
          "Content-Type: message/rfc822; name=postacert.eml",
          "Content-Disposition: inline; filename=postacert.eml",
          "",
          o.original,
          "",
        ]
      : []),
    "--mixed--",
    "",
    "--signed",
    "Content-Type: application/pkcs7-signature; name=smime.p7s",
    "Content-Transfer-Encoding: base64",
    "Content-Disposition: attachment; filename=smime.p7s",
    "",
    "MIAGCSqGSIb3DQEHAqCAMIACAQExDzANBglghkgBZQMEAgEFADCABgkqhkiG9w0BBwEAAA==",
    "",
    "--signed--",
    "",
  ].join("\r\n");
}
