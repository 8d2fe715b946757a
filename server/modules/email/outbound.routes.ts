import { ZOk, ZOutboxPage } from "../../../shared/api/index";
import { z } from "zod";
import { ZIdParam, ZListQuery } from "../../../shared/schemas";
import { route } from "../../http/route";
import { listOutbox, retryDeadLetter } from "./outbound.service";

export const outboundRoutes = [
  route({
    method: "GET",
    url: "/api/v1/mail/outbox",
    access: "agent",
    policy: "mailbox.manage",
    tag: "email",
    summary: "Outgoing email: queued, sent and dead letters (status=dead) with their last error",
    query: ZListQuery.extend({ status: z.enum(["queued", "sent", "dead"]).optional() }),
    response: ZOutboxPage,
    handler: async ({ ctx, actor, query }) => listOutbox(ctx, actor, query),
  }),
  route({
    method: "POST",
    url: "/api/v1/mail/outbox/:id/retry",
    access: "agent",
    policy: "mailbox.manage",
    tag: "email",
    summary: "Send a dead letter again (same Message-ID)",
    params: ZIdParam,
    response: ZOk,
    handler: async ({ ctx, actor, params, req }) => retryDeadLetter(ctx, actor, params.id, req.id),
  }),
];
