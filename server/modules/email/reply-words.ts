// The words and patterns the reply reader (reply.ts) knows: "wrote" in many languages, reply-header openers,
// separators, header-block labels and the mobile signatures. Shapes and the reading itself stay in reply.ts.

// "wrote" in the 24 official EU languages, Russian, Ukrainian, Chinese, Japanese, Korean and a few more.
const WROTE = [
  "wrote",
  "writes",
  "ha scritto",
  "scrive",
  "schrieb",
  "geschrieben",
  "geschreven",
  "a écrit",
  "a ecrit",
  "écrit",
  "escribió",
  "escribio",
  "va escriure",
  "escreveu",
  "schreef",
  "skrev",
  "kirjoitti",
  "napisał\\(a\\)",
  "napisała",
  "napisał",
  "napisal",
  "pisze",
  "napsal\\(a\\)",
  "napsala",
  "napsal",
  "napísal\\(a\\)",
  "napísala",
  "napísal",
  "írta",
  "a scris",
  "написа",
  "je napisao",
  "napisao",
  "napisala",
  "je napisal",
  "kirjutas",
  "rakstīja",
  "parašė",
  "rašė",
  "έγραψε",
  "scríobh",
  "kiteb",
  "написал\\(а\\)",
  "написала",
  "написал",
  "пишет",
  "написав",
  "пише",
  "viết",
  "yazdı",
  "写道",
  "寫道",
  "書きました",
  "のメッセージ",
  "작성",
];
export const WROTE_RE = new RegExp(`(^|[\\s,"'»)>(])(${WROTE.join("|")})(?=$|[\\s:：,.-])`, "iu");
export const WROTE_CJK = /(写道|寫道|書きました|のメッセージ|작성)\s*[:：]?\s*$/u;
// Words a reply header opens with: where a wrapped header starts, never enough on their own.
export const OPENER =
  /^(on|il|in data|le|am|el|em|às|op|den|på|dne|dňa|w dniu|dnia|в|у|на|στις|pe|în data de|dana|u|ar|fil-|kuupäeval|kl\.|el dia|a les|пн|вт|ср|чт|пт|сб|вс|нд|\d{1,4}[-/.年]\s?\d|\d{1,2}\.? \p{L}{3}|在)(?=[\s,.\d-]|$)/iu;
// A weekday or month abbreviation and a date ("Tir. 18", "Mon 3"): capitalised, as clients write them.
export const OPENER_DAY = /^(\p{L}{2,3}\. \d|\p{Lu}\p{Ll}{1,2} \d)/u;
export const TIME = /\d{1,2}[:.h]\d{2}|\d{1,2}\s?(am|pm)\b|午[前後]|오[전후]/i;
export const DATE =
  /\b\d{4}\b|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}[./-]\d{1,2}[./-]\d{1,2}|\d{1,2}\.? ?(jan|feb|mar|apr|ma[iyg]|jun|jul|aug|sep|o[ck]t|nov|de[cz]|gen|giu|lug|ago|set|dic|janv|févr|avr|juil|sept|déc|ene|abr|dez|mrt|okt)|[年月日]|년|월/iu;
export const ADDRESS = /[^\s<>()"]+@[^\s<>()"]+\.\w+|<mailto:|<[^>]*@/;
export const FIRST_PERSON = /^\s*(i|we|io|noi|ich|wir|je|nous|yo|nosotros|eu|ik|jag|jeg|ja|я|我)\b/iu;
export const HEADER_END = /([:：]\s*|-{2,}\s*)$/u;

const QUOTE_LINE = /^\s*(>|\|(?!.*\|\s*$)|[A-Za-z]{1,10}>(\s|$))/;
export const isQuote = (l: string) => QUOTE_LINE.test(l);
export const isBlank = (l: string) => l.trim() === "";

