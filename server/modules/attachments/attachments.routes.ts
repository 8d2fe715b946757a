import { ZAttachment } from "../../../shared/api/index";
import { z } from "zod";
import { ZIdParam } from "../../../shared/schemas";
import { sendDownload } from "../../http/download";
import { route } from "../../http/route";
import { openAttachment, uploadFile } from "./attachments.service";

export const attachmentRoutes = [
  route({
    method: "POST",
    url: "/api/v1/attachments",
    access: "agent",
    policy: "attachment.upload",
    tag: "attachments",
    status: 201,
    summary:
      "Upload a file as the raw request body (?filename=…); pass the returned id in attachment_ids of a message of yours within UPLOAD_TTL_HOURS. Over ATTACHMENT_MAX_BYTES: 413; over UPLOAD_QUOTA_PER_SESSION unattached uploads: 429",
    query: z.object({ filename: z.string().trim().min(1).max(255) }),
    response: ZAttachment,
    handler: async ({ ctx, actor, query, req }) => {
      const row = await uploadFile(
        ctx,
        { actor, ip: req.ip },
        { filename: query.filename, contentType: req.headers["content-type"], content: req.body },
      );
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
      return sendDownload(reply, { contentType: a.content_type, filename: a.filename, body: file });
    },
  }),
];
