import crypto from "node:crypto";
import { tx, type Ctx } from "../../context";
import { badRequest } from "../../http/errors";
import { hashPassword } from "../auth/auth.service";
import { assertStrongPassword } from "../auth/password-strength";
import { agentById, agentForReset, insertResetMail, mailboxOf, resetsSince, setPassword } from "./reset.queries";

// Password reset by email. The link carries a token sealed with the server's secret key (AES-256-GCM: nobody
// can make or change one), which names the agent, expires after an hour, and holds a fingerprint of the password
// it replaces: once used (or once the password changes otherwise) it no longer opens. Nothing is stored.
// Asking never says whether the address belongs to an agent, and an address gets a few emails an hour at most.

const TTL_MS = 60 * 60_000;
const PER_HOUR = 3;
const fingerprint = (hash: string | null) =>
  crypto
    .createHash("sha256")
    .update(hash ?? "none")
    .digest("base64url")
    .slice(0, 16);

const TEXTS = {
  it: {
    subject: "Reimposta la password di Sportello",
    body: (name: string, link: string) =>
      `Ciao ${name},\n\nqualcuno (speriamo tu) ha chiesto di reimpostare la tua password di Sportello.\nApri questo link entro un'ora per sceglierne una nuova:\n\n${link}\n\nSe non sei stato tu, ignora questa email: la password resta quella di prima.\n`,
  },
  en: {
    subject: "Reset your Sportello password",
    body: (name: string, link: string) =>
      `Hello ${name},\n\nsomeone (hopefully you) asked to reset your Sportello password.\nOpen this link within an hour to choose a new one:\n\n${link}\n\nIf it was not you, ignore this email: your password stays as it was.\n`,
  },
};

export function resetToken(ctx: Ctx, agent: { id: number; password_hash: string | null }, now = Date.now()): string {
  const sealed = ctx.secrets.seal(
    JSON.stringify({ a: agent.id, e: now + TTL_MS, f: fingerprint(agent.password_hash) }),
  );
  return Buffer.from(sealed).toString("base64url");
}

/** Emails a reset link when the address is an active agent's (and it had fewer than three this hour). */
export async function requestReset(ctx: Ctx, email: string): Promise<void> {
  const agent = await agentForReset(ctx, email);
  if (!agent) return;
  if ((await resetsSince(ctx, agent.email, Date.now() - 3_600_000)) >= PER_HOUR) {
    ctx.log.info({ agent: agent.id }, "password reset not sent: the address had enough this hour");
    return;
  }
  const mailbox = await mailboxOf(ctx, agent.workspace_id);
  const lang = (JSON.parse(agent.languages) as string[])[0] === "en" ? "en" : "it";
  const link = `${ctx.config.publicUrl}/reset-password?token=${resetToken(ctx, agent)}`;
  const from = mailbox?.address ?? `no-reply@${new URL(ctx.config.publicUrl).hostname}`;
  const status = ctx.config.smtpRelayUrl ? "queued" : "captured";
  const id = await tx(ctx, null, (uow) =>
    insertResetMail(uow.trx, {
      workspace_id: agent.workspace_id,
      to_address: agent.email,
      from_address: from,
      subject: TEXTS[lang].subject,
      body_text: TEXTS[lang].body(agent.name, link),
      header_message_id: `<sp.reset.${crypto.randomBytes(6).toString("hex")}@sportello>`,
      status,
    }),
  );
  if (status === "queued") await ctx.jobs.enqueue("mail.send", { mail_id: id }, { jobId: `mail-${id}`, attempts: 8 });
}

const invalid = () =>
  badRequest("invalid_reset_token", "the reset link is invalid, used or expired: ask for a new one");

/** Sets the new password (zxcvbn-checked) if the token is good; every session of the agent ends. */
export async function confirmReset(ctx: Ctx, token: string, password: string): Promise<void> {
  let claim: { a: number; e: number; f: string };
  try {
    const sealed = Buffer.from(token, "base64url").toString();
    if (!ctx.secrets.isSealed(sealed)) throw invalid();
    claim = JSON.parse(ctx.secrets.open(sealed)) as typeof claim;
  } catch {
    throw invalid();
  }
  if (typeof claim.a !== "number" || typeof claim.e !== "number" || claim.e < Date.now()) throw invalid();
  const agent = await agentById(ctx, claim.a);
  if (!agent || agent.active !== 1 || fingerprint(agent.password_hash) !== claim.f) throw invalid();
  await assertStrongPassword(password, [agent.email, agent.name]);
  const hash = await hashPassword(password);
  await tx(ctx, null, (uow) => setPassword(uow.trx, agent.id, hash));
}
