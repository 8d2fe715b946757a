import type { answersEn } from "./answers.en";
import type { Shape } from "./shape";

// Risposte pronte (macro), playbook per i momenti difficili e domande senza risposta.
export const answersIt: Shape<typeof answersEn> = {
  macros: {
    intro:
      "Scrivi / e una scorciatoia nel riquadro di risposta per inserirne una. Ogni cliente riceve la versione nella sua lingua; le azioni cambiano il ticket quando la risposta viene inserita.",
    shortcut: "Scorciatoia",
    actions_column: "Azioni",
    name: "Nome",
    shortcut_en: "Scorciatoia in inglese (se diversa)",
    name_en: "Nome in inglese (se diverso)",
    languages: "Lingue",
    kind: "Chi la vede",
    shared: "Condivisa",
    personal: "Personale",
    shared_label: "Condivisa con tutto il team (supervisori e amministratori)",
    uses: "Utilizzi",
    uses_count: "{{total}} (tu: {{mine}})",
    new: "Nuova macro",
    editor: "Scheda della macro",
    edit: "Modifica «{{name}}»",
    edit_short: "Modifica",
    delete: "Elimina «{{name}}»",
    delete_short: "Elimina",
    save: "Salva",
    text_it: "Testo in italiano",
    text_en: "Testo in inglese",
    placeholders:
      "Segnaposto: {{customer.first_name}}, {{customer.name}}, {{ticket.number}}, {{ticket.subject}}, {{agent.first_name}}, {{portal_link}}, {{sla.next_due}} (es. «entro 2 ore»).",
    actions: "Quando viene inserita, imposta anche",
    status: "Stato",
    priority: "Priorità",
    team: "Sposta al team",
    tags: "Aggiungi etichette (separate da spazi)",
    unchanged: "Lascia com'è",
    list: "Risposte pronte",
    none_match: "Nessuna macro corrisponde a «{{q}}»",
    insert_failed: "Non è stato possibile inserire la macro. Riprova.",
    priority_reason: "risposta pronta «{{name}}»",
  },
  playbooks: {
    title: "Playbook",
    steps: "Passi",
    mistakes: "Errori da evitare",
    macros: "Risposte suggerite",
    insert: "Inserisci «{{name}}»",
    progress: "{{done}} di {{total}} passi",
    matched: "Scelto per: {{why}}",
  },
  answer_events: {
    playbook_step: "{{who}}: playbook {{title}}: {{done}} di {{total}} passi",
  },
  questions: {
    intro:
      "I primi messaggi delle richieste recenti a cui nessun articolo risponde, raggruppati per parole simili. I gruppi più grandi sono le domande più frequenti: scrivi un articolo per loro.",
    days: "Periodo",
    last_days: "Ultimi {{days}} giorni",
    language: "Lingua",
    lang_it: "Italiano",
    lang_en: "Inglese",
    none: "Nessun gruppo di domande senza risposta in questo periodo.",
    size: "{{count}} richieste",
    terms: "Parole tipiche",
    examples: "Esempi",
    write: "Scrivi un articolo",
  },
};
