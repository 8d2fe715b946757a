import type { workspaceEn } from "./workspace.en";
import type { Shape } from "./shape";

// La giornata dell'operatore: anteprima della posta e avviso sulla posta che non parte, stato di consegna dei
// messaggi, gli aiuti allo smistamento della casella (non letti, viste salvate).
export const workspaceIt: Shape<typeof workspaceEn> = {
  brand: {
    colour: "Colore del centro assistenza (#rrggbb; vuoto: il blu predefinito)",
    pick: "Scegli un colore",
    preview: "Anteprima dell'intestazione del centro assistenza",
    preview_title: "Centro assistenza",
    preview_link: "Un link nella pagina",
    logo_title: "Logo del centro assistenza",
    logo_hint:
      "PNG, JPEG o WebP, fino a 512 KB. Compare accanto al nome dello spazio di lavoro in ogni pagina del centro assistenza.",
    current_logo: "Logo attuale",
    no_logo: "Ancora nessun logo.",
    upload: "Scegli un logo",
    uploaded: "Logo salvato: il centro assistenza lo mostra già.",
    remove: "Rimuovi il logo",
    removed: "Logo rimosso.",
  },
  mail_preview: {
    title: "Anteprima posta",
    intro:
      "Non è impostato un server di posta in uscita: le email che Sportello scrive (risposte, conferme, link di accesso al portale) restano qui invece di partire. I link funzionano: un link di accesso apre il portale come quel cliente.",
    relay_set:
      "Il server di posta in uscita è impostato: le nuove email partono. Quelle qui sotto erano state trattenute prima; inviane una a mano se serve ancora.",
    empty: "Nessuna email trattenuta.",
    list: "Email trattenute",
    to: "A {{to}}",
    kinds: {
      reply: "Risposta",
      notification: "Conferma di ricezione",
      portal_link: "Link di accesso al portale",
      waiting: "In attesa del cliente",
      solved: "Risolta",
    },
    html: "Versione HTML",
    text: "Testo",
    headers: "Intestazioni",
    views: "Come mostrare l'email",
    frame: "L'email come la vedrebbe il cliente",
    send: "Invia ora",
    sent: "In coda per il server di posta: parte tra un momento.",
  },
  mail_banner: {
    label: "Posta in uscita",
    text: "La posta non parte: non è impostato un server di posta in uscita (SMTP_RELAY_URL), quindi {{count}} email sono trattenute invece di essere inviate.",
    how_admin: "Imposta SMTP_RELAY_URL (per esempio smtp://utente:password@relay.example.it:587) e riavvia Sportello.",
    how_agent: "I clienti non ricevono le risposte finché un amministratore non imposta SMTP_RELAY_URL.",
    open: "Apri l'anteprima posta",
    dismiss: "Nascondi fino al prossimo accesso",
  },
  delivery: {
    captured: "Non inviata: trattenuta",
    captured_hint:
      "Non è impostato un server di posta in uscita: l'email è nell'anteprima posta e il cliente non l'ha ricevuta.",
    queued: "Invio in corso…",
    queued_retry: "Non ancora inviata, nuovo tentativo: {{reason}}",
    sent: "Inviata",
    failed: "Non consegnata: {{reason}}",
    retry: "Invia di nuovo",
    retried: "Inviata di nuovo al server di posta.",
    reasons: {
      unreachable: "il server di posta in uscita non è raggiungibile",
      timeout: "il server di posta in uscita non ha risposto in tempo",
      auth: "il server di posta in uscita ha rifiutato utente o password",
      rejected: "l'indirizzo del destinatario è stato rifiutato",
      tls: "la connessione sicura al server di posta non è riuscita (certificato)",
      other: "il server di posta in uscita ha rifiutato l'email",
    },
    detail: "Il server ha risposto: {{error}}",
  },
};
