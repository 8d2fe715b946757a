import { z } from "zod";
import { ZIdParam, ZNumberParam, ZPortalLinkRequest, ZPortalReply, ZPortalSession } from "../../../shared/schemas";
import type { Ctx } from "../../context";
import type { CustomerActor } from "../../http/actor";
import { ApiError, badRequest, conflict, notFound } from "../../http/errors";
import { route } from "../../http/route";
import { openStoredFile, storeFile } from "../attachments/attachments.store";
import { addMessage } from "../tickets/tickets.service";
import { endCustomerSession, PORTAL_COOKIE, redeemPortalLink } from "./portal.links";
import { queueSignInLink } from "./portal.mail";
import { presentRequests, publicTimeline, visibleRequesterIds, visibleTicket } from "./portal.read";

/** One installation serves one workspace to the public; the first one. */
export const publicWorkspace = async (ctx: Ctx) =>
  await ctx.db.selectFrom("workspaces").select(["id", "name"]).orderBy("id").executeTakeFirstOrThrow();

async function reply(
  ctx: Ctx,
  actor: CustomerActor,
  number: number,
  body: z.output<typeof ZPortalReply>,
  requestId: string,
  reopening: boolean,
) {
  const t = await visibleTicket(ctx.db, actor, number);
  if (t.requester_id !== actor.customerId)
    throw new ApiError(403, "forbidden", "only the person who made the request can write to it");
  if (t.status === "closed") throw conflict("request_closed", "this request is closed: open a new one");
  if (t.status === "solved") {
    const ws = await ctx.db
      .selectFrom("workspaces")
      .select("portal_reopen_days")
      .where("id", "=", actor.workspaceId)
      .executeTakeFirstOrThrow();
    if (!t.solved_at || Date.now() > t.solved_at + ws.portal_reopen_days * 86_400_000)
      throw conflict(
        "reopen_window_passed",
        `a request can be reopened for ${ws.portal_reopen_days} days after it is solved: open a new one`,
      );
  } else if (reopening) {
    throw conflict("not_solved", "only a solved request can be reopened");
  }
  await addMessage(
    ctx,
    actor,
    number,
    { body_text: body.body_text, internal: false, attachment_ids: body.attachment_ids },
    requestId,
  );
  const [presented] = await presentRequests(ctx, actor, [await visibleTicket(ctx.db, actor, number)]);
  return { request: presented, timeline: await publicTimeline(ctx, await visibleTicket(ctx.db, actor, number)) };
}

