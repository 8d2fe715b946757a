import { ZAttachment } from "../../../shared/api/index";
import { z } from "zod";
import { ZIdParam } from "../../../shared/schemas";
import { route } from "../../http/route";
import { openAttachment, uploadAttachment } from "./attachments.service";

export const attachmentRoutes = [
  route({
    method: "POST",
    url: "/api/v1/attachments",
    access: "agent",
    policy: "attachment.upload",
    tag: "attachments",
    status: 201,
    summary:
      "Upload a file as the raw request body (?filename=…); pass the returned id in attachment_ids of a message. Over ATTACHMENT_MAX_BYTES: 413",
    query: z.object({ filename: z.string().trim().min(1).max(255) }),
    response: ZAttachment,
    handler: async ({ ctx, actor, query, req }) => {
      const row = await uploadAttachment(ctx, actor, {
        filename: query.filename,
        contentType: String(req.headers["content-type"] ?? "application/octet-stream").split(";")[0],
        content: req.body,
      });
      return { ...row, url: `/api/v1/attachments/${row.id}` };
    },
  }),
  route({
    method: "GET",
    url: "/api/v1/attachments/:id",
    access: "agent",
    policy: "attachment.read",
    tag: "attachments",
    summary: "Download an attachment",
    params: ZIdParam,
    handler: async ({ ctx, actor, params, reply }) => {
      const { attachment: a, file } = await openAttachment(ctx, actor, params.id);
      reply
        .header("content-type", a.content_type)
        .header("content-disposition", `attachment; filename*=UTF-8''${encodeURIComponent(a.filename)}`)
        .header("x-content-type-options", "nosniff");
      return reply.send(file);
    },
  }),
];
