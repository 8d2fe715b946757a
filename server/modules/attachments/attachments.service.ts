import type { Ctx } from "../../context";
import type { AgentActor } from "../../http/actor";
import { ApiError, badRequest, notFound } from "../../http/errors";
import { findAttachment, insertAttachment } from "./attachments.queries";
import { openStoredFile, storeFile } from "./attachments.store";

/** An upload not yet part of a message: a message's attachment_ids claim it. */
export async function uploadAttachment(
  ctx: Ctx,
  actor: AgentActor,
  input: { filename: string; contentType: string; content: unknown },
) {
  const { content } = input;
  if (!Buffer.isBuffer(content))
    throw badRequest("invalid_upload", "send the file as the raw body with its Content-Type");
  if (content.length > ctx.config.attachmentMaxBytes)
    throw new ApiError(413, "payload_too_large", `files are limited to ${ctx.config.attachmentMaxBytes} bytes`);
  const sha256 = await storeFile(ctx, content);
  return insertAttachment(ctx, {
    workspace_id: actor.workspaceId,
    message_id: null,
    filename: input.filename.replace(/[\\/]/g, "_"),
    content_type: input.contentType,
    size: content.length,
    sha256,
    created_at: Date.now(),
  });
}

/** An attachment of the workspace with its content, for a download. */
export async function openAttachment(ctx: Ctx, actor: AgentActor, id: number) {
  const attachment = await findAttachment(ctx, actor.workspaceId, id);
  if (!attachment) throw notFound("attachment");
  const file = await openStoredFile(ctx, attachment.sha256);
  if (!file) throw notFound("attachment file");
  return { attachment, file };
}
