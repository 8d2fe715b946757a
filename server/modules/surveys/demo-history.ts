import type { Lang } from "./texts";

// The demo's rated tickets (see demo.ts): conversations from the weeks before the installation, in the order the
// organizations take turns: Bar Centrale and Hotel Laguna (the front desk, in Italian), then Brew & Co. London (the
// machine technicians, in English), who answer later and miss a few service-level targets.

export type Conversation = {
  name: string;
  lang: Lang;
  subject: string;
  body: string;
  reply: string;
  /** The satisfaction rating given afterwards (1 to 5), or null when the survey went unanswered. */
  score: number | null;
  /** Business minutes from the customer's message to the first answer, and to the solve. */
  answerAfter: number;
  solveAfter: number;
};

export const HISTORY: Conversation[] = [
  {
    name: "Chiara Rizzi",
    lang: "it",
    subject: "Consegna capsule in ritardo",
    body: "Buongiorno, le capsule ordinate lunedì non sono ancora arrivate e domani restiamo senza.",
    reply:
      "Gentile Chiara, il corriere consegna domani entro le 12; le abbiamo aggiunto una confezione omaggio per il disagio.",
    score: 5,
    answerAfter: 25,
    solveAfter: 180,
  },
  {
    name: "Davide Greco",
    lang: "it",
    subject: "Fattura con partita IVA sbagliata",
    body: "Salve, nella fattura 2026/0412 la partita IVA non è la nostra. Potete correggerla?",
    reply: "Gentile Davide, le abbiamo appena inviato la fattura corretta con la nota di credito di quella sbagliata.",
    score: 4,
    answerAfter: 50,
    solveAfter: 960,
  },
  {
    name: "James Walker",
    lang: "en",
    subject: "Machine not heating",
    body: "Hello, our Aurora Mini no longer gets up to temperature: the coffee comes out lukewarm.",
    reply:
      "Hi James, it is the heating element: we are replacing it under warranty, and the courier collects the machine tomorrow.",
    score: 5,
    answerAfter: 140,
    solveAfter: 1600,
  },
  {
    name: "Serena Lombardi",
    lang: "it",
    subject: "Guarnizioni di ricambio",
    body: "Ci servono due guarnizioni per il portafiltro della macchina a due gruppi.",
    reply: "Spedite oggi, arrivano entro due giorni lavorativi.",
    score: 3,
    answerAfter: 35,
    solveAfter: 300,
  },
  {
    name: "Fabio Costa",
    lang: "it",
    subject: "Consegne ogni due settimane",
    body: "Dal mese prossimo vorremmo le capsule ogni due settimane invece che ogni settimana.",
    reply: "Fatto: la prossima consegna è il 15, poi ogni due settimane.",
    score: 5,
    answerAfter: 70,
    solveAfter: 1200,
  },
  {
    name: "Sophie Turner",
    lang: "en",
    subject: "Error E3 on the display",
    body: "The machine shows error E3 and will not brew. We open at seven tomorrow.",
    reply:
      "Hi Sophie, E3 means the water tank is not seated properly; if it comes back after you reseat it, we will send a technician.",
    score: 2,
    answerAfter: 310,
    solveAfter: 2100,
  },
  {
    name: "Stefano Galli",
    lang: "it",
    subject: "Ordine addebitato due volte",
    body: "Buongiorno, ci avete addebitato due volte l'ordine 5120.",
    reply:
      "Ha ragione, ci scusiamo: il rimborso del secondo addebito è partito oggi e lo vedrà in 3-5 giorni lavorativi.",
    score: 4,
    answerAfter: 20,
    solveAfter: 120,
  },
  {
    name: "Laura Bruno",
    lang: "it",
    subject: "Corso per i nuovi baristi",
    body: "Organizzate un corso sull'uso della macchina per i nostri due nuovi baristi?",
    reply: "Sì: il prossimo è martedì alle 15 nel nostro showroom di Milano, li abbiamo iscritti entrambi.",
    score: 5,
    answerAfter: 45,
    solveAfter: 480,
  },
  {
    name: "Harry Evans",
    lang: "en",
    subject: "Noisy grinder",
    body: "Since yesterday the grinder makes a metallic noise when it starts.",
    reply: "Hi Harry, that sounds like a small stone between the burrs: a technician will call on Thursday morning.",
    score: 1,
    answerAfter: 95,
    solveAfter: 1380,
  },
  {
    name: "Riccardo Mancini",
    lang: "it",
    subject: "Preventivo per un secondo locale",
    body: "Apriamo un secondo locale: ci fate un preventivo per una macchina a un gruppo?",
    reply: "Le abbiamo inviato il preventivo per la Aurora Uno con il macinacaffè, valido 30 giorni.",
    score: 4,
    answerAfter: 30,
    solveAfter: 240,
  },
  {
    name: "Marta Longo",
    lang: "it",
    subject: "Accesso al portale clienti",
    body: "Non riesco ad accedere al portale clienti per vedere le fatture.",
    reply: "Il portale non usa una password ma un link via email: gliel'abbiamo appena inviato, vale 30 minuti.",
    score: 5,
    answerAfter: 60,
    solveAfter: 900,
  },
  {
    name: "Amelia Hughes",
    lang: "en",
    subject: "Annual maintenance",
    body: "We would like to book the yearly service of the two-group machine, ideally on a Monday.",
    reply: "Booked for Monday at 9:30; the technician needs about an hour.",
    score: 4,
    answerAfter: 260,
    solveAfter: 1700,
  },
  {
    name: "Andrea Rinaldi",
    lang: "it",
    subject: "Capsule arrivate schiacciate",
    body: "Metà delle capsule dell'ultimo ordine sono arrivate schiacciate.",
    reply: "Ci scusiamo: le rispediamo subito la confezione completa, non serve restituire quelle rovinate.",
    score: 4,
    answerAfter: 40,
    solveAfter: 360,
  },
  {
    name: "Valentina Caruso",
    lang: "it",
    subject: "Ogni quanto decalcificare?",
    body: "Ogni quanto va fatta la decalcificazione della Aurora Mini?",
    reply: "Ogni tre mesi con l'acqua di rete, ogni sei con l'acqua filtrata: la guida è nel nostro centro assistenza.",
    score: null,
    answerAfter: 15,
    solveAfter: 90,
  },
  {
    name: "Jack Morris",
    lang: "en",
    subject: "Grind too fine after cleaning",
    body: "After cleaning, the coffee runs very slowly: I think the grind setting moved.",
    reply: "Set the ring back to 4: we have sent you a short video that shows how.",
    score: null,
    answerAfter: 80,
    solveAfter: 1500,
  },
  {
    name: "Federica Gatti",
    lang: "it",
    subject: "Nuovo indirizzo di fatturazione",
    body: "Abbiamo cambiato sede legale: via Roma 45, Bergamo.",
    reply: "Aggiornato: dalla prossima fattura trova il nuovo indirizzo.",
    score: 3,
    answerAfter: 55,
    solveAfter: 600,
  },
];
