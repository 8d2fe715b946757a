// Loads N tickets fast, straight through Kysely in batched transactions, shaped like a real inbox:
// most tickets solved or closed, about a tenth still open, one to three messages each in Italian or English.
import cliProgress from "cli-progress";
import { type Insertable, sql } from "kysely";
import type { TicketTable } from "../server/db/schema";
import type { DbHandle } from "../server/db/index";
import { toTerms } from "../server/modules/search/text";
import { customerWords } from "../server/modules/customers/directory-words";
import { createTicketNumbers } from "../server/modules/tickets/tickets.queries";

const IT = [
  "Buongiorno, il mio ordine non è ancora arrivato e vorrei sapere quando verrà consegnato",
  "La macchina espresso perde acqua dal gruppo di sinistra da questa mattina",
  "Non riesco ad accedere al portale clienti, la password non viene accettata",
  "Vorrei ricevere di nuovo la fattura del mese scorso per la contabilità",
  "Il macinacaffè fa un rumore strano quando parte, potete mandare un tecnico",
  "Perché il pacco risulta consegnato se non abbiamo ricevuto nulla",
  "Grazie per la risposta veloce, tutto risolto",
];
const EN = [
  "Hello, my order has not arrived yet, could you check the delivery status",
  "The grinder makes a strange noise when it starts, can a technician come",
  "I cannot sign in to the customer portal, the password is rejected",
  "Please send the invoice for last month again for our accounts",
  "Thanks for the quick answer, everything works now",
];
const SUBJECTS = [
  "Ordine non arrivato",
  "Macchina perde acqua",
  "Problema accesso portale",
  "Richiesta fattura",
  "Rumore macinacaffè",
  "Order not delivered",
  "Invoice request",
  "Login problem",
];
// The rare word appears in about one ticket in ten thousand.
const RARE = "zafferano";

function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

