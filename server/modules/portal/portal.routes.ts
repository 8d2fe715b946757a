import {
  ZOk,
  ZPortalMe,
  ZPortalRequestDetail,
  ZPortalRequestList,
  ZPortalSessionStarted,
  ZPortalUpload,
} from "../../../shared/api/index";
import { z } from "zod";
import { ZIdParam, ZNumberParam, ZPortalLinkRequest, ZPortalReply, ZPortalSession } from "../../../shared/schemas";
import { sendDownload } from "../../http/download";
import { route } from "../../http/route";
import { PORTAL_COOKIE } from "../portal-links/portal-links";
import {
  endPortalSession,
  listRequests,
  openPortalFile,
  portalMe,
  replyToRequest,
  requestSignInLink,
  showRequest,
  startPortalSession,
  uploadPortalFile,
} from "./portal.service";

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
    response: ZOk,
    handler: async ({ ctx, body }) => {
      await requestSignInLink(ctx, body.email);
      return { ok: true as const };
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
    response: ZPortalSessionStarted,
    handler: async ({ ctx, body, reply }) => {
      const s = await startPortalSession(ctx, body.token);
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
    response: ZPortalMe,
    handler: async ({ ctx, actor }) => portalMe(ctx, actor),
  }),
  route({
    method: "POST",
    url: "/api/v1/portal/logout",
    access: "customer",
    policy: null,
    tag: "portal",
    summary: "Sign out of the portal",
    response: ZOk,
    handler: async ({ ctx, req, reply }) => {
      await endPortalSession(ctx, req.cookies[PORTAL_COOKIE]);
      reply.clearCookie(PORTAL_COOKIE, { path: "/" });
      return { ok: true as const };
    },
  }),
  route({
    method: "GET",
    url: "/api/v1/portal/requests",
    access: "customer",
    policy: null,
    tag: "portal",
    summary: "The customer's requests (and their colleagues' when the organization shares them), latest activity first",
    response: ZPortalRequestList,
    handler: async ({ ctx, actor }) => listRequests(ctx, actor),
  }),
  route({
    method: "GET",
    url: "/api/v1/portal/requests/:number",
    access: "customer",
    policy: null,
    tag: "portal",
    summary: "One request with its public timeline: replies and state changes, never internal notes",
    params: ZNumberParam,
    response: ZPortalRequestDetail,
    handler: async ({ ctx, actor, params }) => showRequest(ctx, actor, params.number),
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
    response: ZPortalRequestDetail,
    handler: async ({ ctx, actor, params, body, req }) =>
      replyToRequest(ctx, actor, params.number, body, req.id, false),
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
    response: ZPortalRequestDetail,
    handler: async ({ ctx, actor, params, body, req }) => replyToRequest(ctx, actor, params.number, body, req.id, true),
  }),
  route({
    method: "POST",
    url: "/api/v1/portal/attachments",
    access: "customer",
    policy: null,
    tag: "portal",
    status: 201,
    summary:
      "Upload a file as the raw body (?filename=…) to attach to a reply of this customer within UPLOAD_TTL_HOURS; over UPLOAD_QUOTA_PER_SESSION (per session) or UPLOAD_QUOTA_PER_IP (per address) unattached uploads: 429",
    query: z.object({ filename: z.string().trim().min(1).max(255) }),
    response: ZPortalUpload,
    handler: async ({ ctx, actor, query, req }) =>
      uploadPortalFile(
        ctx,
        { actor, ip: req.ip },
        { filename: query.filename, contentType: req.headers["content-type"], content: req.body },
      ),
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
      const a = await openPortalFile(ctx, actor, params.id);
      // Served as a download, never rendered in the portal's origin.
      return sendDownload(reply, { contentType: a.contentType, filename: a.filename, body: a.file });
    },
  }),
];
