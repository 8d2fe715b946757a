import type { MacroActions } from "../../../shared/answers";
import type { Runner } from "../../db/index";
import { insertMacro } from "./macros.queries";

// The demo company's canned replies (Caffè Aurora S.r.l., coffee machines for bars and hotels), each in Italian
// and English: the shortcuts a first-line agent reaches for every day.
interface DemoMacro {
  shortcut: string;
  /** The English version's own shortcut: an agent writing in English types it. */
  shortcutEn: string;
  it: [name: string, text: string];
  en: [name: string, text: string];
  actions?: (teams: { front: number; tech: number }) => MacroActions;
}

const SIGN = {
  it: "\n\n{{agent.first_name}}\nAssistenza Caffè Aurora",
  en: "\n\n{{agent.first_name}}\nCaffè Aurora Support",
};

export const DEMO_MACROS: DemoMacro[] = [
  {
    shortcut: "saluto",
    shortcutEn: "greeting",
    it: [
      "Presa in carico",
      "Gentile {{customer.first_name}},\ngrazie per averci scritto. Abbiamo preso in carico la richiesta #{{ticket.number}} e le risponderemo {{sla.next_due}}.\nPuò seguirla in ogni momento qui: {{portal_link}}" +
        SIGN.it,
    ],
    en: [
      "Acknowledged",
      "Dear {{customer.first_name}},\nthank you for writing. We have taken on request #{{ticket.number}} and will answer {{sla.next_due}}.\nYou can follow it at any time here: {{portal_link}}" +
        SIGN.en,
    ],
    actions: () => ({ status: "open" }),
  },
  {
    shortcut: "scuse",
    shortcutEn: "apology",
    it: [
      "Scuse sincere",
      "Gentile {{customer.first_name}},\nha ragione a essere arrabbiato: le cose non sono andate come dovevano e ci scusiamo. Ho preso io in mano la richiesta #{{ticket.number}} e la seguirò fino alla fine; le scrivo di nuovo {{sla.next_due}} con una soluzione concreta." +
        SIGN.it,
    ],
    en: [
      "Sincere apology",
      "Dear {{customer.first_name}},\nyou are right to be upset: things did not go as they should have, and we apologise. I have taken request #{{ticket.number}} myself and will see it through; I will write again {{sla.next_due}} with a concrete solution." +
        SIGN.en,
    ],
    actions: () => ({ priority: "high", tags: ["arrabbiato"] }),
  },
  {
    shortcut: "rimborso",
    shortcutEn: "refund",
    it: [
      "Rimborso avviato",
      "Gentile {{customer.first_name}},\nabbiamo avviato il rimborso per la richiesta #{{ticket.number}}. L'accredito arriva sullo stesso metodo di pagamento entro 5-10 giorni lavorativi; le confermeremo l'operazione appena la banca ce lo comunica." +
        SIGN.it,
    ],
    en: [
      "Refund started",
      "Dear {{customer.first_name}},\nwe have started the refund for request #{{ticket.number}}. The money goes back to the same payment method within 5-10 working days; we will confirm as soon as the bank tells us." +
        SIGN.en,
    ],
    actions: () => ({ status: "pending", tags: ["rimborso"] }),
  },
  {
    shortcut: "tecnico",
    shortcutEn: "technician",
    it: [
      "Intervento tecnico",
      "Gentile {{customer.first_name}},\nabbiamo passato la richiesta #{{ticket.number}} ai nostri tecnici, che la contatteranno {{sla.next_due}} per fissare l'intervento. Nel frattempo, se la macchina perde acqua, chiuda il rubinetto di alimentazione." +
        SIGN.it,
    ],
    en: [
      "Technician visit",
      "Dear {{customer.first_name}},\nwe have passed request #{{ticket.number}} to our technicians, who will contact you {{sla.next_due}} to book the visit. Meanwhile, if the machine leaks, close the water inlet tap." +
        SIGN.en,
    ],
    actions: (t) => ({ priority: "high", team_id: t.tech, tags: ["guasto"] }),
  },
  {
    shortcut: "decalcificazione",
    shortcutEn: "descaling",
    it: [
      "Guida alla decalcificazione",
      "Gentile {{customer.first_name}},\nqui trova la guida passo passo alla decalcificazione: https://caffeaurora.it/guide/decalcificazione\nCon acqua dura consigliamo di ripeterla ogni 4 settimane." +
        SIGN.it,
    ],
    en: [
      "Descaling guide",
      "Dear {{customer.first_name}},\nhere is the step-by-step descaling guide: https://caffeaurora.it/guide/decalcificazione\nWith hard water we suggest repeating it every 4 weeks." +
        SIGN.en,
    ],
    actions: () => ({ status: "solved" }),
  },
  {
    shortcut: "attesa",
    shortcutEn: "details",
    it: [
      "Ci servono informazioni",
      "Gentile {{customer.first_name}},\nper andare avanti con la richiesta #{{ticket.number}} ci servono il modello e il numero di serie della macchina (sull'etichetta dietro il serbatoio) e, se può, una foto del problema." +
        SIGN.it,
    ],
    en: [
      "We need details",
      "Dear {{customer.first_name}},\nto move request #{{ticket.number}} forward we need the machine's model and serial number (on the label behind the water tank) and, if you can, a photo of the problem." +
        SIGN.en,
    ],
    actions: () => ({ status: "pending" }),
  },
  {
    shortcut: "risolto",
    shortcutEn: "solved",
    it: [
      "Richiesta risolta",
      "Gentile {{customer.first_name}},\nconsideriamo risolta la richiesta #{{ticket.number}}. Se qualcosa non va, risponda a questa email o la riapra dal portale: {{portal_link}}" +
        SIGN.it,
    ],
    en: [
      "Request solved",
      "Dear {{customer.first_name}},\nwe consider request #{{ticket.number}} solved. If anything is still wrong, reply to this email or reopen it from the portal: {{portal_link}}" +
        SIGN.en,
    ],
    actions: () => ({ status: "solved" }),
  },
  {
    shortcut: "responsabile",
    shortcutEn: "supervisor",
    it: [
      "Passaggio al responsabile",
      "Gentile {{customer.first_name}},\nho informato la responsabile del servizio clienti, che ha letto tutta la richiesta #{{ticket.number}} e la contatterà {{sla.next_due}}. Non dovrà ripetere nulla: ha già tutta la storia." +
        SIGN.it,
    ],
    en: [
      "Handed to a supervisor",
      "Dear {{customer.first_name}},\nI have told our customer service lead, who has read all of request #{{ticket.number}} and will contact you {{sla.next_due}}. You will not need to repeat anything: she has the whole story." +
        SIGN.en,
    ],
    actions: (t) => ({ priority: "high", team_id: t.front, tags: ["supervisore"] }),
  },
];

/** Writes the demo macros as shared ones, the English a translation of the Italian; answers ids by shortcut. */
export async function seedMacros(
  on: Runner,
  workspaceId: number,
  ownerId: number,
  teams: { front: number; tech: number },
) {
  const ids: Record<string, number> = {};
  const now = Date.now();
  for (const m of DEMO_MACROS) {
    const actions = JSON.stringify(m.actions?.(teams) ?? {});
    const base = { workspace_id: workspaceId, owner_id: ownerId, shared: 1, actions, created_at: now, updated_at: now };
    const it = await insertMacro(on, {
      ...base,
      name: m.it[0],
      body_text: m.it[1],
      shortcut: m.shortcut,
      language: "it",
      translation_of: null,
    });
    await insertMacro(on, {
      ...base,
      name: m.en[0],
      body_text: m.en[1],
      shortcut: m.shortcutEn,
      language: "en",
      translation_of: it.id,
    });
    ids[m.shortcut] = it.id;
  }
  return ids;
}
