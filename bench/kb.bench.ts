// The help centre at size: public search p95 and an article page's server time at 10,000 articles, on SQLite
// and (when it answers) PostgreSQL, through the real app (app.inject: routing, validation, search, rendering,
// compression; no socket). Articles are written as the service writes them (row, version, terms), in batches.
// Run: npx tsx bench/kb.bench.ts [--n 10000] [--queries 400]
import { parseArgs } from "node:util";
import { sql } from "kysely";
import { tx } from "../server/context";
import { indexArticle } from "../server/modules/kb/kb.service";
import { insertArticle, insertVersion } from "../server/modules/kb/kb.queries";
import { DATABASES, type Mode, testEnv } from "../server/test/harness";

const { values } = parseArgs({
  options: { n: { type: "string", default: "10000" }, queries: { type: "string", default: "400" } },
});
const N = Number(values.n);
const Q = Number(values.queries);

// A support vocabulary in both languages: topics, verbs and filler, so that common and rare words both occur.
const IT = (
  "ordine spedizione consegna corriere rimborso reso fattura pagamento carta bonifico abbonamento capsule macchina " +
  "caffè decalcificazione serbatoio garanzia riparazione assistenza account password accesso indirizzo magazzino " +
  "sconto coupon prezzo listino preventivo ritardo danneggiato mancante sostituzione ricambio filtro latte vapore " +
  "pulizia manutenzione installazione bar ristorante ufficio noleggio contratto disdetta rinnovo iva codice sdi pec " +
  "come quando dove perché posso devo serve richiedere controllare scaricare cambiare annullare sospendere attivare"
).split(" ");
const EN = (
  "order shipping delivery courier refund return invoice payment card transfer subscription capsules machine coffee " +
  "descaling tank warranty repair support account password login address warehouse discount coupon price quote " +
  "delay damaged missing replacement spare filter milk steam cleaning maintenance installation bar restaurant office " +
  "rental contract cancel renewal vat code how when where why can must need request check download change pause"
).split(" ");
let seed = 42;
const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
// Beyond the support words, a long tail of made-up words (product names, places, models), as a real help centre
// has: 4,000 per language, rarer and rarer.
const SYL = "ba ce di fo gu la me ni po ru sa te vi zo tra bri cla dro fe ga lo mu no pe qui ro si tu ve".split(" ");
const tail = (n: number) =>
  Array.from({ length: n }, (_, i) => SYL[i % 29] + SYL[Math.floor(i / 29) % 29] + SYL[Math.floor(i / 841) % 29] + "n");
const TAIL = tail(4000);
// Zipf-like: the first words of a list are the most common; a third of the words come from the long tail.
const word = (list: string[]) =>
  rnd() < 0.33 ? TAIL[Math.floor(TAIL.length * rnd() ** 3)] : list[Math.floor(list.length * rnd() ** 2)];
const text = (list: string[], n: number) => Array.from({ length: n }, () => word(list)).join(" ");

async function run(mode: Mode) {
  // The public rate limit is per client address: the bench is one client asking hundreds of times.
  const env = await testEnv(mode, { checkResponses: false, publicRateLimit: 1_000_000 }, { worker: false });
  const ctx = env.rt.ctx;
  try {
    // testEnv made a workspace; the public help centre is the first one.
    const ws = env.workspaceId;
    const t0 = performance.now();
    for (let i = 0; i < N; i += 500) {
      await tx(ctx, "bench", async ({ trx }) => {
        for (let j = i; j < Math.min(N, i + 500); j++) {
          const lang = j % 2 ? "en" : "it";
          const list = lang === "it" ? IT : EN;
          const now = Date.now();
          const a = await insertArticle(trx, {
            workspace_id: ws,
            title: `${text(list, 5)} ${j}`,
            body_markdown: `${text(list, 60)}\n\n${text(list, 60)}`,
            language: lang,
            translation_of: null,
            category_id: null,
            status: j % 10 === 0 ? "draft" : "published",
            internal: j % 20 === 1 ? 1 : 0,
            owner_id: env.admin.id,
            slug: `articolo-${j}`,
            version: 1,
            created_at: now,
            updated_at: now,
          });
          await insertVersion(trx, { ...versionOf(a), agent_id: env.admin.id });
          await indexArticle(trx, a);
        }
      });
    }
    const loadS = (performance.now() - t0) / 1000;
    // What autovacuum would have done by now on a server: statistics for the planner.
    await sql`ANALYZE`.execute(ctx.db);
    const queries = Array.from({ length: Q }, (_, i) => {
      const list = i % 2 ? EN : IT;
      const kind = i % 4;
      // one word, two words, three words, and a word of five letters or more with one letter changed
      if (kind === 3) {
        const w = list.filter((x) => x.length >= 6)[i % 20];
        const k = 2 + (i % (w.length - 3));
        return { q: w.slice(0, k) + (w[k] === "x" ? "y" : "x") + w.slice(k + 1), lang: i % 2 ? "en" : "it" };
      }
      return { q: text(list, kind + 1), lang: i % 2 ? "en" : "it" };
    });
    const timeOf = async (url: string) => {
      const s = performance.now();
      const res = await env.app.inject({ method: "GET", url, headers: { "accept-encoding": "br" } });
      if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode}`);
      return { ms: performance.now() - s, bytes: res.rawPayload.length };
    };
    for (const { q, lang } of queries.slice(0, 40))
      await timeOf(`/api/v1/public/kb/search?q=${encodeURIComponent(q)}&lang=${lang}`); // warm-up
    const search: number[] = [];
    for (const { q, lang } of queries)
      search.push((await timeOf(`/api/v1/public/kb/search?q=${encodeURIComponent(q)}&lang=${lang}`)).ms);
    // Each article's page twice: first seen (its related articles searched) and seen again (the list kept).
    const pages: number[] = [];
    const again: number[] = [];
    let bytes = 0;
    const urls = Array.from({ length: 200 }, (_, i) => 2 + 2 * ((i * 37) % (N / 2 - 2))) // Italian, published, public
      .filter((j) => j % 10 !== 0)
      .map((j) => `/help/it/articles/articolo-${j}`);
    for (const url of urls) {
      const r = await timeOf(url);
      pages.push(r.ms);
      bytes = Math.max(bytes, r.bytes);
    }
    for (const url of urls) again.push((await timeOf(url)).ms);
    console.log(
      `${mode}: ${N.toLocaleString("en")} articles written in ${loadS.toFixed(1)} s; ` +
        `public search p50 ${pct(search, 50)} ms, p95 ${pct(search, 95)} ms, max ${pct(search, 100)} ms (${Q} queries); ` +
        `article page first seen p50 ${pct(pages, 50)} ms, p95 ${pct(pages, 95)} ms, seen again p50 ${pct(again, 50)} ms, ` +
        `p95 ${pct(again, 95)} ms, largest ${(bytes / 1024).toFixed(1)} KB brotli`,
    );
  } finally {
    await env.close();
  }
}

const versionOf = (a: Awaited<ReturnType<typeof insertArticle>>) => ({
  article_id: a.id,
  number: 1,
  title: a.title,
  body_markdown: a.body_markdown,
  status: a.status,
  category_id: a.category_id,
  internal: a.internal,
  slug: a.slug,
  restored_from: null,
  created_at: a.created_at,
});

function pct(xs: number[], p: number) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)].toFixed(2);
}

for (const mode of DATABASES) await run(mode);
process.exit(0);
