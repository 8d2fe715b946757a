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
  // Headers recognised by their shape, in the languages the issue lists.
  [
    "Gmail header without a verb",
    "Ricevuto, grazie.\n\n2026-03-20 8:48 GMT+01:00 Anna Conti <anna@caffe.it>:\n\n> La consegna è domani.",
    "Ricevuto, grazie.",
  ],
  [
    "German, sender first",
    "Alles klar.\n\nAnna Conti <anna@caffe.it> schrieb am Di., 3. März 2026 um 10:00:\n\n> Bitte prüfen.",
    "Alles klar.",
  ],
  [
    "header wrapped over three lines",
    "Va bene.\n\nOn Tue, Mar 3, 2026 at 10:00 AM\nAnna Conti\n<anna@caffe.it> wrote:\n\n> Please confirm.",
    "Va bene.",
  ],
  [
    "header between dashes (Zoho)",
    "Thanks for the quick answer.\n\n---- On Tue, 03 Mar 2026 10:00:00 +0100 Anna Conti <anna@caffe.it> wrote ----\n\nThe part ships today.",
    "Thanks for the quick answer.",
  ],
  [
    "Catalan",
    "Perfecte, gràcies.\n\nEl dia 3 de març 2026, a les 10:00, Anna Conti <anna@caffe.it> va escriure:\n> Reiniciï la màquina.",
    "Perfecte, gràcies.",
  ],
  [
    "Polish",
    "Dziękuję, działa.\n\nW dniu 3.03.2026 o 10:00, Anna Conti <anna@caffe.it> pisze:\n> Proszę zrestartować.",
    "Dziękuję, działa.",
  ],
  [
    "Danish",
    "Tak, det virker.\n\nDen 3. mar. 2026 kl. 10.00 skrev Anna Conti <anna@caffe.it>:\n> Genstart maskinen.",
    "Tak, det virker.",
  ],
  [
    "Norwegian, no blank line before the header",
    "Takk!\nPå 3. mars 2026 kl. 10:00:12, Anna Conti (anna@caffe.it) skrev:\n\nStart maskinen på nytt.",
    "Takk!",
  ],
  [
    "Dutch",
    "Bedankt.\n\nOp 3 mrt. 2026 om 10:00 heeft Anna Conti <anna@caffe.it> het volgende geschreven:\n\nHerstart de machine.",
    "Bedankt.",
  ],
  [
    "Russian",
    "Спасибо, всё работает.\n\n3 марта 2026 г., в 10:00, Анна Конти <anna@caffe.it> написал(а):\n> Перезагрузите машину.",
    "Спасибо, всё работает.",
  ],
  [
    "Chinese",
    "谢谢，已经好了。\n\n在 2026年3月3日，上午10:00，Anna Conti <anna@caffe.it> 写道：\n> 请重启机器。",
    "谢谢，已经好了。",
  ],
  [
    "Japanese",
    "ありがとうございます。\n\n2026年3月3日(火) 10:00 Anna Conti <anna@caffe.it>:\n\n> 再起動してください。",
    "ありがとうございます。",
  ],
  [
    "Korean",
    "감사합니다.\n\n2026년 3월 3일 (화) 오전 10:00, Anna Conti <anna@caffe.it>님이 작성:\n> 다시 시작하세요.",
    "감사합니다.",
  ],
  [
    "header over three lines, the middle one starting with 'at'",
    "Grazie, provo subito.\n\nOn Mar 3, 2026,\nat 10:18,\nAnna Conti <anna@caffe.it> wrote:\n\n> Try again.",
    "Grazie, provo subito.",
  ],
  [
    "Norwegian Gmail, lowercase weekday",
    "Det virker nå.\n\ntir. 3. mar. 2026 kl. 10:00 skrev Anna Conti <anna@caffe.it>:\n\n> Prøv igjen.",
    "Det virker nå.",
  ],
  // Separators and header blocks.
  [
    "Danish separator",
    "Tak.\n\n-------- Oprindelig besked --------\nFra: Anna <anna@caffe.it>\nDato: 3.3.2026\nTil: luca@bar.it\n\nTekst",
    "Tak.",
  ],
  [
    "French webmail block starting with 'Message du'",
    "Merci.\n\nMessage du : 03/03/2026 10:00\nDe : Anna <anna@caffe.it>\nA : luca@bar.it\nObjet : Commande\n\nTexte",
    "Merci.",
  ],
  [
    "Reply Message separator",
    "Sì, confermo.\n\n-----Reply Message-----\nFrom: Anna\nDate: Tuesday\n\nTesto",
    "Sì, confermo.",
  ],
  [
    "webmail Messaggio originale",
    "Perfetto.\n\n----Messaggio originale----\nDa: anna@caffe.it\nData: 3-mar-2026 10.00\nA: luca@bar.it\nOggetto: Ordine\n\nTesto",
    "Perfetto.",
  ],
  [
    "Outlook block starting with Date",
    "Ok per me.\n\nDate: Tue, 3 Mar 2026 10:00:00 +0100\nFrom: Anna Conti <anna@caffe.it>\nTo: luca@bar.it\nSubject: Ordine\n\nTesto",
    "Ok per me.",
  ],
  [
    "Outlook block in Polish",
    "W załączniku.\n\nOd: Anna Conti <anna@caffe.it>\nWysłano: wtorek, 3 marca 2026 10:00\nDo: Luca\nTemat: Zamówienie\n\nTekst",
    "W załączniku.",
  ],
  // Signatures in other languages.
  ["Envoyé depuis mon iPhone", "C'est réparé.\n\nEnvoyé depuis mon iPhone", "C'est réparé."],
  ["Sendt fra min iPad", "Det er fint.\n\nSendt fra min iPad", "Det er fint."],
  ["Inviato dal mio Galaxy", "Arrivato.\n\nInviato dal mio Galaxy S24", "Arrivato."],
  ["Ottieni Outlook per Android", "Va bene domani.\n\nOttieni Outlook per Android", "Va bene domani."],
  // Bottom posting and inline answers keep the customer's lines.
  [
    "bottom posting",
    "On Tue, Mar 3, 2026 at 10:00 AM Anna Conti <anna@caffe.it> wrote:\n> Can you send the serial number?\n\nIt is SN-4411.",
    "It is SN-4411.",
  ],
  [
    "Gmail ru (weekday first, no verb)",
    "Спасибо, всё работает.\n\nср, 3 мар. 2026 г. в 10:00, Anna Conti <anna@caffe.it>:\n\nПерезагрузите машину.",
    "Спасибо, всё работает.",
  ],
  [
    "a reply header without its colon",
    "Thanks, it works now.\n\nOn Tue, 3 Mar 2026 10:00:00 +0100 Anna Conti <anna@caffe.it> wrote\n\nPlease restart the machine.",
    "Thanks, it works now.",
  ],
  [
    "a quote whose long lines the client wrapped",
    "Ci penso io.\n\nIl giorno 3 mar 2026, Anna Conti <anna@caffe.it>\nha scritto:\n> Buongiorno, la macchina non si accende più da questa mattina e il tecnico d\nice di aspettare.\n>\n> Anna",
    "Ci penso io.",
  ],
  [
    "Outlook for Android de, with its link, and the quote under it without a header",
    "Passt, danke.\n\nGesendet von Outlook für Android<https://aka.ms/ghei36>\n\nBitte starten Sie die Maschine neu.",
    "Passt, danke.",
  ],
  [
    "a long company disclaimer under the delimiter",
    `Ricevuto, grazie.\n\n-- \n${Array.from({ length: 16 }, (_, i) => `Riga ${i + 1} dell'avviso di riservatezza.`).join("\n")}`,
    "Ricevuto, grazie.",
  ],
  // When unsure, keep.
  [
    "a short answer in lower case right under a short quoted line",
    "> Which model?\nthe X200\n> Since when?\nmonday",
    "> Which model?\nthe X200\n> Since when?\nmonday",
  ],
  [
    "an Italian reply whose first line starts with Il",
    "Il pacco è arrivato ma la scatola era rotta.\nIl tecnico passa domani alle 10:00.\n\nGrazie",
    "Il pacco è arrivato ma la scatola era rotta.\nIl tecnico passa domani alle 10:00.\n\nGrazie",
  ],
  [
    "a sentence that starts like a mobile signature",
    "Sent from my desk, since the phone is broken: the order number is 4411.\n\nRegards",
    "Sent from my desk, since the phone is broken: the order number is 4411.\n\nRegards",
  ],
  [
    "a first-person sentence with a date and a colon",
    "I wrote to you on 3 March 2026 at 10:00:\nthe machine still does not start.",
    "I wrote to you on 3 March 2026 at 10:00:\nthe machine still does not start.",
  ],
  [
    "a quote followed by a disclaimer",
    "Ci penso io.\n\n> Può richiamarmi?\n\n-- \nQuesta email è riservata.",
    "Ci penso io.",
  ],
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

  it("keeps the customer's lines between quoted ones and folds the history under them", () => {
    const r = extractReply(
      "See below.\n> Which model?\nThe X200.\n> Since when?\nMonday.\n\nOn Tue, Mar 3, 2026 at 10:00 AM Anna <anna@caffe.it> wrote:\n> > older",
    );
    expect(r.reply).toBe("See below.\n> Which model?\nThe X200.\n> Since when?\nMonday.");
    expect(r.quoted).toContain("> > older");
  });

  it("keeps a forwarded message, with its own header, beside a short note", () => {
    const r = extractReply(
      "FYI\n\n---------- Forwarded message ---------\nFrom: Fornitore <ordini@fornitore.it>\nDate: Tue, 3 Mar 2026 at 10:00\nSubject: Ritardo consegna\nTo: luca@bar.it\n\nLa consegna slitta a venerdì.",
    );
    expect(r.reply).toBe("FYI");
    const forward = r.parts.find((p) => p.kind === "forward");
    expect(forward?.header).toContain("From: Fornitore <ordini@fornitore.it>");
    expect(forward?.text).toBe("La consegna slitta a venerdì.");
    expect(r.forwarded).toContain("La consegna slitta a venerdì.");
  });

  it("reads an Outlook block as a forward when the subject says so", () => {
    const r = extractReply(
      "Vedi sotto.\n\nDa: Anna <anna@caffe.it>\nInviato: martedì 3 marzo 2026 10:00\nA: Luca\nOggetto: Ordine\n\nTesto",
      {
        subject: "I: Ordine",
      },
    );
    expect(r.reply).toBe("Vedi sotto.");
    expect(r.parts.map((p) => p.kind)).toEqual(["text", "forward"]);
  });

  it("shows a message whose every line is quoted whole", () => {
    const r = extractReply("> only\n> quoted");
    expect(r.reply).toBe("> only\n> quoted");
    expect(r.parts).toEqual([{ kind: "text", text: "> only\n> quoted" }]);
  });
});
