import type { PortalMe, PortalRequestDetail } from "../../../shared/api/portal";
import type { z } from "zod";
import type { ZPortalReply } from "../../../shared/schemas";
import type { Ctx } from "../../context";
import type { CustomerActor } from "../../http/actor";
import { ApiError, conflict, notFound } from "../../http/errors";
import { uploadFile } from "../attachments/attachments.service";
import { openStoredFile } from "../attachments/attachments.store";
import { addMessage } from "../tickets/tickets.service";
import { endCustomerSession, redeemPortalLink } from "../portal-links/portal-links";
import { queueSignInLink } from "./portal.mail";
import {
  attachmentWithTicket,
  customerProfile,
  firstWorkspace,
  formFrameOriginsOf,
  reopenDays,
  requestsOf,
  workspaceProfile,
} from "./portal.queries";
import { presentRequests, publicTimeline, visibleRequesterIds, visibleTicket } from "./portal.read";

// Use cases of the customer portal. What a customer may see is decided in portal.read.ts.

/** One installation serves one workspace to the public; the first one. */
export const publicWorkspace = (ctx: Ctx) => firstWorkspace(ctx);

/** Who may frame the public web form: the origins the admin listed (none: nobody). */
export const formFrameOrigins = async (ctx: Ctx) => formFrameOriginsOf(ctx, (await publicWorkspace(ctx)).id);

export async function requestSignInLink(ctx: Ctx, email: string) {
  await queueSignInLink(ctx, (await publicWorkspace(ctx)).id, email);
}

export const startPortalSession = (ctx: Ctx, token: string) => redeemPortalLink(ctx, token);

export const endPortalSession = (ctx: Ctx, cookie: string | undefined) => endCustomerSession(ctx, cookie);

export async function portalMe(ctx: Ctx, actor: CustomerActor): Promise<PortalMe> {
  const c = await customerProfile(ctx, actor.customerId);
  const ws = await workspaceProfile(ctx, actor.workspaceId);
  return {
    name: c.name,
    email: c.email,
    language: (c.language ?? ws.default_language) as PortalMe["language"],
    workspace: ws.name,
    csrf_token: actor.csrfToken ?? null,
  };
}

export async function listRequests(ctx: Ctx, actor: CustomerActor) {
  const ids = await visibleRequesterIds(ctx, actor);
  const rows = ids.length ? await requestsOf(ctx, actor.workspaceId, ids) : [];
  return { data: await presentRequests(ctx, actor, rows) };
}

export async function showRequest(ctx: Ctx, actor: CustomerActor, number: number): Promise<PortalRequestDetail> {
  const t = await visibleTicket(ctx, actor, number);
  const [request] = await presentRequests(ctx, actor, [t]);
  return { request, timeline: await publicTimeline(ctx, t) };
}

/** A reply from the requester; `reopening` asks for a solved request to be reopened, within the window. */
export async function replyToRequest(
  ctx: Ctx,
  actor: CustomerActor,
  number: number,
  body: z.output<typeof ZPortalReply>,
  requestId: string,
  reopening: boolean,
) {
  const t = await visibleTicket(ctx, actor, number);
  if (t.requester_id !== actor.customerId)
    throw new ApiError(403, "forbidden", "only the person who made the request can write to it");
  if (t.status === "closed") throw conflict("request_closed", "this request is closed: open a new one");
  if (t.status === "solved") {
    const days = await reopenDays(ctx, actor.workspaceId);
    if (!t.solved_at || Date.now() > t.solved_at + days * 86_400_000)
      throw conflict(
        "reopen_window_passed",
        `a request can be reopened for ${days} days after it is solved: open a new one`,
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
  const [presented] = await presentRequests(ctx, actor, [await visibleTicket(ctx, actor, number)]);
  return { request: presented, timeline: await publicTimeline(ctx, await visibleTicket(ctx, actor, number)) };
}

/** A file uploaded for a reply to come; it joins the reply of this customer that names it. */
export const uploadPortalFile = uploadFile;

/** A file of a public message of a request this customer may see. */
export async function openPortalFile(ctx: Ctx, actor: CustomerActor, id: number) {
  const a = await attachmentWithTicket(ctx, actor.workspaceId, id);
  if (!a || a.internal === 1) throw notFound("file");
  await visibleTicket(ctx, actor, a.number);
  const file = await openStoredFile(ctx, a.sha256);
  if (!file) throw notFound("file");
  return { file, filename: a.filename, contentType: a.content_type };
}