export async function loadTickets(h: DbHandle, n: number, opts: { progress: boolean }) {
  const db = h.db;
  const rand = rng(42);
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
  const now = Date.now();
  const ws = await db
    .insertInto("workspaces")
    .values({
      name: "Bench S.r.l.",
      default_language: "it",
      timezone: "Europe/Rome",
      support_address: null,
      next_ticket_number: n + 1,
      created_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await createTicketNumbers(db, ws.id, n + 1);
  const agents: number[] = [];
  for (let i = 0; i < 20; i++) {
    const a = await db
      .insertInto("agents")
      .values({
        workspace_id: ws.id,
        name: `Agente ${i}`,
        email: `agente${i}@bench.it`,
        password_hash: null,
        role: i === 0 ? "admin" : "agent",
        tier: "first_line",
        languages: '["it","en"]',
        active: 1,
        created_at: now,
        updated_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    agents.push(a.id);
  }
  const teams: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = await db
      .insertInto("teams")
      .values({ workspace_id: ws.id, name: `Team ${i}`, created_at: now })
      .returning("id")
      .executeTakeFirstOrThrow();
    teams.push(t.id);
    await db
      .insertInto("team_members")
      .values(
        agents.filter((_, j) => j % 5 === i).map((agent_id) => ({ team_id: t.id, agent_id, workspace_id: ws.id })),
      )
      .execute();
  }
  const customerCount = Math.max(100, Math.min(20_000, Math.floor(n / 5)));
  for (let i = 0; i < customerCount; i += 1000) {
    await db
      .insertInto("customers")
      .values(
        Array.from({ length: Math.min(1000, customerCount - i) }, (_, j) => ({
          workspace_id: ws.id,
          email: `cliente${i + j}@bench.it`,
          name: `Cliente ${i + j}`,
          phone: null,
          language: null,
          organization_id: null,
          external_id: null,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
  }
  // Their words, as the app writes them (directory search).
  for (let after = 0; ;) {
    const batch = await db
      .selectFrom("customers")
      .select(["id", "name", "email", "phone"])
      .where("workspace_id", "=", ws.id)
      .where("id", ">", after)
      .orderBy("id")
      .limit(200)
      .execute();
    if (!batch.length) break;
    await db
      .insertInto("directory_words")
      .values(
        batch.flatMap((c) =>
          customerWords(c).map((w) => ({
            workspace_id: ws.id,
            kind: "customer" as const,
            word: w.word,
            owner_id: c.id,
            field: w.field,
          })),
        ),
      )
      .execute();
    after = batch[batch.length - 1].id;
  }
  const firstCustomer = (
    await db
      .selectFrom("customers")
      .select("id")
      .where("workspace_id", "=", ws.id)
      .orderBy("id")
      .executeTakeFirstOrThrow()
  ).id;

  const counts = new Map<string, number>();
  const bar = opts.progress
    ? new cliProgress.SingleBar(
        { format: `loading ${h.dialect} |{bar}| {value}/{total} tickets {eta_formatted}` },
        cliProgress.Presets.shades_classic,
      )
    : null;
  bar?.start(n, 0);
  const BATCH = 1000;
  const start = now - n * 30_000; // one ticket every 30 s of history
  let nextId = 1;
  for (let b = 0; b < n; b += BATCH) {
    const size = Math.min(BATCH, n - b);
    await db.transaction().execute(async (trx) => {
      const tickets: Insertable<TicketTable>[] = [];
      const messages: { ticket: number; text: string; at: number; customer: number | null; agent: number | null }[] =
        [];
      const tags = [];
      for (let k = 0; k < size; k++) {
        const i = b + k;
        const id = nextId++;
        const created = start + i * 30_000;
        const age = (n - i) / n; // 1 = oldest
        const r = rand();
        const status: TicketTable["status"] =
          age < 0.1
            ? pick(["new", "open", "open", "pending", "on_hold", "solved"] as const)
            : r < 0.6
              ? "closed"
              : "solved";
        const assignee = status === "new" ? null : pick(agents);
        const team = rand() < 0.9 ? pick(teams) : null;
        const requester = firstCustomer + Math.floor(rand() * customerCount);
        const english = rand() < 0.3;
        let body = english ? pick(EN) : pick(IT);
        if (rand() < 0.0001) body += ` ${RARE}`;
        tickets.push({
          id,
          workspace_id: ws.id,
          number: i + 1,
          subject: pick(SUBJECTS),
          status,
          priority: pick(["low", "normal", "normal", "normal", "high", "urgent"] as const),
          channel: pick(["email", "web", "api"] as const),
          requester_id: requester,
          assignee_id: assignee,
          team_id: team,
          tags: '["bench"]',
          is_open: ["new", "open", "pending", "on_hold"].includes(status) ? 1 : 0,
          merged_into_id: null,
          created_at: created,
          updated_at: created + Math.round(3_600_000 * rand()),
          first_response_at: status === "new" ? null : created + 600_000,
          solved_at: status === "solved" || status === "closed" ? created + 7_200_000 : null,
        });
        tags.push({ workspace_id: ws.id, ticket_id: id, tag: "bench" });
        messages.push({ ticket: id, text: body, at: created, customer: requester, agent: null });
        if (status !== "new")
          messages.push({
            ticket: id,
            text: english ? pick(EN) : pick(IT),
            at: created + 600_000,
            customer: null,
            agent: assignee,
          });
        const key = `${status}|${assignee ?? 0}|${team ?? 0}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      await trx.insertInto("tickets").values(tickets).execute();
      await trx.insertInto("ticket_tags").values(tags).execute();
      const ids = await trx
        .insertInto("messages")
        .values(
          messages.map((m) => ({
            workspace_id: ws.id,
            ticket_id: m.ticket,
            internal: 0,
            author_type: m.agent ? ("agent" as const) : ("customer" as const),
            author_agent_id: m.agent,
            author_customer_id: m.customer,
            body_text: m.text,
            body_html: null,
            reply_text: m.text,
            created_at: m.at,
          })),
        )
        .returning("id")
        .execute();
      const docs = [
        ...tickets.map((t) => ({ ticket: t.id as number, message: null as number | null, text: t.subject })),
        ...messages.map((m, j) => ({ ticket: m.ticket, message: ids[j].id, text: m.text })),
      ];
      if (h.dialect === "sqlite") {
        for (let j = 0; j < docs.length; j += 200) {
          const chunk = docs.slice(j, j + 200);
          const subjects = chunk.filter((d) => d.message === null);
          const bodies = chunk.filter((d) => d.message !== null);
          if (subjects.length)
            await sql`INSERT INTO search_subjects (rowid, terms) VALUES ${sql.join(subjects.map((d) => sql`(${d.ticket}, ${toTerms(d.text)})`))}`.execute(
              trx,
            );
          if (bodies.length)
            await sql`INSERT INTO search_messages (rowid, terms) VALUES ${sql.join(bodies.map((d) => sql`(${d.message}, ${toTerms(d.text)})`))}`.execute(
              trx,
            );
        }
      } else {
        await sql`INSERT INTO search_docs (workspace_id, ticket_id, message_id, tsv) VALUES ${sql.join(
          docs.map(
            (d) =>
              sql`(${ws.id}, ${d.ticket}, ${d.message}, to_tsvector('italian', unaccent(${d.text})) || to_tsvector('english', unaccent(${d.text})))`,
          ),
        )}`.execute(trx);
      }
    });
    bar?.update(b + size);
  }
  bar?.stop();
  await db
    .insertInto("ticket_counts")
    .values(
      [...counts].map(([k, count]) => {
        const [status, a, t] = k.split("|");
        return { workspace_id: ws.id, status, assignee_id: Number(a), team_id: Number(t), count };
      }),
    )
    .execute();
  if (h.dialect === "postgres") await sql`SELECT setval(pg_get_serial_sequence('tickets', 'id'), ${n})`.execute(db);
  await sql`ANALYZE`.execute(db);
  return { workspaceId: ws.id, adminId: agents[0], agentId: agents[1], rare: RARE, common: "ordine" };
}
