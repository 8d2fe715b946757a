import { z } from "zod";
import { ZIdParam, ZListQuery } from "../../../shared/schemas";
import { conflict, notFound } from "../../http/errors";
import { route } from "../../http/route";
import { iso } from "../../lib/cursor";
import { pageById } from "../../lib/paging";
import { MAIL_MAX_ATTEMPTS } from "./outbound";

export const outboundRoutes = [
  route({
    method: "GET",
    url: "/api/v1/mail/outbox",
    access: "agent",
    policy: "mailbox.manage",
    tag: "email",
    summary: "Outgoing email: queued, sent and dead letters (status=dead) with their last error",
    query: ZListQuery.extend({ status: z.enum(["queued", "sent", "dead"]).optional() }),
    handler: async ({ ctx, actor, query }) => {
      let q = ctx.db
        .selectFrom("mail_outbox")
        .select([
          "id",
          "ticket_id",
          "kind",
          "to_address",
          "subject",
          "header_message_id",
          "status",
          "attempts",
          "last_error",
          "created_at",
          "sent_at",
        ])
        .where("workspace_id", "=", actor.workspaceId);
      if (query.status) q = q.where("status", "=", query.status);
      const page = await pageById(q, "id", query.limit, query.cursor);
      return {
        data: page.rows.map((m) => ({ ...m, created_at: iso(m.created_at), sent_at: iso(m.sent_at) })),
        next_cursor: page.next_cursor,
      };
    },
  }),
  route({
    method: "POST",
    url: "/api/v1/mail/outbox/:id/retry",
    access: "agent",
    policy: "mailbox.manage",
    tag: "email",
    summary: "Send a dead letter again (same Message-ID)",
    params: ZIdParam,
    handler: async ({ ctx, actor, params, req }) => {
      const m = await ctx.db
        .selectFrom("mail_outbox")
        .select(["id", "status"])
        .where("workspace_id", "=", actor.workspaceId)
        .where("id", "=", params.id)
        .executeTakeFirst();
      if (!m) throw notFound("email");
      if (m.status !== "dead")
        throw conflict("not_dead", `this email is ${m.status}; only dead letters are retried by hand`);
      await ctx.db.updateTable("mail_outbox").set({ status: "queued", attempts: 0 }).where("id", "=", m.id).execute();
      await ctx.jobs.enqueue(
        "mail.send",
        { mail_id: m.id, request_id: req.id },
        { jobId: `mail-${m.id}-retry-${Date.now()}`, attempts: MAIL_MAX_ATTEMPTS },
      );
      return { ok: true };
    },
  }),
];
