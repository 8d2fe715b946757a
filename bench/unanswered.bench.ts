// FAQ from real questions: grouping N first messages (default 100,000, spread over 90 days, 70% Italian) the
// first time, then 1,000 new tickets at a time joining the groups already made (median of 5 rounds). Prints wall
// and CPU time of the grouping (what the worker spends), and how many groups it made.
// Run: npx tsx bench/unanswered.bench.ts [--n 100000] [--db sqlite|postgres]
import { parseArgs } from "node:util";
import { refreshQuestions } from "../server/modules/unanswered/questions.service";
import { buildCustomer } from "../server/test/factories";
import { testEnv } from "../server/test/harness";

const { values } = parseArgs({
  options: { n: { type: "string", default: "100000" }, db: { type: "string", default: "sqlite" } },
});
const N = Number(values.n);
const env = await testEnv(values.db as "sqlite" | "postgres", {}, { worker: false });
const db = env.rt.ctx.db;
const ws = env.workspaceId;

// A believable spread: 400 topics of 5 key words each, chosen with a long tail (a few topics are asked often),
// each message 3-4 of its topic's words among 4-8 everyday words.
let seed = 42;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
const syllables = ["ca", "fe", "ma", "chi", "na", "to", "ri", "lo", "spe", "di", "zio", "ne", "or", "fat", "tu", "ra"];
const word = () => Array.from({ length: 3 + Math.floor(rand() * 3) }, () => pick(syllables)).join("");
const everyday = Array.from({ length: 3000 }, word);
const topics = Array.from({ length: 400 }, () => Array.from({ length: 5 }, word));
const greeting = { it: "Buongiorno, vorrei sapere", en: "Hello, I would like to know" };
function question(lang: "it" | "en") {
  const topic = topics[Math.floor(topics.length * rand() ** 2)]!;
  const keys = Array.from({ length: 3 + Math.floor(rand() * 2) }, () => pick(topic));
  const filler = Array.from({ length: 4 + Math.floor(rand() * 5) }, () => pick(everyday));
  return {
    subject: keys.slice(0, 2).join(" "),
    body: `${greeting[lang]} ${[...keys, ...filler].sort(() => rand() - 0.5).join(" ")}`,
  };
}

const customers = {
  it: (await buildCustomer(db, ws, { email: "it@bench.test", language: "it" })).id,
  en: (await buildCustomer(db, ws, { email: "en@bench.test", language: "en" })).id,
};
let number = 0;
async function insertTickets(count: number, from: number, to: number) {
  for (let done = 0; done < count; done += 500) {
    const batch = Array.from({ length: Math.min(500, count - done) }, () => {
      const lang = rand() < 0.7 ? ("it" as const) : ("en" as const);
      return { lang, q: question(lang), at: Math.floor(from + rand() * (to - from)), number: ++number };
    });
    const tickets = await db
      .insertInto("tickets")
      .values(
        batch.map((b) => ({
          workspace_id: ws,
          number: b.number,
          subject: b.q.subject,
          status: "open" as const,
          priority: "normal" as const,
          channel: "email" as const,
          requester_id: customers[b.lang],
          assignee_id: null,
          team_id: null,
          tags: "[]",
          is_open: 1,
          merged_into_id: null,
          created_at: b.at,
          updated_at: b.at,
          first_response_at: null,
          solved_at: null,
          reply_token: null,
          sla_due_at: null,
          queue_pinned_at: null,
        })),
      )
      .returning("id")
      .execute();
    await db
      .insertInto("messages")
      .values(
        batch.map((b, i) => ({
          workspace_id: ws,
          ticket_id: tickets[i]!.id,
          internal: 0,
          author_type: "customer" as const,
          author_agent_id: null,
          author_customer_id: customers[b.lang],
          body_text: b.q.body,
          body_html: null,
          reply_text: b.q.body,
          parts: null,
          forwarded_text: null,
          created_at: b.at,
        })),
      )
      .execute();
  }
}

async function timed(fn: () => Promise<number>) {
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  const read = await fn();
  const wall = (performance.now() - t0) / 1000;
  const used = process.cpuUsage(cpu);
  return { read, wall, cpu: (used.user + used.system) / 1e6 };
}

const now = Date.now();
await insertTickets(N, now - 90 * 86_400_000, now);
const first = await timed(() => refreshQuestions(env.rt.ctx, ws));
const groups = await db
  .selectFrom("question_groups")
  .select(db.fn.countAll<number>().as("n"))
  .executeTakeFirstOrThrow();
const big = await db
  .selectFrom("question_groups")
  .select(db.fn.countAll<number>().as("n"))
  .where("size", ">=", 10)
  .executeTakeFirstOrThrow();
console.log(
  `${values.db}: first grouping of ${first.read} first messages: ${first.wall.toFixed(1)} s wall, ${first.cpu.toFixed(1)} s CPU; ${Number(groups.n)} groups, ${Number(big.n)} of 10 or more`,
);
const rounds: { wall: number; cpu: number }[] = [];
for (let i = 0; i < 5; i++) {
  await insertTickets(1000, Date.now() - 1000, Date.now());
  rounds.push(await timed(() => refreshQuestions(env.rt.ctx, ws)));
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(
  `${values.db}: 1,000 new tickets joining the groups: ${median(rounds.map((r) => r.wall)).toFixed(2)} s wall, ${median(rounds.map((r) => r.cpu)).toFixed(2)} s CPU (median of 5)`,
);
await env.close();
