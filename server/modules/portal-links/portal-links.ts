import crypto from "node:crypto";
import type { Ctx } from "../../context";
import type { Db } from "../../db/index";
import { ApiError } from "../../http/errors";
import {
  claimPortalLink,
  customerSessionRow,
  deleteCustomerSession,
  insertCustomerSession,
  insertPortalLink,
  portalLink,
  touchPortalLink,
} from "./portal-links.queries";

// How a customer signs in to the portal: a link by email, exchanged for a session cookie. A module of its own,
// below the ones that use it: email puts links in its notifications, auth reads the session, the portal
// hands out both.

export const PORTAL_COOKIE = "sportello_portal";
const SESSION_TTL_MS = 30 * 24 * 3600_000;
/** A link asked for on the sign-in page: short-lived and single use. */
const SIGN_IN_TTL_MS = 30 * 60_000;
/** The link in every email about a request: usable for as long as the conversation is likely to last. */
const EMAIL_LINK_TTL_MS = 30 * 24 * 3600_000;

const sha256 = (s: string) => crypto.createHash("sha256").update(s).digest("hex");
const randomToken = (bytes = 32) => crypto.randomBytes(bytes).toString("base64url");

/** Creates a sign-in link for a customer; only its hash is stored. Returns the URL to put in an email. */
export async function createPortalLink(
  ctx: Ctx,
  c: { workspaceId: number; customerId: number; ticketNumber?: number | null; singleUse: boolean },
): Promise<string> {
  const token = randomToken();
  const now = Date.now();
  await insertPortalLink(ctx, {
    id: sha256(token),
    workspace_id: c.workspaceId,
    customer_id: c.customerId,
    ticket_number: c.ticketNumber ?? null,
    single_use: c.singleUse ? 1 : 0,
    expires_at: now + (c.singleUse ? SIGN_IN_TTL_MS : EMAIL_LINK_TTL_MS),
    used_at: null,
    created_at: now,
  });
  const next = c.ticketNumber ? `&next=${encodeURIComponent(`/portal/requests/${c.ticketNumber}`)}` : "";
  return `${ctx.config.publicUrl}/portal/sign-in?token=${token}${next}`;
}

/**
 * Turns a link's token into a customer session. A single-use link is claimed by a conditional update, so two
 * clicks at once cannot both succeed.
 */
export async function redeemPortalLink(ctx: Ctx, token: string) {
  const now = Date.now();
  const link = await portalLink(ctx, sha256(token));
  if (!link || link.expires_at < now || (link.single_use === 1 && link.used_at !== null)) {
    throw new ApiError(410, "link_expired", "This sign-in link has expired or was already used: ask for a new one");
  }
  if (link.single_use === 1) {
    if (!(await claimPortalLink(ctx, link.id, now)))
      throw new ApiError(410, "link_expired", "This sign-in link was already used: ask for a new one");
  } else {
    await touchPortalLink(ctx, link.id, now);
  }
  const session = randomToken();
  const csrf = randomToken(24);
  await insertCustomerSession(ctx, {
    id: sha256(session),
    workspace_id: link.workspace_id,
    customer_id: link.customer_id,
    csrf_token: csrf,
    created_at: now,
    expires_at: now + SESSION_TTL_MS,
  });
  return {
    session,
    csrf,
    customerId: link.customer_id,
    ticketNumber: link.ticket_number,
    maxAgeSeconds: SESSION_TTL_MS / 1000,
  };
}

/** The live session of a portal cookie, or null. */
export async function customerSession(db: Db, cookie: string) {
  const row = await customerSessionRow(db, sha256(cookie));
  return row && row.expires_at > Date.now() ? row : null;
}

export async function endCustomerSession(ctx: Ctx, cookie: string | undefined) {
  if (cookie) await deleteCustomerSession(ctx, sha256(cookie));
}
