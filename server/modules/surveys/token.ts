import { timingSafeEqual } from "node:crypto";
import type { Secrets } from "../../lib/secrets";

// A survey's link: /s/<token>. The token carries the survey's id and its expiry, signed with the workspace's
// secret key (HMAC, a key derived for this purpose alone): it cannot be forged or moved to another survey, it
// stops working at its expiry, and it says nothing about the ticket or the customer.

const PURPOSE = "survey-link";
const MAC_BYTES = 16;

export function signSurveyToken(secrets: Secrets, surveyId: number, expiresAt: number): string {
  const body = `${surveyId.toString(36)}.${Math.floor(expiresAt / 1000).toString(36)}`;
  return `${body}.${secrets.mac(PURPOSE, body).subarray(0, MAC_BYTES).toString("base64url")}`;
}

export type TokenCheck =
  { ok: true; surveyId: number; expiresAt: number } | { ok: false; reason: "invalid" | "expired" };

export function verifySurveyToken(secrets: Secrets, token: string, now = Date.now()): TokenCheck {
  const m = /^([0-9a-z]{1,12})\.([0-9a-z]{1,10})\.([A-Za-z0-9_-]{22})$/.exec(token);
  if (!m) return { ok: false, reason: "invalid" };
  const expected = secrets.mac(PURPOSE, `${m[1]}.${m[2]}`).subarray(0, MAC_BYTES);
  const given = Buffer.from(m[3], "base64url");
  // 22 characters carry 132 bits for 16 bytes: the last one's 4 spare bits are ignored when decoding, so 16 spellings
  // decode to the same MAC. Only the one the server writes is a link: a changed character never passes.
  if (given.toString("base64url") !== m[3]) return { ok: false, reason: "invalid" };
  // timingSafeEqual needs equal lengths: 22 base64url characters are always 16 bytes.
  if (given.length !== MAC_BYTES || !timingSafeEqual(given, expected)) return { ok: false, reason: "invalid" };
  const expiresAt = parseInt(m[2], 36) * 1000;
  if (expiresAt <= now) return { ok: false, reason: "expired" };
  return { ok: true, surveyId: parseInt(m[1], 36), expiresAt };
}
