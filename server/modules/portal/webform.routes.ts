import { ZWebFormRequest } from "../../../shared/schemas";
import { tx } from "../../context";
import { ApiError } from "../../http/errors";
import { route } from "../../http/route";
import { keepFiles, stageFile } from "../attachments/attachments.store";
import { findOrCreateCustomer } from "../customers/customers.queries";
import { createTicketIn } from "../tickets/tickets.service";
import { publicWorkspace } from "./portal.routes";

const MAX_FORM_BYTES = 2 * 1024 * 1024; // base64 in one JSON body: stays under the API body limit

export const webFormRoutes = [
  route({
    method: "POST",
    url: "/api/v1/public/requests",
    access: "public",
    policy: null,
    tag: "portal",
    status: 201,
    rateLimit: "public",
    summary:
      'The public "new request" form: creates a request (channel web) and answers with its number and portal address; the customer receives the acknowledgement with a sign-in link by email',
    body: ZWebFormRequest,
    handler: async ({ ctx, body, req }) => {
      const files = body.files.map((f) => ({ ...f, bytes: Buffer.from(f.data, "base64") }));
      const total = files.reduce((n, f) => n + f.bytes.length, 0);
      if (total > Math.min(MAX_FORM_BYTES, ctx.config.attachmentMaxBytes))
        throw new ApiError(
          413,
          "payload_too_large",
          `the form takes up to ${MAX_FORM_BYTES / 1024 / 1024} MB of files`,
        );
      const ws = await publicWorkspace(ctx);
      // Large files reach the disk before the transaction; small ones enter the database inside it (see stageFile).
      const stored = await Promise.all(files.map(async (f) => ({ ...f, staged: await stageFile(ctx, f.bytes) })));
      const ticket = await tx(ctx, req.id, async (uow) => {
        await keepFiles(
          uow.trx,
          stored.map((f) => f.staged),
        );
        const customer = await findOrCreateCustomer(uow.trx, ws.id, body.email, body.name);
        if (body.language && !customer.language)
          await uow.trx
            .updateTable("customers")
            .set({ language: body.language })
            .where("id", "=", customer.id)
            .execute();
        const ids: number[] = [];
        for (const f of stored) {
          const row = await uow.trx
            .insertInto("attachments")
            .values({
              workspace_id: ws.id,
              message_id: null,
              filename: f.filename.replace(/[\\/]/g, "_"),
              content_type: f.content_type,
              size: f.bytes.length,
              sha256: f.staged.sha256,
              created_at: Date.now(),
            })
            .returning("id")
            .executeTakeFirstOrThrow();
          ids.push(row.id);
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
          { attachmentIds: ids },
        );
      });
      return { number: ticket.number, portal_url: `${ctx.config.publicUrl}/portal/requests/${ticket.number}` };
    },
  }),
];
