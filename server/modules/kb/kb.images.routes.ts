import { z } from "zod";
import { ZKbImage } from "../../../shared/api/index";
import { downloadType } from "../../http/download";
import { route } from "../../http/route";
import { imageUrl, openImage, uploadImage } from "./kb.images";

// Images in articles: uploaded by agents (kbImageRoutes, in the API), served to anybody (kbImagePages: the public
// help centre, the editor's preview).

export const kbImageRoutes = [
  route({
    tag: "kb",
    access: "agent",
    policy: "kb.write",
    method: "POST",
    url: "/api/v1/kb/images",
    status: 201,
    summary:
      "Upload an image for articles as the raw request body (?filename=…; PNG, JPEG, GIF or WebP up to ATTACHMENT_MAX_BYTES, else 415 or 413); its url is public",
    query: z.object({ filename: z.string().trim().min(1).max(255) }),
    response: ZKbImage,
    handler: async ({ ctx, actor, query, req }) => {
      const img = await uploadImage(ctx, actor, {
        filename: query.filename,
        contentType: req.headers["content-type"],
        content: req.body,
      });
      return {
        id: img.id,
        filename: img.filename,
        content_type: img.content_type,
        size: img.size,
        url: imageUrl(img.key),
      };
    },
  }),
];

/** Served beside the help centre's pages (not part of the API's description). */
export const kbImagePages = [
  route({
    tag: "help",
    access: "public",
    policy: null,
    method: "GET",
    url: "/help/images/:key",
    summary: "An image uploaded into articles (only those; never an attachment), cached for a year",
    params: z.object({ key: z.string().max(100) }),
    handler: async ({ ctx, params, reply }) => {
      const { image, file } = await openImage(ctx, params.key);
      // The key's content never changes. Cross-origin: the editor's preview is a sandboxed frame (an opaque origin).
      return reply
        .header("content-type", downloadType(image.content_type))
        .header("content-disposition", `inline; filename*=UTF-8''${encodeURIComponent(image.filename)}`)
        .header("x-content-type-options", "nosniff")
        .header("content-security-policy", "default-src 'none'; sandbox")
        .header("cross-origin-resource-policy", "cross-origin")
        .header("cache-control", "public, max-age=31536000, immutable")
        .header("etag", `"${image.sha256}"`)
        .send(file);
    },
  }),
];
