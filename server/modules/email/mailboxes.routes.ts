import { ZMailbox, ZMailboxList, ZOk } from "../../../shared/api/index";
import { ZIdParam } from "../../../shared/schemas";
import { sendDownload } from "../../http/download";
import { route } from "../../http/route";
import { addMailbox, mailboxesOf, receivedOriginalFile, removeMailbox, ZMailboxInput } from "./mailboxes.service";

export const mailboxRoutes = [
  route({
    method: "GET",
    url: "/api/v1/mailboxes",
    access: "agent",
    policy: "mailbox.read",
    tag: "email",
    summary: "Mailboxes that receive email",
    response: ZMailboxList,
    handler: async ({ ctx, actor }) => ({ data: await mailboxesOf(ctx, actor.workspaceId) }),
  }),
  route({
    method: "POST",
    url: "/api/v1/mailboxes",
    access: "agent",
    policy: "mailbox.manage",
    tag: "email",
    status: 201,
    summary: "Add a mailbox (address, display name, team)",
    body: ZMailboxInput,
    response: ZMailbox,
    handler: async ({ ctx, actor, body }) => addMailbox(ctx, actor.workspaceId, body),
  }),
  route({
    method: "DELETE",
    url: "/api/v1/mailboxes/:id",
    access: "agent",
    policy: "mailbox.manage",
    tag: "email",
    summary: "Remove a mailbox",
    params: ZIdParam,
    response: ZOk,
    handler: async ({ ctx, actor, params }) => {
      await removeMailbox(ctx, actor.workspaceId, params.id);
      return { ok: true as const };
    },
  }),
  route({
    method: "GET",
    url: "/api/v1/messages/:id/raw",
    access: "agent",
    policy: "ticket.read",
    tag: "email",
    summary: "The original .eml of an email message, as received",
    params: ZIdParam,
    handler: async ({ ctx, actor, params, reply }) => {
      const file = await receivedOriginalFile(ctx, actor.workspaceId, params.id);
      return sendDownload(reply, { contentType: "message/rfc822", filename: `message-${params.id}.eml`, body: file });
    },
  }),
];
