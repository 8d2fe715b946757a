import type { z } from "zod";
import type { ZWebFormRequest } from "../../../shared/schemas";
import { type Ctx, tx } from "../../context";
import { ApiError } from "../../http/errors";
import { keepFiles, stageFile } from "../attachments/attachments.store";
import { safeFilename } from "../attachments/filename";
import { findOrCreateCustomer, setLanguageIfUnknown } from "../customers/customers.queries";
import { createTicketIn } from "../tickets/tickets.service";
import { insertFormAttachment } from "./portal.queries";
import { publicWorkspace } from "./portal.service";

const MAX_FORM_BYTES = 2 * 1024 * 1024; // base64 in one JSON body: stays under the API body limit

/** The public "new request" form: a request on the web channel, its files, its customer (found or created). */
export async function submitWebForm(ctx: Ctx, body: z.output<typeof ZWebFormRequest>, requestId: string, ip: string) {
  const files = body.files.map((f) => ({ ...f, bytes: Buffer.from(f.data, "base64") }));
  const total = files.reduce((n, f) => n + f.bytes.length, 0);
  if (total > Math.min(MAX_FORM_BYTES, ctx.config.attachmentMaxBytes))
    throw new ApiError(413, "payload_too_large", `the form takes up to ${MAX_FORM_BYTES / 1024 / 1024} MB of files`);
  const ws = await publicWorkspace(ctx);
  // Large files reach the disk before the transaction; small ones enter the database inside it (see stageFile).
  const stored = await Promise.all(files.map(async (f) => ({ ...f, staged: await stageFile(ctx, f.bytes) })));
  const ticket = await tx(ctx, requestId, async (uow) => {
    await keepFiles(
      uow.trx,
      stored.map((f) => f.staged),
    );
    const customer = await findOrCreateCustomer(uow.trx, ws.id, body.email, body.name);
    if (body.language && !customer.language) await setLanguageIfUnknown(uow.trx, customer.id, body.language);
    const ids: number[] = [];
    for (const f of stored) {
      ids.push(
        await insertFormAttachment(uow.trx, {
          workspace_id: ws.id,
          message_id: null,
          filename: safeFilename(f.filename),
          content_type: f.content_type,
          size: f.bytes.length,
          sha256: f.staged.sha256,
          created_at: Date.now(),
          // The submission's own files, attached to its first message in this transaction.
          uploader_type: "webform",
          uploader_customer_id: customer.id,
          uploader_ip: ip,
        }),
      );
    }
    return createTicketIn(
      ctx,
      uow,
      { kind: "customer", workspaceId: ws.id, customerId: customer.id },
      {
        subject: body.subject,
        body_text: body.body_text,
        requester: { email: body.email, name: body.name },
        priority: "normal",
        channel: "web",
        tags: [],
      },
      { attachmentIds: ids, requesterLanguage: customer.language ?? body.language },
    );
  });
  return { number: ticket.number, portal_url: `${ctx.config.publicUrl}/portal/requests/${ticket.number}` };
}
