import type { Ctx } from "../context";
import type { AgentActor } from "../http/actor";
import { createKudos, createKudosFromRating } from "../modules/kudos/kudos.service";
import { createProblem } from "../modules/problems/problems.service";
import { importReviews, markPublished } from "../modules/reviews/reviews.service";
import { addMessage } from "../modules/tickets/tickets.service";
import { buildCustomer, buildOrganization } from "./factories";
import { arrive } from "./seed-arrivals";

// The demo workspace's listening: praise on the wall, a few public reviews (negative ones among them) and a
// problem with its customers and revenue, so that those pages are alive on the first start.

type Person = { id: number; email: string; name: string | null; organization_id: number | null };
type Agent = { id: number; actor: AgentActor };

export async function seedListening(
  ctx: Ctx,
  p: {
    support: string;
    /** The first-line team, which the admin gives the new requests to. */
    front: number;
    admin: Agent;
    anna: Agent;
    marco: Agent;
    luca: Person;
    sara: Person;
    emma: Person;
    paolo: Person;
  },
): Promise<void> {
  const me = p.admin.actor;
  // Customers of their own, in the demo's organizations, so that the other demo customers' requests stay as they were.
  const person = (email: string, name: string, language: "it" | "en", organization_id: number | null) =>
    buildCustomer(ctx.db, me.workspaceId, { email, name, language, organization_id: organization_id ?? undefined });
  const pasticceria = await buildOrganization(ctx.db, me.workspaceId, {
    name: "Pasticceria Duomo",
    plan_name: "Business",
    plan_tier: 2,
    annual_revenue: 35_000,
  });
  const giovanni = await person("giovanni@pasticceriaduomo.it", "Giovanni Marino", "it", pasticceria.id);
  const elena = await person("elena.ricci@hotellaguna.it", "Elena Ricci", "it", p.sara.organization_id);
  const oliver = await person("oliver.grant@brewandco.co.uk", "Oliver Grant", "en", p.emma.organization_id);
  const francesca = await person("francesca.villa@gmail.com", "Francesca Villa", "it", p.paolo.organization_id);
  const day = 86_400_000;

  // Praise: marked by the supervisor on customers' messages, and one from a good rating with a comment.
  const thanks = await arrive(ctx, p.support, {
    via: "email",
    from: elena,
    subject: "Grazie per l'intervento",
    body: "Volevo ringraziare Anna: gentilissima e velocissima, la macchina ora funziona perfettamente!",
    triage: me,
    handler: p.anna.actor,
    reply: "Grazie a lei Elena, buona giornata!",
    status: "solved",
  });
  await createKudos(ctx, p.marco.actor, { ticket_number: thanks.number });
  const brilliant = await arrive(ctx, p.support, {
    via: "email",
    from: oliver,
    subject: "Replacement arrived",
    body: "Anna sorted it out in minutes. Brilliant service, thank you!",
    triage: me,
    handler: p.anna.actor,
    reply: "So glad to hear it, Oliver!",
    status: "solved",
  });
  await createKudos(ctx, p.marco.actor, { ticket_number: brilliant.number });
  const grinder = await arrive(ctx, p.support, {
    via: "portal",
    from: giovanni,
    subject: "Macinacaffè consegnato",
    body: "Il macinacaffè è arrivato, tutto in ordine.",
    triage: me,
    handler: p.marco.actor,
    reply: "Ottimo, grazie Giovanni.",
    status: "solved",
  });
  await createKudosFromRating(ctx, {
    workspaceId: me.workspaceId,
    ticketId: grinder.id,
    rating: 5,
    good: true,
    comment: "Marco ci ha spiegato tutto con grande pazienza. Consigliatissimi!",
  });

  // A problem: the ordering app stopped syncing with the tills of several customers.
  const sync = [];
  for (const [via, from, subject, body] of [
    ["email", giovanni, "L'app non sincronizza gli ordini", "Da ieri l'app non sincronizza gli ordini con la cassa."],
    [
      "portal",
      elena,
      "Ordini non sincronizzati con la cassa",
      "Gli ordini fatti dall'app non arrivano alla cassa, sincronizzazione ferma.",
    ],
    [
      "email",
      oliver,
      "Orders not syncing with the till",
      "Since yesterday the app does not sync orders with our till (sincronizzazione ordini).",
    ],
  ] as const)
    sync.push(
      await arrive(ctx, p.support, { via, from, subject, body, triage: me, team_id: p.front, tags: ["app-ordini"] }),
    );
  await createProblem(ctx, p.marco.actor, {
    title: "Sincronizzazione ordini app-cassa interrotta",
    description: "Dall'aggiornamento 2.3 dell'app gli ordini non arrivano alle casse collegate.",
    tracker_url: "https://tracker.caffeaurora.it/issues/481",
    tracker_status: "In lavorazione",
    ticket_numbers: sync.map((t) => t.number),
  });
  // Two more alike, not yet in a problem: the problems page suggests them as a group.
  await arrive(ctx, p.support, {
    via: "web",
    from: francesca,
    subject: "Capsule bloccate nella macchina",
    body: "Le capsule nuove restano bloccate nella macchina Aurora Mini.",
    triage: me,
    team_id: p.front,
    tags: ["capsule"],
  });
  await arrive(ctx, p.support, {
    via: "email",
    from: giovanni,
    subject: "Capsule che si bloccano",
    body: "Anche a noi le capsule nuove si bloccano nella macchina.",
    triage: me,
    team_id: p.front,
    tags: ["capsule"],
  });

  // Public reviews, negative ones among them; the good one is answered and published already.
  const now = Date.now();
  const imported = await importReviews(ctx, p.marco.actor, "generic", [
    {
      external_id: "demo-1",
      author: "Giorgio P.",
      rating: 1,
      title: "Consegna in ritardo di due settimane",
      text: "Ho aspettato due settimane le capsule e nessuno rispondeva al telefono. Deludente.",
      url: "https://www.trustpilot.com/reviews/demo-1",
      reviewed_at: now - 2 * day,
    },
    {
      external_id: "demo-2",
      author: "Martha K.",
      rating: 2,
      title: "Machine broke after a month",
      text: "The Aurora Mini stopped heating after a month. Support was polite but slow.",
      url: null,
      reviewed_at: now - 3 * day,
    },
    {
      external_id: "demo-3",
      author: "Chiara R.",
      rating: 5,
      title: "Caffè ottimo e assistenza super",
      text: "Caffè buonissimo, e quando la macchina ha avuto un problema l'hanno sistemata in un giorno.",
      url: null,
      reviewed_at: now - 5 * day,
    },
    {
      external_id: "demo-4",
      author: "Daniele B.",
      rating: 4,
      title: null,
      text: "Buon servizio, prezzi un po' alti.",
      url: null,
      reviewed_at: now - 6 * day,
    },
  ]);
  const good = imported.ticket_numbers[2];
  await addMessage(ctx, p.anna.actor, good, {
    body_text: "Grazie Chiara! Ci fa piacere che il caffè e l'assistenza le siano piaciuti.",
    internal: false,
    attachment_ids: [],
  });
  const review = await ctx.db
    .selectFrom("reviews")
    .innerJoin("tickets", "tickets.id", "reviews.ticket_id")
    .select("reviews.id")
    .where("tickets.number", "=", good)
    .where("tickets.workspace_id", "=", me.workspaceId)
    .executeTakeFirstOrThrow();
  await markPublished(ctx, p.anna.actor, review.id);
}
