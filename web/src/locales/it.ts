import type { en } from "./en";

// Ogni testo dell'interfaccia, in italiano. Le chiavi sono quelle di en.ts (il tipo lo impone).
type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

export const it: Shape<typeof en> = {
  common: { loading: "Caricamento…", error: "Qualcosa è andato storto. Riprova.", not_found: "Questa pagina non esiste.", any: "Qualsiasi", apply: "Applica", cancel: "Annulla", close: "Chiudi", dismiss: "Ho capito", language: "Lingua" },
  auth: {
    intro: "Accedi alla casella del tuo team.", email: "Email", password: "Password", login: "Accedi", logout: "Esci",
    invalid: "Email o password errate.", too_many: "Troppi tentativi: aspetta un minuto e riprova.", customer_hint: "Sei un cliente? Segui qui le tue richieste.",
  },
  nav: { views: "Viste", admin: "Amministrazione" },
  views: { mine: "Mie", unassigned: "Non assegnati", my_teams: "I miei team", all_open: "Tutti aperti", pending: "In attesa", solved: "Risolti" },
  status: { new: "Nuovo", open: "Aperto", pending: "In attesa", on_hold: "Sospeso", solved: "Risolto", closed: "Chiuso" },
  priority: { low: "Bassa", normal: "Normale", high: "Alta", urgent: "Urgente" },
  sources: { customer: "Richiesta del cliente", agent_judgement: "Valutazione dell'operatore", sales_request: "Richiesta commerciale", management_request: "Richiesta della direzione", incident: "Disservizio" },
  roles: { admin: "Amministratore", supervisor: "Supervisore", agent: "Operatore" },
  tiers: { first_line: "Primo livello", specialist: "Specialista" },
  actor: { agent: "Un operatore", customer: "Il cliente", system: "Sportello" },
  search: { label: "Cerca nei ticket", placeholder: "Cerca nei ticket ( / )", results_for: "Risultati per «{{q}}»", none: "Nessun ticket corrisponde." },
  inbox: {
    filters: "Filtri e ordinamento", sort: "Ordina per", sorts: { updated_desc: "Attività più recente", updated_asc: "Attività meno recente", created_desc: "Più nuovi" },
    select_all: "Seleziona tutte le righe", select: "Seleziona il ticket {{number}}", selected: "{{count}} selezionati", bulk: "Modifica i ticket selezionati",
    bulk_done: "{{count}} ticket modificati.", bulk_partial: "{{ok}} modificati, {{failed}} non modificabili.", empty: "Niente da fare qui. Ottimo lavoro!", more: "Mostra altri",
  },
  ticket: {
    subject: "Oggetto", requester: "Cliente", requester_email: "Email del cliente", status: "Stato", priority: "Priorità", assignee: "Assegnatario", assign: "Assegna a",
    team: "Team", tag: "Etichetta", tags: "Etichette", add_tag: "Aggiungi etichetta", remove_tag: "Togli l'etichetta {{tag}}", due: "Scadenza", updated: "Aggiornato", unassigned: "Non assegnato",
    thread: "Conversazione", internal_note: "Nota interna", show_quoted: "Mostra il testo citato", hide_quoted: "Nascondi il testo citato", sidebar: "Cliente e dettagli",
    service_level: "Livello di servizio", next_due: "Prossima scadenza", timeline: "Cronologia", not_found: "Questo ticket non esiste.",
  },
  sla: { first_response: "Prima risposta", next_response: "Risposta successiva", resolution: "Risoluzione", met: "rispettata", paused: "in pausa", breached: "scaduta" },
  customer: { plan: "piano", other_tickets: "Altri ticket", no_other: "Nessun altro ticket." },
  events: {
    created: "{{who}} ha aperto il ticket ({{channel}})", status_changed: "{{who}} ha cambiato lo stato da {{from}} a {{to}}",
    priority_changed: "{{who}} ha cambiato la priorità da {{from}} a {{to}}: {{reason}}", assigned: "{{who}} ha cambiato l'assegnazione", other: "{{who}}: {{type}}",
  },
  presence: { viewing: "{{name}} sta guardando", typing: "{{name}} sta scrivendo…" },
  composer: {
    label: "Scrivi", reply: "Rispondi", note: "Nota interna", reply_placeholder: "Scrivi al cliente…", note_placeholder: "Le note le vede solo il tuo team…",
    send: "Invia", add_note: "Aggiungi nota", send_pending: "Invia e attendi il cliente", send_solved: "Invia e risolvi", attach: "Allega file",
    collision: "{{name}} ha appena risposto a questo cliente.", collision_confirm: "Qualcun altro ha risposto mentre scrivevi. Vuoi inviare comunque la tua risposta?", send_anyway: "Invia comunque",
  },
  priority_dialog: {
    title: "Cambia la priorità in {{priority}}", why: "Le stesse regole valgono per ogni cliente: spiega perché questo ticket merita un trattamento diverso. Viene registrato con il tuo nome.",
    reason: "Motivo", source: "Chi l'ha chiesto", confirm: "Cambia priorità",
  },
  shortcuts: {
    open: "Scorciatoie da tastiera (?)", title: "Scorciatoie da tastiera",
    keys: { j: "Ticket successivo nell'elenco", k: "Ticket precedente nell'elenco", o: "Apri il ticket selezionato", r: "Rispondi", n: "Nota interna", a: "Assegna", slash: "Cerca", question: "Mostra questo aiuto" },
  },
  fields: {
    name: "Nome", email: "Email", role: "Ruolo", tier: "Livello", active: "Attivo", password: "Password (almeno 10 caratteri)", member_ids: "Membri",
    plan_name: "Piano di assistenza", plan_tier: "Livello del piano", portal_shared: "I colleghi vedono le richieste degli altri", priority: "Priorità",
    first_response_minutes: "Prima risposta (minuti lavorativi)", next_response_minutes: "Risposta successiva (minuti lavorativi)", resolution_minutes: "Risoluzione (minuti lavorativi)", warn_percent: "Avviso al (%)",
    prefix: "Il token inizia con", created_at: "Creato", last_used_at: "Ultimo uso", url: "URL", events: "Eventi",
    address: "Indirizzo", display_name: "Nome visualizzato", team_id: "Team", imap: "IMAP", last_error: "Ultimo errore", imap_host: "Server IMAP (facoltativo)", imap_user: "Utente IMAP", imap_password: "Password IMAP",
    to_address: "Destinatario", subject: "Oggetto", attempts: "Tentativi", calendar_id: "Calendario lavorativo",
    default_language: "Lingua predefinita", timezone: "Fuso orario", support_address: "Indirizzo di assistenza", portal_reopen_days: "Giorni in cui il cliente può riaprire una richiesta risolta",
  },
  admin: {
    add: "Aggiungi", created: "Creato.", none: "Ancora niente.", actions: "Azioni", activate: "Attiva", deactivate: "Disattiva", revoke: "Revoca", delete: "Elimina", save: "Salva", saved: "Salvato.",
    agents: { title: "Operatori", intro: "Le persone che rispondono ai clienti. Un operatore disattivato conserva la sua storia ma non può accedere." },
    teams: { title: "Team", intro: "I team raggruppano gli operatori; ticket e caselle email appartengono a un team." },
    organizations: { title: "Organizzazioni", intro: "Le aziende dei clienti, con il piano di assistenza che decide i loro livelli di servizio." },
    plans: { title: "Piani di assistenza", intro: "Le regole dei livelli di servizio: gli obiettivi di ogni piano e priorità, in tempo lavorativo.", any: "Qualsiasi" },
    tokens: { title: "Token API", intro: "Token personali per script e integrazioni. Un token si vede una volta sola.", created: "Il tuo nuovo token (copialo ora, non verrà mostrato di nuovo): {{token}}" },
    webhooks: { title: "Webhook", intro: "Indirizzi che ricevono eventi firmati dopo ogni modifica.", created: "Iscrizione fatta. Segreto di firma (mostrato una volta): {{secret}}" },
    workspace: { title: "Spazio di lavoro", intro: "" },
    mailboxes: { title: "Caselle email", intro: "Gli indirizzi che ricevono email: dal server SMTP integrato o scaricate via IMAP. Per ognuna lo stato dello scaricamento e l'ultimo errore.", smtp_only: "Solo SMTP" },
    outbox: { title: "Email non consegnate", intro: "Le email che non è stato possibile inviare dopo tutti i tentativi. Riprova invia di nuovo lo stesso messaggio (stesso Message-ID).", retry: "Riprova" },
  },
  portal: {
    title: "Le tue richieste", sign_in_title: "Segui le tue richieste", sign_in_intro: "Non serve una password: ti mandiamo per email un link che apre le tue richieste.",
    send_link: "Mandami il link", link_sent: "Se questo indirizzo ha richieste aperte con noi, il link sta arrivando. Vale 30 minuti.", email_invalid: "Scrivi un indirizzo email valido.",
    link_expired: "Questo link è scaduto o è già stato usato. Chiedine uno nuovo qui sotto.", my_requests: "Le mie richieste", no_requests: "Non hai ancora richieste.",
    new_request: "Nuova richiesta", not_found: "Questa richiesta non esiste o non è tua.",
    states: { received: "Ricevuta", in_progress: "In lavorazione", waiting_for_you: "In attesa di una tua risposta", solved: "Risolta" },
    handled_by: "Se ne occupa {{name}}", not_yet_assigned: "Verrà assegnata a breve", answer_by: "risposta entro {{when}}", asked_by: "chiesta da {{name}}",
    promise: "Ti risponderemo entro {{when}}", waiting_hint: "Ci serve qualcosa da te per andare avanti: rispondi qui sotto.", timeline: "Storia della richiesta", now: "ora",
    support_team: "Assistenza", you: "Tu", reply_title: "Rispondi", send: "Invia", reopen_title: "Non è risolta? Riapri la richiesta", reopen: "Riapri",
    reopen_hint: "Puoi riaprirla fino a {{until}}.", closed_hint: "Questa richiesta è chiusa. Se ti serve altro aiuto,", write_something: "Scrivi prima un messaggio.",
  },
  form: {
    title: "Nuova richiesta", intro: "Dicci di cosa hai bisogno: rispondiamo per email e puoi seguire la richiesta online.",
    name: "Il tuo nome", email: "La tua email", subject: "Oggetto", body_text: "Come possiamo aiutarti?", files: "Allegati (fino a 3 file, 2 MB in tutto)", submit: "Invia la richiesta",
    invalid: { email: "Scrivi un indirizzo email valido.", subject: "Scrivi in poche parole di cosa si tratta.", body_text: "Descrivi la tua richiesta.", name: "Il nome è troppo lungo.", files: "Al massimo 3 file." },
    too_big: "I file superano i 2 MB in tutto.", thanks: "Grazie, abbiamo ricevuto la tua richiesta", number: "Il suo numero è #{{number}}.",
    follow: "Seguila qui:", email_sent: "Ti abbiamo anche mandato un'email con il link per seguirla.",
  },
};
