import type { Ctx } from "../../context";
import type { AgentActor } from "../../http/actor";
import { createArticle, createCategory } from "./kb.service";

// The demo company's help centre (Caffè Aurora: coffee machines and coffee for bars and homes): three
// categories, each article in Italian and English, one internal article for agents.

interface DemoArticle {
  category: number;
  it: [string, string];
  en: [string, string];
  internal?: boolean;
}

const ARTICLES: DemoArticle[] = [
  {
    category: 0,
    it: [
      "Come decalcificare la Aurora Mini",
      "Il calcare rallenta l'erogazione e cambia il gusto del caffè. Decalcifica ogni **200 caffè** o quando la spia arancione lampeggia.\n\n1. Svuota il serbatoio e versa 500 ml d'acqua con una bustina di decalcificante Aurora.\n2. Metti un contenitore da un litro sotto l'erogatore.\n3. Tieni premuti insieme i tasti *caffè corto* e *caffè lungo* per 5 secondi.\n4. A ciclo finito, risciacqua il serbatoio e ripeti con sola acqua.\n\nNon usare aceto: rovina le guarnizioni e annulla la garanzia.",
    ],
    en: [
      "How to descale the Aurora Mini",
      "Limescale slows the flow and changes the taste of your coffee. Descale every **200 coffees** or when the orange light blinks.\n\n1. Empty the tank and pour in 500 ml of water with one sachet of Aurora descaler.\n2. Put a one-litre container under the spout.\n3. Hold the *short* and *long coffee* buttons together for 5 seconds.\n4. When the cycle ends, rinse the tank and repeat with water only.\n\nDo not use vinegar: it damages the seals and voids the warranty.",
    ],
  },
  {
    category: 0,
    it: [
      "La macchina non eroga caffè",
      "Prima di chiamarci controlla tre cose:\n\n- **Serbatoio**: è pieno e inserito fino in fondo?\n- **Capsula**: è una capsula Aurora compatibile, non schiacciata?\n- **Spia rossa**: se è accesa fissa, il gruppo è surriscaldato; spegni la macchina per 15 minuti.\n\nSe dopo questi controlli la macchina resta ferma, apri una richiesta indicando il numero di serie (sotto il serbatoio).",
    ],
    en: [
      "The machine does not brew coffee",
      "Before calling us, check three things:\n\n- **Water tank**: is it full and pushed all the way in?\n- **Capsule**: is it a compatible Aurora capsule, not crushed?\n- **Red light**: if it stays on, the brewing unit is overheated; switch the machine off for 15 minutes.\n\nIf the machine still does not brew, open a request with its serial number (under the tank).",
    ],
  },
  {
    category: 1,
    it: [
      "Tempi e costi di spedizione",
      "Spediamo in tutta Italia con corriere espresso.\n\n| Ordine | Costo | Tempi |\n| --- | --- | --- |\n| fino a 49 € | 6,90 € | 2-3 giorni lavorativi |\n| da 49 € | gratuita | 2-3 giorni lavorativi |\n| isole e Calabria | +3 € | 3-5 giorni lavorativi |\n\nRiceverai il numero di tracciamento per email appena il pacco parte.",
    ],
    en: [
      "Shipping times and costs",
      "We ship across Italy by express courier.\n\n| Order | Cost | Time |\n| --- | --- | --- |\n| up to €49 | €6.90 | 2-3 working days |\n| from €49 | free | 2-3 working days |\n| islands and Calabria | +€3 | 3-5 working days |\n\nYou receive the tracking number by email as soon as the parcel leaves.",
    ],
  },
  {
    category: 1,
    it: [
      "Come restituire un prodotto e ottenere il rimborso",
      "Hai **30 giorni** dalla consegna per restituire un prodotto non aperto, 14 giorni per una macchina usata che non ti convince.\n\n1. Apri una richiesta dal portale scegliendo *Reso*.\n2. Ti mandiamo l'etichetta prepagata entro un giorno lavorativo.\n3. Il rimborso arriva sullo stesso metodo di pagamento entro 5 giorni dal rientro del pacco.",
    ],
    en: [
      "How to return a product and get a refund",
      "You have **30 days** from delivery to return an unopened product, 14 days for a used machine you are not happy with.\n\n1. Open a request in the portal and choose *Return*.\n2. We send you a prepaid label within one working day.\n3. The refund reaches the same payment method within 5 days of the parcel coming back.",
    ],
  },
  {
    category: 2,
    it: [
      "Scaricare le fatture dal portale",
      "Tutte le fatture sono nel portale clienti, alla voce **Documenti**. Le fatture elettroniche arrivano anche al tuo codice SDI o alla PEC indicata nell'ordine.\n\nHai bisogno di cambiare la partita IVA su una fattura già emessa? Apri una richiesta entro la fine del mese: dopo serve una nota di credito.",
    ],
    en: [
      "Downloading invoices from the portal",
      "Every invoice is in the customer portal, under **Documents**. Italian e-invoices also reach your SDI code or the PEC address given with the order.\n\nNeed a different VAT number on an invoice already issued? Open a request before the end of the month: after that a credit note is needed.",
    ],
  },
  {
    category: 2,
    it: [
      "Abbonamento caffè: cambiare o sospendere le consegne",
      "Con l'abbonamento ricevi le capsule ogni 2, 4 o 8 settimane. Puoi cambiare frequenza, miscela o indirizzo fino a **3 giorni prima** della prossima consegna, oppure sospendere l'abbonamento per un massimo di tre mesi senza costi.",
    ],
    en: [
      "Coffee subscription: change or pause deliveries",
      "With a subscription you receive capsules every 2, 4 or 8 weeks. You can change the frequency, blend or address up to **3 days before** the next delivery, or pause the subscription for up to three months at no cost.",
    ],
  },
  {
    category: 1,
    internal: true,
    it: [
      "Rimborsi oltre 300 euro: chi approva",
      "Solo per il team: un rimborso oltre 300 € va approvato da un supervisore (Marco Bianchi). Indica nella nota interna il numero d'ordine e il motivo; non promettere tempi al cliente prima dell'approvazione.",
    ],
    en: [
      "Refunds over 300 euros: who approves",
      "Team only: a refund over €300 needs a supervisor's approval (Marco Bianchi). Put the order number and the reason in an internal note; do not promise the customer a date before it is approved.",
    ],
  },
];

export async function seedHelpCentre(ctx: Ctx, workspaceId: number, owners: { id: number; name: string }[]) {
  const actor = (i: number): AgentActor => ({
    kind: "agent",
    workspaceId,
    agentId: owners[i % owners.length].id,
    name: owners[i % owners.length].name,
    role: "admin",
    tier: "first_line",
    via: "cli",
  });
  const cats = [];
  for (const [name, name_en, slug] of [
    ["Macchine da caffè", "Coffee machines", "macchine"],
    ["Ordini e spedizioni", "Orders and shipping", "ordini"],
    ["Fatture e abbonamenti", "Invoices and subscriptions", "fatture"],
  ])
    cats.push(await createCategory(ctx, actor(0), { name, name_en, slug, parent_id: null }));
  let i = 0;
  for (const a of ARTICLES) {
    const common = { category_id: cats[a.category].id, status: "published" as const, internal: !!a.internal };
    const it = await createArticle(
      ctx,
      actor(i),
      { ...common, title: a.it[0], body_markdown: a.it[1], language: "it", translation_of: null },
      "seed",
    );
    await createArticle(
      ctx,
      actor(i),
      { ...common, title: a.en[0], body_markdown: a.en[1], language: "en", translation_of: it.id },
      "seed",
    );
    i++;
  }
}
