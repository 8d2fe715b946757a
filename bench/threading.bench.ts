// Replies read before the messages they answer: N messages (default 2,000, about a fifth replies, each sent
// ahead of its original) over SMTP from 8 clients into one node. A peer helpdesk fed 2,000 messages this way
// turned 44 of 416 replies into tickets of their own; this prints how many we do (the aim is none).
// Run: npx tsx bench/threading.bench.ts [--n 2000] [--db sqlite|postgres]
import { parseArgs } from "node:util";
import { startSmtpServer } from "../server/modules/email/smtp-server";
import { deliverBacklog } from "../server/test/backlog";
import { testEnv } from "../server/test/harness";

const { values } = parseArgs({
  options: { n: { type: "string", default: "2000" }, db: { type: "string", default: "sqlite" } },
});
const env = await testEnv(values.db as "sqlite" | "postgres", { emailThreadWaitMs: 300_000 });
const smtp = await startSmtpServer(env.rt.ctx, 0, "127.0.0.1");
await env.app.inject({
  method: "POST",
  url: "/api/v1/mailboxes",
  headers: env.auth(env.adminToken),
  payload: { address: "help@shop.it" },
});
const r = await deliverBacklog(env.rt.ctx.db, smtp.port, { total: Number(values.n) });
console.log(
  `${values.db}: ${r.originals + r.replies} messages (${r.replies} replies ahead of their originals) in ${r.seconds.toFixed(1)} s`,
);
console.log(
  `replies turned into tickets of their own: ${r.replies - r.repliesPlaced} of ${r.replies}; on the wrong ticket: ${r.misplaced}; still waiting: ${r.stillHeld}; tickets: ${r.tickets} for ${r.originals} originals; refused: ${r.refused.length}`,
);
await smtp.close();
await env.close();
