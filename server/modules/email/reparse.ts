import type { Ctx } from "../../context";
import { readStoredFile } from "../attachments/attachments.store";
import { reindexMessage } from "../search/search.queries";
import { readMail } from "./read-mail";
import { storedParts } from "./reply";
import { partsColumn } from "../tickets/message-parts";
import { extractMessageParts } from "./reply-html";
import { countReceivedEmails, receivedEmails, updateMessageParts } from "./reparse.queries";

export type ReparseReport = { total: number; updated: number; unreadable: number; missing: number };

const PAGE = 200;

/**
 * Recomputes the new text and the parts of every received email (since `since`, ms) from its raw .eml, and
 * its search document with them: for messages stored before the split, or after the extractor improved. A
 * message that cannot be read stays as it is (raw and flagged); one whose raw file is gone is counted.
 */
export async function reparseEmails(
  ctx: Ctx,
  opts: { since?: number; onStart?: (total: number) => void; onProgress?: (done: number) => void } = {},
): Promise<ReparseReport> {
  const since = opts.since ?? 0;
  const report: ReparseReport = {
    total: await countReceivedEmails(ctx.db, since),
    updated: 0,
    unreadable: 0,
    missing: 0,
  };
  opts.onStart?.(report.total);
  let after = 0;
  let done = 0;
  for (;;) {
    const rows = await receivedEmails(ctx.db, since, after, PAGE);
    if (!rows.length) break;
    after = rows[rows.length - 1].id;
    const updates: { row: (typeof rows)[number]; parts: ReturnType<typeof extractMessageParts> }[] = [];
    for (const row of rows) {
      const raw = await readStoredFile(ctx, row.raw_sha256);
      if (!raw) {
        report.missing++;
        continue;
      }
      const envelope = await readMail(raw);
      // A PEC envelope carries the customer's message as postacert.eml: that is what was placed.
      const mail = envelope.pec?.original ? await readMail(envelope.pec.original) : envelope;
      if (!mail.ok) {
        report.unreadable++;
        continue;
      }
      const parts = extractMessageParts({
        text: mail.text || "(empty message)",
        html: mail.htmlSource,
        subject: mail.subject,
      });
      updates.push({ row, parts });
    }
    await ctx.db.transaction().execute(async (trx) => {
      for (const { row, parts } of updates) {
        await updateMessageParts(trx, row.message_id, {
          reply_text: parts.reply,
          parts: partsColumn(storedParts(parts), parts.reply),
          forwarded_text: parts.forwarded,
        });
        await reindexMessage(trx, ctx.dialect, {
          workspaceId: row.workspace_id,
          ticketId: row.ticket_id,
          messageId: row.message_id,
          text: parts.forwarded ? `${parts.reply}\n${parts.forwarded}` : parts.reply,
        });
      }
    });
    report.updated += updates.length;
    done += rows.length;
    opts.onProgress?.(done);
  }
  return report;
}