export const portalRoutes = [
  route({
    method: "POST",
    url: "/api/v1/portal/sign-in-link",
    access: "public",
    policy: null,
    tag: "portal",
    rateLimit: "public",
    summary:
      "Email a single-use sign-in link (30 minutes) to a customer; the answer is the same whether or not the address is known",
    body: ZPortalLinkRequest,
    handler: async ({ ctx, body }) => {
      await queueSignInLink(ctx, (await publicWorkspace(ctx)).id, body.email);
      return { ok: true };
    },
  }),
  route({
    method: "POST",
    url: "/api/v1/portal/session",
    access: "public",
    policy: null,
    tag: "portal",
    rateLimit: "public",
    summary: "Exchange a sign-in link's token for a portal session (HttpOnly cookie); returns the CSRF token",
    body: ZPortalSession,
    handler: async ({ ctx, body, reply }) => {
      const s = await redeemPortalLink(ctx.db, body.token);
      reply.setCookie(PORTAL_COOKIE, s.session, {
        httpOnly: true,
        sameSite: "lax",
        secure: ctx.config.cookieSecure,
        path: "/",
        maxAge: s.maxAgeSeconds,
      });
      return { csrf_token: s.csrf, ticket_number: s.ticketNumber };
    },
  }),
  route({
    method: "GET",
    url: "/api/v1/portal/me",
    access: "customer",
    policy: null,
    tag: "portal",
    summary: "The signed-in customer and the CSRF token",
    handler: async ({ ctx, actor }) => {
      const c = await ctx.db
        .selectFrom("customers")
        .select(["name", "email", "language"])
        .where("id", "=", actor.customerId)
        .executeTakeFirstOrThrow();
      const ws = await ctx.db
        .selectFrom("workspaces")
        .select(["name", "default_language"])
        .where("id", "=", actor.workspaceId)
        .executeTakeFirstOrThrow();
      return {
        name: c.name,
        email: c.email,
        language: c.language ?? ws.default_language,
        workspace: ws.name,
        csrf_token: actor.csrfToken ?? null,
      };
    },
  }),
  route({
    method: "POST",
    url: "/api/v1/portal/logout",
    access: "customer",
    policy: null,
    tag: "portal",
    summary: "Sign out of the portal",
    handler: async ({ ctx, req, reply }) => {
      await endCustomerSession(ctx.db, req.cookies[PORTAL_COOKIE]);
      reply.clearCookie(PORTAL_COOKIE, { path: "/" });
      return { ok: true };
    },
  }),
  route({
    method: "GET",
    url: "/api/v1/portal/requests",
    access: "customer",
    policy: null,
    tag: "portal",
    summary: "The customer's requests (and their colleagues' when the organization shares them), latest activity first",
    handler: async ({ ctx, actor }) => {
      const ids = await visibleRequesterIds(ctx.db, actor);
      const rows = ids.length
        ? await ctx.db
            .selectFrom("tickets")
            .selectAll()
            .where("workspace_id", "=", actor.workspaceId)
            .where("requester_id", "in", ids)
            .where("merged_into_id", "is", null)
            .orderBy("updated_at", "desc")
            .limit(200)
            .execute()
        : [];
      return { data: await presentRequests(ctx, actor, rows) };
    },
  }),
  route({
    method: "GET",
    url: "/api/v1/portal/requests/:number",
    access: "customer",
    policy: null,
    tag: "portal",
    summary: "One request with its public timeline: replies and state changes, never internal notes",
    params: ZNumberParam,
    handler: async ({ ctx, actor, params }) => {
      const t = await visibleTicket(ctx.db, actor, params.number);
      const [request] = await presentRequests(ctx, actor, [t]);
      return { request, timeline: await publicTimeline(ctx, t) };
    },
  }),
  route({
    method: "POST",
    url: "/api/v1/portal/requests/:number/messages",
    access: "customer",
    policy: null,
    tag: "portal",
    status: 201,
    summary: "Reply to a request (a reply to a solved request reopens it within the workspace's reopen window)",
    params: ZNumberParam,
    body: ZPortalReply,
    handler: async ({ ctx, actor, params, body, req }) => reply(ctx, actor, params.number, body, req.id, false),
  }),
  route({
    method: "POST",
    url: "/api/v1/portal/requests/:number/reopen",
    access: "customer",
    policy: null,
    tag: "portal",
    summary: "Reopen a solved request with a message saying why (within the reopen window)",
    params: ZNumberParam,
    body: ZPortalReply,
    handler: async ({ ctx, actor, params, body, req }) => reply(ctx, actor, params.number, body, req.id, true),
  }),
  route({
    method: "POST",
    url: "/api/v1/portal/attachments",
    access: "customer",
    policy: null,
    tag: "portal",
    status: 201,
    summary: "Upload a file as the raw body (?filename=…) to attach to a reply",
    query: z.object({ filename: z.string().trim().min(1).max(255) }),
    handler: async ({ ctx, actor, query, req }) => {
      if (!Buffer.isBuffer(req.body) || req.body.length === 0)
        throw badRequest("invalid_upload", "send the file as the raw body with its Content-Type");
      const sha256 = await storeFile(ctx, req.body);
      const content_type = String(req.headers["content-type"] ?? "application/octet-stream").split(";")[0];
      const row = await ctx.db
        .insertInto("attachments")
        .values({
          workspace_id: actor.workspaceId,
          message_id: null,
          filename: query.filename.replace(/[\\/]/g, "_"),
          content_type,
          size: req.body.length,
          sha256,
          created_at: Date.now(),
        })
        .returning(["id", "filename", "content_type", "size"])
        .executeTakeFirstOrThrow();
      return row;
    },
  }),
  route({
    method: "GET",
    url: "/api/v1/portal/attachments/:id",
    access: "customer",
    policy: null,
    tag: "portal",
    summary: "Download a file of a public message of a visible request",
    params: ZIdParam,
    handler: async ({ ctx, actor, params, reply }) => {
      const a = await ctx.db
        .selectFrom("attachments")
        .innerJoin("messages", "messages.id", "attachments.message_id")
        .innerJoin("tickets", "tickets.id", "messages.ticket_id")
        .select([
          "attachments.filename",
          "attachments.content_type",
          "attachments.sha256",
          "tickets.number",
          "messages.internal",
        ])
        .where("attachments.id", "=", params.id)
        .where("attachments.workspace_id", "=", actor.workspaceId)
        .executeTakeFirst();
      if (!a || a.internal === 1) throw notFound("file");
      await visibleTicket(ctx.db, actor, a.number);
      const file = await openStoredFile(ctx, a.sha256);
      if (!file) throw notFound("file");
      // Served as a download, never rendered in the portal's origin.
      reply
        .header("content-type", a.content_type)
        .header("content-disposition", `attachment; filename*=UTF-8''${encodeURIComponent(a.filename)}`)
        .header("x-content-type-options", "nosniff");
      return reply.send(file);
    },
  }),
];
