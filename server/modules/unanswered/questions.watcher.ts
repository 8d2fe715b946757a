import type { Ctx } from "../../context";
import { workspacesForQuestions } from "./questions.queries";
import { refreshQuestions } from "./questions.service";

// The worker groups new first messages every minute, in passes of 20,000 tickets (each its own transaction, so
// the writer is never held for long), so the supervisors' list finds little left to do when it catches up.
const EVERY_MS = 60_000;
const PASS = 20_000;

export async function groupNewQuestions(ctx: Ctx): Promise<number> {
  let total = 0;
  for (const ws of await workspacesForQuestions(ctx)) {
    let read: number;
    do {
      read = await refreshQuestions(ctx, Number(ws.id), ws.default_language, PASS);
      total += read;
    } while (read === PASS);
  }
  return total;
}

export function watchQuestions(ctx: Ctx): () => void {
  let busy = false;
  const timer = setInterval(async () => {
    if (busy) return;
    busy = true;
    try {
      await groupNewQuestions(ctx);
    } catch (err) {
      ctx.log.warn({ err }, "grouping new questions failed; will try again");
    } finally {
      busy = false;
    }
  }, EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
