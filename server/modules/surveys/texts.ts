// What customers read of a survey, in Italian and English: the email and the page behind its links. (Agents'
// texts live in web/src/locales.)

export type Lang = "it" | "en";

const TEXTS = {
  it: {
    csat_subject: (n: number) => `[#${n}] Come siamo andati?`,
    nps_subject: (ws: string) => `Consiglieresti ${ws} a un amico?`,
    hello: (name: string | null) => (name ? `Ciao ${name},` : "Ciao,"),
    csat_question: (n: number, subject: string) =>
      `la tua richiesta #${n} «${subject}» è stata risolta. Come valuti l'assistenza che hai ricevuto?`,
    nps_question: (ws: string) => `da 0 a 10, quanto è probabile che consiglieresti ${ws} a un amico o a un collega?`,
    one_click: "Basta un clic su una risposta: potrai aggiungere un commento nella pagina che si apre.",
    expires: (days: number) => `Il link vale ${days} giorni.`,
    labels2: { 0: "Male", 1: "Bene" } as Record<number, string>,
    labels5: { 1: "Pessimo", 2: "Scarso", 3: "Nella media", 4: "Buono", 5: "Ottimo" } as Record<number, string>,
    nps_low: "Per niente probabile",
    nps_high: "Molto probabile",
    page_title: "La tua opinione",
    thanks_score: "Grazie! Abbiamo registrato la tua valutazione.",
    choose: "La tua valutazione",
    change_hint: "Puoi cambiarla fino alla scadenza del link.",
    comment_csat: "Vuoi dirci qualcosa di più? (facoltativo)",
    comment_nps: "Perché? (facoltativo)",
    resolved_q: "Il tuo problema è stato risolto?",
    yes: "Sì",
    no: "No",
    send: "Invia",
    thanks_done: "Grazie per il tuo tempo: la tua risposta è stata registrata.",
    expired_title: "Link scaduto",
    expired: "Questo link per la valutazione è scaduto. Grazie comunque!",
    invalid_title: "Link non valido",
    invalid: "Questo link per la valutazione non è valido. Controlla di averlo copiato per intero.",
    bad_score: "Scegli una valutazione tra quelle proposte.",
  },
  en: {
    csat_subject: (n: number) => `[#${n}] How did we do?`,
    nps_subject: (ws: string) => `Would you recommend ${ws} to a friend?`,
    hello: (name: string | null) => (name ? `Hello ${name},` : "Hello,"),
    csat_question: (n: number, subject: string) =>
      `your request #${n} "${subject}" has been solved. How would you rate the support you received?`,
    nps_question: (ws: string) => `from 0 to 10, how likely are you to recommend ${ws} to a friend or colleague?`,
    one_click: "One click on an answer is enough: you can add a comment on the page that opens.",
    expires: (days: number) => `The link is valid for ${days} days.`,
    labels2: { 0: "Bad", 1: "Good" } as Record<number, string>,
    labels5: { 1: "Very poor", 2: "Poor", 3: "Average", 4: "Good", 5: "Excellent" } as Record<number, string>,
    nps_low: "Not at all likely",
    nps_high: "Extremely likely",
    page_title: "Your opinion",
    thanks_score: "Thank you! We have recorded your rating.",
    choose: "Your rating",
    change_hint: "You can change it until the link expires.",
    comment_csat: "Anything you would like to add? (optional)",
    comment_nps: "Why? (optional)",
    resolved_q: "Was your problem solved?",
    yes: "Yes",
    no: "No",
    send: "Send",
    thanks_done: "Thank you for your time: your answer has been recorded.",
    expired_title: "Link expired",
    expired: "This rating link has expired. Thank you anyway!",
    invalid_title: "Invalid link",
    invalid: "This rating link is not valid. Check that you copied all of it.",
    bad_score: "Choose one of the ratings offered.",
  },
} as const;

export const textsFor = (lang: Lang) => TEXTS[lang];

/** The scores a survey of this scale accepts, in the order the email and the page show them. */
export function scoresOf(scale: number): number[] {
  if (scale === 2) return [1, 0];
  if (scale === 5) return [5, 4, 3, 2, 1];
  return Array.from({ length: 11 }, (_, i) => i);
}

/** The label of a score: a word for CSAT, the number for NPS. */
export function labelOf(lang: Lang, scale: number, score: number): string {
  const t = TEXTS[lang];
  if (scale === 2) return t.labels2[score] ?? String(score);
  if (scale === 5) return `${score} – ${t.labels5[score] ?? ""}`;
  return String(score);
}