// Separators that open quoted history, or a forwarded message.
export const ORIGINAL =
  /^\s*[*_]*\s*-{2,}\s*[*_]*\s*(original message|reply message|messaggio originale|messaggio di risposta|ursprüngliche nachricht|originalnachricht|message d'origine|message original|mensaje original|mensagem original|oorspronkelijk bericht|origineel bericht|originalmeddelande|ursprungligt meddelande|oprindelig meddelelse|opprinnelig melding|oryginalna wiadomość|wiadomość oryginalna|původní zpráva|pôvodná správa|eredeti üzenet|mesaj original|оригинално съобщение|izvorna poruka|izvirno sporočilo|originalno sporočilo|algne kiri|sākotnējā ziņa|originalus laiškas|αρχικό μήνυμα|alkuperäinen viesti|исходное сообщение|оригинальное сообщение|原始邮件|原始郵件|元のメッセージ|원본 메시지)\s*[*_]*\s*-*\s*[*_]*\s*$/iu;
export const FORWARD =
  /^\s*[*_]*\s*(-{2,}\s*[*_]*\s*(forwarded message|forwarded e-?mail|messaggio inoltrato|e-mail inoltrata|weitergeleitete nachricht|message transféré|mensaje reenviado|mensagem encaminhada|mensagem reencaminhada|doorgestuurd bericht|vidarebefordrat meddelande|videresendt meddelelse|videresendt melding|przekazana wiadomość|přeposlaná zpráva|preposlaná správa|továbbított üzenet|mesaj redirecționat|препратено съобщение|proslijeđena poruka|posredovano sporočilo|edasi saadetud kiri|pārsūtīta ziņa|persiųstas laiškas|προωθημένο μήνυμα|välitetty viesti|пересылаемое сообщение|пересланное сообщение|转发的邮件|轉寄的郵件|転送されたメッセージ|전달된 메시지)\s*[*_]*\s*-*|(begin forwarded message|inizio messaggio inoltrato|anfang der weitergeleiteten nachricht|début du message réexpédié|début du message transféré|comienzo del mensaje reenviado|início da mensagem reencaminhada|início da mensagem encaminhada|begin doorgestuurd bericht|vidarebefordrat brev|videresendt brev|forwarded message)\s*[:：]?)\s*[*_]*\s*$/iu;

// Header block labels (Outlook and webmail): the sender, and the other fields.
const FROM_LABEL =
  "from|da|de|von|van|från|fra|od|от|lähettäjä|feladó|kimden|από|saatja|nuo|no|sender|afzender|remitente|absender|expéditeur|mittente|de la|发件人|寄件者|差出人|보낸 사람|送信者";
const OTHER_LABEL =
  "sent|date|to|subject|cc|reply-to|inviato|data|a|oggetto|risposta|rispondi a|gesendet|datum|an|betreff|envoyé|envoye|à|objet|enviado|enviada|fecha|para|asunto|verzonden|aan|onderwerp|skickat|till|ämne|sendt|til|emne|wysłano|wysłane|do|temat|odesláno|komu|předmět|отправлено|кому|тема|дата|lähetetty|vastaanottaja|aihe|elküldve|címzett|tárgy|trimis|către|subiect|poslano|za|predmet|ημερομηνία|προς|θέμα|发送时间|收件人|主题|日期|送信日時|宛先|件名|보낸 날짜|받는 사람|제목|kopie|copie|cci|ccn|bcc";
const LABEL = (names: string) => new RegExp(`^\\s*[*_]*\\s*(${names})\\s*[*_]*\\s*[:：]\\s*[*_]*(\\s|$)`, "iu");
export const FROM_LINE = LABEL(FROM_LABEL);
export const OTHER_LINE = LABEL(OTHER_LABEL);
export const DATE_LINE = LABEL(
  "date|data|datum|fecha|message du|дата|日期|sent|inviato|gesendet|envoyé|enviado|verzonden|skickat|sendt",
);
// "-----Antwort Nachricht-----", "----- Messaggio di posta -----": a short title between dashes.
export const DASHED_TITLE =
  /^\s*[*_]*\s*-{3,}\s*[*_]*\s*[\p{L} ']{0,30}(message|nachricht|messaggio|mensaje|mensagem|bericht|meddelande|meddelelse|besked|melding|wiadomość|zpráva|správa|üzenet|mesaj|сообщение|viesti|poruka|sporočilo|kiri|ziņa|laiškas|μήνυμα|e-?mail|courriel|posta)[\p{L} ']{0,30}\s*[*_]*\s*-{3,}\s*[*_]*\s*$/iu;
export const RULE = /^\s*(_{5,}|-{5,}|={5,}|\*{5,})\s*$/;

export const SIG_DELIMITER = /^\s*--\s*$|^\s*__\s*$/;
// "Sent from my iPhone" and its kin: a whole short line, never a sentence that starts the same way.
export const MOBILE_SIGNATURE = new RegExp(
  "^\\s*(" +
    [
      "sent from my [\\w\\s\\-.'’()]{2,40}",
      "sent (from|with|via) (outlook|mail|yahoo mail|aol|gmail|sparrow|blackberry|samsung|spark|proton ?mail|airmail|newton|bluemail|the mail app)[\\w\\s\\-.()]{0,40}",
      "sent from (mail|outlook) for (windows|ios|android|mac)[\\w\\s\\-.]{0,20}",
      "sent from (yahoo mail|aol mobile mail|samsung mobile|my mobile device)[\\w\\s\\-.]{0,40}",
      "get outlook for (ios|android|mac)",
      "(inviato|invi?ato) (da|dal mio|dalla mia|con) [\\w\\s\\-.'’()]{2,40}",
      "ottieni outlook per (ios|android)",
      "scarica outlook per (ios|android)",
      "envoyé (de|depuis|à partir de) mon [\\w\\s\\-.'’()]{2,40}",
      "envoyé (de|depuis|avec) (outlook|yahoo mail|mail)[\\w\\s\\-.()]{0,30}",
      "obtenir outlook pour (ios|android)",
      "von meinem [\\w\\s\\-.'’()]{2,40} gesendet",
      "gesendet von (meinem|meiner|mit) [\\w\\s\\-.'’()]{2,40}",
      "outlook für (ios|android) herunterladen",
      "gesendet von outlook für (ios|android|mac)",
      "enviado (desde|de) mi [\\w\\s\\-.'’()]{2,40}",
      "enviado do meu [\\w\\s\\-.'’()]{2,40}",
      "obtener outlook para (ios|android)",
      "verzonden (vanaf|met) (mijn )?[\\w\\s\\-.'’()]{2,40}",
      "skickat från min [\\w\\s\\-.'’()]{2,40}",
      "sendt fra min [\\w\\s\\-.'’()]{2,40}",
      "wysłane z (mojego )?[\\w\\s\\-.'’()]{2,40}",
      "odesláno z (mého )?[\\w\\s\\-.'’()]{2,40}",
      "lähetetty [\\w\\s\\-.'’()]{2,40}(laitteesta|puhelimesta)",
      "отправлено с (моего )?[\\w\\s\\-.'’()]{2,40}",
      "trimis de pe [\\w\\s\\-.'’()]{2,40}",
      "küldve (az )?[\\w\\s\\-.'’()]{2,40}",
      "poslano (s|z|sa) [\\w\\s\\-.'’()]{2,40}",
      "从我的\\s?\\S{1,20}发送",
      "iPhoneから送信",
      "나의 \\S{1,20}에서 보냄",
    ].join("|") +
    // Outlook adds its link to the line: "Gesendet von Outlook für Android<https://aka.ms/…>".
    ")\\s*\\.?\\s*(<https?://[^\\s>]+>)?\\s*$",
  "iu",
);
