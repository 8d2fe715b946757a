import crypto from "node:crypto";
import type { Ctx } from "../../context";
import type { AgentActor } from "../../http/actor";
import { ApiError, badRequest, notFound } from "../../http/errors";
import { safeFilename } from "../attachments/filename";
import { openStoredFile, stageFile } from "../attachments/attachments.store";
import { publicWorkspace } from "../portal/portal.service";
import { imageByKey, insertImage } from "./kb.images.queries";

// Images uploaded into articles: kept in the file store like attachments, listed in kb_images, and served to
// anybody at /help/images/{key} (the help centre is public; an image of a draft is too, by its unguessable key).

export const IMAGE_TYPES = ["image/png", "image/jpeg", "image/gif", "image/webp"] as const;
export type ImageType = (typeof IMAGE_TYPES)[number];

/** What the bytes are, whatever the uploader said: only the four image formats a browser shows in any case. */
export function sniffImage(b: Buffer): ImageType | null {
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return "image/png";
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return "image/jpeg";
  const head = b.subarray(0, 12).toString("latin1");
  if (head.startsWith("GIF87a") || head.startsWith("GIF89a")) return "image/gif";
  if (head.startsWith("RIFF") && head.slice(8, 12) === "WEBP") return "image/webp";
  return null;
}

export const imageUrl = (key: string) => `/help/images/${key}`;

export async function uploadImage(
  ctx: Ctx,
  actor: AgentActor,
  input: { filename: string; contentType: string | undefined; content: unknown },
) {
  const { content } = input;
  if (!Buffer.isBuffer(content) || content.length === 0)
    throw badRequest("invalid_upload", "send the image as the raw body with its Content-Type");
  if (content.length > ctx.config.attachmentMaxBytes)
    throw new ApiError(413, "payload_too_large", `files are limited to ${ctx.config.attachmentMaxBytes} bytes`);
  const declared = String(input.contentType ?? "")
    .split(";")[0]
    .trim()
    .toLowerCase();
  const type = sniffImage(content);
  if (!type || !(IMAGE_TYPES as readonly string[]).includes(declared))
    throw new ApiError(415, "unsupported_image", `an article's image is one of ${IMAGE_TYPES.join(", ")}`);
  const staged = await stageFile(ctx, content);
  return insertImage(ctx, staged, {
    workspace_id: actor.workspaceId,
    key: crypto.randomBytes(16).toString("base64url"),
    filename: safeFilename(input.filename, "image"),
    content_type: type,
    size: content.length,
    sha256: staged.sha256,
    agent_id: actor.agentId,
    created_at: Date.now(),
  });
}

/** A help-centre image of the public workspace with its content; anything else (an attachment too) is a 404. */
export async function openImage(ctx: Ctx, key: string) {
  const ws = await publicWorkspace(ctx);
  const image = await imageByKey(ctx, ws.id, key);
  if (!image) throw notFound("image");
  const file = await openStoredFile(ctx, image.sha256);
  if (!file) throw notFound("image file");
  return { image, file };
}
