import { describe, expect, it } from "vitest";
import { extractReply } from "./reply";

// [client, message, expected new part]
const CASES: [string, string, string][] = [
  [
    "Gmail en",
    "Thanks, it works now.\n\nOn Tue, Mar 3, 2026 at 10:00 AM Anna Conti <anna@caffe.it> wrote:\n> Please restart the machine.\n> Anna",
    "Thanks, it works now.",
  ],
  [
    "Gmail en wrapped",
    "Great, thanks!\n\nOn Tue, Mar 3, 2026 at 10:00 AM Anna Conti <\nanna@caffe.it> wrote:\n\n> Please restart",
    "Great, thanks!",
  ],
  [
    "Gmail it",
    "Perfetto, grazie.\n\nIl giorno mar 3 mar 2026 alle ore 10:00 Anna Conti <anna@caffe.it> ha scritto:\n> Riavvii la macchina.",
    "Perfetto, grazie.",
  ],
  ["Gmail it short", "Ok!\n\nIl 03/03/2026 10:00, Anna ha scritto:\n> Riavvii.", "Ok!"],
  [
    "Apple Mail it",
    "Funziona.\n\nInviato da iPhone\n\n> Il giorno 3 mar 2026, alle ore 10:00, Anna <anna@caffe.it> ha scritto:\n> \n> Riavvii.",
    "Funziona.",
  ],
  [
    "iOS en",
    "Will do\n\nSent from my iPhone\n\n> On 3 Mar 2026, at 10:00, Anna <anna@caffe.it> wrote:\n>\n> Restart it.",
    "Will do",
  ],
  [
    "Android it",
    "Arrivato, grazie\n\nInviato dal mio Galaxy\n\nIl mar 3 mar 2026, 10:00 Anna <anna@caffe.it> ha scritto:\n> Spedito.",
    "Arrivato, grazie",
  ],
  [
    "Outlook desktop en",
    "See attached.\n\nFrom: Anna Conti <anna@caffe.it>\nSent: Tuesday, March 3, 2026 10:00 AM\nTo: Luca <luca@bar.it>\nSubject: RE: Order\n\nHello Luca",
    "See attached.",
  ],
  [
    "Outlook desktop it",
    "Ecco la foto.\n\nDa: Anna Conti <anna@caffe.it>\nInviato: martedì 3 marzo 2026 10:00\nA: Luca <luca@bar.it>\nOggetto: R: Ordine\n\nBuongiorno Luca",
    "Ecco la foto.",
  ],
  [
    "Outlook web bold",
    "Confermo.\n\n________________________________\nDa: Anna Conti <anna@caffe.it>\nInviato: martedì 3 marzo 2026 10:00\nA: Luca\nOggetto: Ordine",
    "Confermo.",
  ],
  [
    "Outlook underscores en",
    "Yes please.\n________________________________\nFrom: Anna <anna@caffe.it>\nSent: Tuesday\nTo: Luca",
    "Yes please.",
  ],
  [
    "Outlook mobile",
    "Ok\n\nGet Outlook for Android\n\nFrom: Anna <anna@caffe.it>\nSent: Tuesday, March 3, 2026 10:00:00 AM\nTo: Luca <luca@bar.it>\nSubject: Re: Ordine",
    "Ok",
  ],
  [
    "Original message en",
    "Forwarding below.\n\n-----Original Message-----\nFrom: Anna\nSent: Tuesday\n\nText",
    "Forwarding below.",
  ],
  [
    "Messaggio originale",
    "Vedi sotto.\n\n-----Messaggio originale-----\nDa: Anna\nInviato: martedì\n\nTesto",
    "Vedi sotto.",
  ],
  ["Thunderbird en", "Done.\n\nOn 03/03/2026 10:00, Anna Conti wrote:\n> Please check.", "Done."],
  ["Thunderbird it", "Fatto.\n\nIl 03/03/26 10:00, Anna Conti ha scritto:\n> Controlli per favore.", "Fatto."],
  [
    "German",
    "Danke, erledigt.\n\nAm Di., 3. März 2026 um 10:00 Uhr schrieb Anna Conti <anna@caffe.it>:\n> Bitte neu starten.",
    "Danke, erledigt.",
  ],
  [
    "German Outlook",
    "Anbei.\n\nVon: Anna Conti <anna@caffe.it>\nGesendet: Dienstag, 3. März 2026 10:00\nAn: Luca\nBetreff: AW: Bestellung",
    "Anbei.",
  ],
  [
    "German mobile",
    "Passt.\n\nVon meinem iPhone gesendet\n\n> Am 03.03.2026 um 10:00 schrieb Anna <anna@caffe.it>:\n> Hallo",
    "Passt.",
  ],
  [
    "French",
    "Merci beaucoup.\n\nLe mar. 3 mars 2026 à 10:00, Anna Conti <anna@caffe.it> a écrit :\n> Redémarrez.",
    "Merci beaucoup.",
  ],
  [
    "French Outlook",
    "Voici.\n\nDe : Anna Conti <anna@caffe.it>\nEnvoyé : mardi 3 mars 2026 10:00\nÀ : Luca\nObjet : RE: Commande",
    "Voici.",
  ],
  [
    "French mobile",
    "Ok merci\n\nEnvoyé de mon iPhone\n\n> Le 3 mars 2026 à 10:00, Anna <anna@caffe.it> a écrit :",
    "Ok merci",
  ],
  [
    "Spanish",
    "Gracias, ya funciona.\n\nEl mar, 3 mar 2026 a las 10:00, Anna Conti (<anna@caffe.it>) escribió:\n> Reinicie la máquina.",
    "Gracias, ya funciona.",
  ],
  [
    "Spanish Outlook",
    "Adjunto.\n\nDe: Anna Conti <anna@caffe.it>\nEnviado: martes, 3 de marzo de 2026 10:00\nPara: Luca\nAsunto: RE: Pedido",
    "Adjunto.",
  ],
  [
    "Spanish mobile",
    "Vale\n\nEnviado desde mi iPhone\n\n> El 3 mar 2026, a las 10:00, Anna <anna@caffe.it> escribió:",
    "Vale",
  ],
  [
    "Dutch Outlook",
    "Zie bijlage.\n\nVan: Company Questions [mailto:questions@company.com]\nVerzonden: maandag 5 december 2016 17:00\nAan: someone@hotmail.fr\nOnderwerp: Vraag",
    "Zie bijlage.",
  ],
  ["signature delimiter", "Grazie mille.\n\n-- \nLuca Romano\nBar Centrale\nTel. 02 1234567", "Grazie mille."],
  ["signature and quote", "Ricevuto.\n-- \nLuca\n\nIl giorno 3 mar 2026 Anna ha scritto:\n> Spedito.", "Ricevuto."],
  [
    "no quote at all",
    "Buongiorno,\nla macchina non si accende.\nGrazie",
    "Buongiorno,\nla macchina non si accende.\nGrazie",
  ],
  ["only quoted text", "> just a quote\n> nothing else", "> just a quote\n> nothing else"],
  [
    "inline answers keep the text",
    "Vedi risposte:\n> Domanda 1?\nSì\n> Domanda 2?\nNo",
    "Vedi risposte:\n> Domanda 1?\nSì\n> Domanda 2?\nNo",
  ],
  ["CRLF", "Yes.\r\n\r\nOn Mon, Anna wrote:\r\n> Question?", "Yes."],
];

describe("extractReply", () => {
  it.each(CASES)("%s", (_client, message, expected) => {
    expect(extractReply(message).reply).toBe(expected);
  });

  it("keeps the quoted history and the signature apart, not lost", () => {
    const r = extractReply("Ok.\n-- \nLuca\n\nOn Mon, Anna wrote:\n> Question?");
    expect(r.signature).toBe("-- \nLuca");
    expect(r.quoted).toBe("On Mon, Anna wrote:\n> Question?");
  });
});
