import { z } from "zod";
import { ZIdParam } from "../../../shared/schemas";
import { ApiError, badRequest, notFound } from "../../http/errors";
import { route } from "../../http/route";
import { openStoredFile, storeFile } from "./attachments.store";

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
    handler: async ({ ctx, actor, query, req }) => {
      if (!Buffer.isBuffer(req.body))
        throw badRequest("invalid_upload", "send the file as the raw body with its Content-Type");
      if (req.body.length > ctx.config.attachmentMaxBytes)
        throw new ApiError(413, "payload_too_large", `files are limited to ${ctx.config.attachmentMaxBytes} bytes`);
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
      const a = await ctx.db
        .selectFrom("attachments")
        .selectAll()
        .where("workspace_id", "=", actor.workspaceId)
        .where("id", "=", params.id)
        .executeTakeFirst();
      if (!a) throw notFound("attachment");
      const file = await openStoredFile(ctx, a.sha256);
      if (!file) throw notFound("attachment file");
      reply
        .header("content-type", a.content_type)
        .header("content-disposition", `attachment; filename*=UTF-8''${encodeURIComponent(a.filename)}`)
        .header("x-content-type-options", "nosniff");
      return reply.send(file);
    },
  }),
];
