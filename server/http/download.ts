import type { FastifyReply } from "fastify";

/**
 * Types a browser would run or render as a page in our origin (scripts, HTML, SVG, XML with its stylesheets):
 * they go out as application/octet-stream, whatever the uploader or the sender said.
 */
const ACTIVE_TYPES = new Set([
  "text/html",
  "application/xhtml+xml",
  "image/svg+xml",
  "text/javascript",
  "application/javascript",
  "application/x-javascript",
  "text/ecmascript",
  "application/ecmascript",
  "text/xml",
  "application/xml",
  "text/xsl",
  "application/xslt+xml",
  "text/vtt",
  "application/x-shockwave-flash",
  "multipart/x-mixed-replace",
]);
const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/;

/** The Content-Type a stored file is served with. */
export function downloadType(stored: string): string {
  const type = stored.split(";")[0].trim().toLowerCase();
  if (!MEDIA_TYPE.test(type) || ACTIVE_TYPES.has(type) || type.endsWith("+xml")) return "application/octet-stream";
  return type;
}

/**
 * Sends a stored file as a download that never runs in our origin: as an attachment, active types as
 * application/octet-stream, with `nosniff`, and a CSP that sandboxes it should a browser open it anyway.
 */
export function sendDownload(
  reply: FastifyReply,
  file: { contentType: string; filename: string; body: unknown },
): FastifyReply {
  return reply
    .header("content-type", downloadType(file.contentType))
    .header("content-disposition", `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
    .header("x-content-type-options", "nosniff")
    .header("content-security-policy", "default-src 'none'; sandbox")
    .send(file.body);
}
