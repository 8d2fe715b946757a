import { ZCapturedMailDetail, ZCapturedMailPage, ZOk, ZOutboxPage } from "../../../shared/api/index";
import { z } from "zod";
import { ZIdParam, ZListQuery } from "../../../shared/schemas";
import { route } from "../../http/route";
import { listCaptured, listOutbox, readCaptured, retryDeadLetter, sendCaptured } from "./outbound.service";

export const outboundRoutes = [
  route({
    method: "GET",
    url: "/api/v1/mail/outbox",
    access: "agent",
    policy: "mailbox.manage",
    tag: "email",
    summary: "Outgoing email: queued, sent and dead letters (status=dead) with their last error",
    query: ZListQuery.extend({ status: z.enum(["queued", "sent", "dead", "captured"]).optional() }),
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

  route({
    method: "GET",
    url: "/api/v1/mail/captured",
    access: "agent",
    policy: "mailbox.manage",
    tag: "email",
    summary: "Captured email (no SMTP_RELAY_URL configured): kept instead of sent, newest first",
    query: ZListQuery,
    response: ZCapturedMailPage,
    handler: async ({ ctx, actor, query }) => listCaptured(ctx, actor, query),
  }),
  route({
    method: "GET",
    url: "/api/v1/mail/captured/:id",
    access: "agent",
    policy: "mailbox.manage",
    tag: "email",
    summary: "One captured email: its headers, text and HTML as it would have been sent",
    params: ZIdParam,
    response: ZCapturedMailDetail,
    handler: async ({ ctx, actor, params }) => readCaptured(ctx, actor, params.id),
  }),
  route({
    method: "POST",
    url: "/api/v1/mail/captured/:id/send",
    access: "agent",
    policy: "mailbox.manage",
    tag: "email",
    summary: "Send a captured email through the relay now configured (same Message-ID); 409 without a relay",
    params: ZIdParam,
    response: ZOk,
    handler: async ({ ctx, actor, params, req }) => sendCaptured(ctx, actor, params.id, req.id),
  }),
];
