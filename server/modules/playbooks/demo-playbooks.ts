import type { Runner } from "../../db/index";
import { insertPlaybook } from "./playbooks.queries";

// The demo company's playbooks for hard moments (Caffè Aurora S.r.l.: coffee machines for bars and hotels), in
// Italian and English, with the canned replies (by shortcut) each suggests.
interface Version {
  title: string;
  tags: string[];
  keywords: string[];
  steps: string[];
  mistakes: string[];
}
interface DemoPlaybook {
  it: Version;
  en: Version;
  macros: string[];
}

export const DEMO_PLAYBOOKS: DemoPlaybook[] = [
  {
    macros: ["scuse", "responsabile"],
    it: {
      title: "Cliente arrabbiato",
      tags: ["arrabbiato", "reclamo"],
      keywords: ["vergogna", "inaccettabile", "furioso", "arrabbiato", "terza volta", "pessimo servizio"],
      steps: [
        "Leggi tutta la storia del cliente prima di rispondere (altri ticket, note, SLA mancati)",
        "Riconosci il problema e scusati per come è andata, senza giustificarti",
        "Riassumi con parole tue cosa è successo e cosa gli serve",
        "Proponi una soluzione concreta con una data, anche parziale",
        "Prendi tu il ticket e richiama o riscrivi quando hai detto",
      ],
      mistakes: [
        "Rispondere a caldo o copiando un modello senza personalizzarlo",
        "Dare la colpa al cliente, al corriere o a un collega",
        "Promettere tempi che non dipendono da te",
      ],
    },
    en: {
      title: "Angry customer",
      tags: ["angry", "complaint"],
      keywords: ["unacceptable", "furious", "disgrace", "angry", "third time", "terrible service"],
      steps: [
        "Read the customer's whole history before answering (other tickets, notes, missed SLAs)",
        "Acknowledge the problem and apologise for how it went, without excuses",
        "Summarise in your own words what happened and what they need",
        "Offer a concrete solution with a date, even a partial one",
        "Take the ticket yourself and call or write back when you said you would",
      ],
      mistakes: [
        "Answering in the heat of the moment or pasting a template unchanged",
        "Blaming the customer, the courier or a colleague",
        "Promising times that do not depend on you",
      ],
    },
  },
  {
    macros: ["rimborso", "attesa"],
    it: {
      title: "Richiesta di rimborso",
      tags: ["rimborso", "reso"],
      keywords: ["rimborso", "rimborsare", "restituire", "soldi indietro", "reso", "recesso"],
      steps: [
        "Verifica ordine, data di consegna e condizioni (14 giorni di recesso per i privati)",
        "Controlla se un intervento o una sostituzione risolvono meglio il problema",
        "Spiega con chiarezza cosa rimborsiamo, come e in quanto tempo",
        "Avvia il rimborso e annota il numero della pratica nel ticket",
      ],
      mistakes: [
        "Rifiutare senza spiegare il motivo e le alternative",
        "Far ripetere al cliente dati che abbiamo già",
        "Confondere il recesso dei privati con la garanzia dei locali",
      ],
    },
    en: {
      title: "Refund request",
      tags: ["refund", "return"],
      keywords: ["refund", "money back", "return", "chargeback", "cancel order"],
      steps: [
        "Check the order, delivery date and terms (14-day withdrawal for consumers)",
        "See whether a repair or replacement solves the problem better",
        "Explain clearly what we refund, how and how long it takes",
        "Start the refund and note the case number in the ticket",
      ],
      mistakes: [
        "Refusing without explaining why and what the alternatives are",
        "Asking the customer again for data we already have",
        "Mixing up the consumer withdrawal right with the business warranty",
      ],
    },
  },
  {
    macros: ["responsabile"],
    it: {
      title: "Minaccia di azioni legali",
      tags: ["legale"],
      keywords: ["avvocato", "denuncia", "legale", "diffida", "tribunale", "carabinieri", "codacons"],
      steps: [
        "Non rispondere nel merito: metti il ticket in attesa e avvisa subito la responsabile",
        "Inoltra la conversazione all'ufficio legale con una nota interna che riassume i fatti",
        "Rispondi al cliente solo che la questione è stata passata a chi se ne occupa, con una data",
        "Conserva tutto: email, foto, rapporti d'intervento",
      ],
      mistakes: [
        "Ammettere responsabilità o offrire risarcimenti di tua iniziativa",
        "Cancellare o modificare messaggi e note",
        "Ignorare il ticket sperando che si calmi",
      ],
    },
    en: {
      title: "Legal threat",
      tags: ["legal"],
      keywords: ["lawyer", "solicitor", "sue", "court", "legal action", "small claims"],
      steps: [
        "Do not answer on the merits: put the ticket on hold and tell the lead at once",
        "Forward the conversation to legal with an internal note summarising the facts",
        "Tell the customer only that the matter is with the people who handle it, with a date",
        "Keep everything: emails, photos, service reports",
      ],
      mistakes: [
        "Admitting liability or offering compensation on your own",
        "Deleting or editing messages and notes",
        "Ignoring the ticket hoping it calms down",
      ],
    },
  },
  {
    macros: ["saluto"],
    it: {
      title: "Cliente spinto dalle vendite",
      tags: ["vendite", "commerciale"],
      keywords: ["commerciale", "venditore", "agente di zona", "mi ha promesso", "priorità assoluta"],
      steps: [
        "Tratta la richiesta con il livello di servizio del piano del cliente, come tutte le altre",
        "Se il commerciale chiede un'eccezione, registrala con motivo e fonte «vendite»",
        "Rispondi al commerciale con i tempi reali, in copia nella nota interna",
        "Se serve un'approvazione, chiedila alla supervisora invece di saltare la coda",
      ],
      mistakes: [
        "Alzare la priorità senza motivo registrato",
        "Promettere al cliente quello che ha promesso il commerciale senza verificarlo",
      ],
    },
    en: {
      title: "Customer pushed by sales",
      tags: ["sales"],
      keywords: ["salesperson", "account manager", "sales rep", "was promised", "top priority"],
      steps: [
        "Serve the request at the service level of the customer's plan, like every other one",
        "If sales asks for an exception, record it with its reason and the source “sales”",
        "Answer the salesperson with the real times, copied in an internal note",
        "If an approval is needed, ask the supervisor instead of skipping the queue",
      ],
      mistakes: [
        "Raising the priority without a recorded reason",
        "Repeating to the customer what sales promised without checking it",
      ],
    },
  },
  {
    macros: ["responsabile", "scuse"],
    it: {
      title: "Richiesta di parlare con un responsabile",
      tags: ["supervisore"],
      keywords: ["responsabile", "superiore", "direttore", "parlare con qualcuno", "titolare"],
      steps: [
        "Chiedi con calma cosa non ha funzionato finora: spesso basta ascoltare",
        "Se la richiesta resta, passa il ticket alla responsabile con una nota che riassume tutto",
        "Dì al cliente chi lo contatterà e quando",
        "Resta in copia e chiudi il giro con il cliente dopo il contatto",
      ],
      mistakes: [
        "Negare che esista un responsabile o fare da muro",
        "Passare il ticket senza nota, costringendo il cliente a ripetere tutto",
      ],
    },
    en: {
      title: "Request for a supervisor",
      tags: ["supervisor", "escalation"],
      keywords: ["manager", "supervisor", "speak to someone", "your boss", "escalate"],
      steps: [
        "Calmly ask what has not worked so far: listening is often enough",
        "If they still ask, hand the ticket to the lead with a note that sums everything up",
        "Tell the customer who will contact them and when",
        "Stay copied and close the loop with the customer after the contact",
      ],
      mistakes: [
        "Denying that there is a supervisor, or stonewalling",
        "Handing over without a note, so the customer must repeat everything",
      ],
    },
  },
  {
    macros: ["attesa"],
    it: {
      title: "Cliente che costa più di quanto rende",
      tags: ["costoso", "fuori-contratto"],
      keywords: ["ogni settimana", "ennesima volta", "ancora rotta", "gratis", "fuori garanzia", "senza contratto"],
      steps: [
        "Guarda i numeri del cliente: richieste negli ultimi 90 giorni, interventi, piano e fatturato",
        "Rispondi con lo stesso livello di servizio di sempre: il costo non cambia la cortesia",
        "Annota nel ticket cosa è fuori dal contratto (interventi extra, richieste ripetute)",
        "Segnala il caso alla responsabile con i numeri, per decidere su piano, formazione o prezzo",
      ],
      mistakes: [
        "Rispondere più lentamente o peggio per scoraggiarlo",
        "Decidere da solo sconti, interventi gratuiti o la fine del rapporto",
      ],
    },
    en: {
      title: "Customer who costs more than they pay",
      tags: ["costly", "out-of-contract"],
      keywords: ["every week", "yet again", "broken again", "for free", "out of warranty", "no contract"],
      steps: [
        "Look at the customer's numbers: requests in the last 90 days, visits, plan and revenue",
        "Answer with the usual service level: cost does not change courtesy",
        "Note in the ticket what is outside the contract (extra visits, repeated requests)",
        "Flag the case to the lead with the numbers, to decide on plan, training or price",
      ],
      mistakes: [
        "Answering slower or worse to discourage them",
        "Deciding discounts, free visits or ending the relationship on your own",
      ],
    },
  },
];

/** Writes the demo playbooks, the English a translation of the Italian, with the macros of `macroIds`. */
export async function seedPlaybooks(on: Runner, workspaceId: number, macroIds: Record<string, number>) {
  const now = Date.now();
  for (const p of DEMO_PLAYBOOKS) {
    const ids = JSON.stringify(p.macros.map((s) => macroIds[s]).filter((id) => id !== undefined));
    const row = (v: Version, language: "it" | "en", translation_of: number | null) => ({
      workspace_id: workspaceId,
      title: v.title,
      language,
      translation_of,
      match_tags: JSON.stringify(v.tags),
      match_keywords: JSON.stringify(v.keywords),
      steps: JSON.stringify(v.steps),
      mistakes: JSON.stringify(v.mistakes),
      macro_ids: ids,
      created_at: now,
      updated_at: now,
    });
    const it = await insertPlaybook(on, row(p.it, "it", null));
    await insertPlaybook(on, row(p.en, "en", it.id));
  }
}
