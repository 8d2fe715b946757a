import helmet from "@fastify/helmet";
import type { FastifyInstance, FastifyReply } from "fastify";

/**
 * Security headers on every answer (helmet): a Content-Security-Policy without inline script (the pages load
 * their scripts from /assets; /api/docs from /api/docs.js), nosniff, a strict Referrer-Policy, and no framing,
 * except the public web form's page, which the origins an admin lists may frame (formFrameHeaders).
 * Styles may be inline: the web form's page carries its styles in a <style> so that it shows before its script.
 */
const DIRECTIVES = {
  "default-src": ["'self'"],
  "script-src": ["'self'"],
  "style-src": ["'self'", "'unsafe-inline'"],
  "img-src": ["'self'", "data:", "blob:"],
  "font-src": ["'self'", "data:"],
  // 'self' covers the websocket of the same host and port (ws: and wss:) in CSP level 3.
  "connect-src": ["'self'"],
  "object-src": ["'none'"],
  "base-uri": ["'self'"],
  "form-action": ["'self'"],
  "frame-ancestors": ["'none'"],
};

const policy = (frameAncestors: string[]) =>
  Object.entries({ ...DIRECTIVES, "frame-ancestors": frameAncestors })
    .map(([k, v]) => `${k} ${v.join(" ")}`)
    .join("; ");

export async function installSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: Object.fromEntries(Object.entries(DIRECTIVES).map(([k, v]) => [k, v])),
    },
    referrerPolicy: { policy: "strict-origin-when-cross-origin" },
    frameguard: { action: "deny" },
    // embed.js is loaded by other sites' pages: web.ts lets that one file be read cross-origin.
    crossOriginResourcePolicy: { policy: "same-origin" },
    // HSTS only means something over HTTPS, which the reverse proxy terminates: it sends its own.
    strictTransportSecurity: false,
  });
}

/** The web form's page: framed by the listed origins only (none listed: by nobody), in CSP and X-Frame-Options. */
export function formFrameHeaders(reply: FastifyReply, origins: string[]): FastifyReply {
  reply.raw.removeHeader("x-frame-options");
  if (!origins.length) reply.header("x-frame-options", "DENY");
  return reply.header("content-security-policy", policy(origins.length ? origins : ["'none'"]));
}
