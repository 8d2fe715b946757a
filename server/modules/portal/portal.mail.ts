import crypto from "node:crypto";
import type { Ctx } from "../../context";
import { newOutboxMail } from "../../db/mail-outbox";
import { MAIL_MAX_ATTEMPTS, newMailStatus } from "../email/outbound";
import { insertOutboxMail } from "../email/outbound.queries";
import { firstMailbox } from "../email/templates.queries";
import { createPortalLink } from "../portal-links/portal-links";
import { signInLinksSince } from "../portal-links/portal-links.queries";
import { customerForSignIn } from "./portal.queries";

type Lang = "it" | "en";

const TEXTS = {
  it: {
    subject: "Il tuo link per seguire le richieste",
    body: (name: string, url: string, team: string) =>
      [
        `Ciao ${name},`,
        "",
        "ecco il link per vedere le tue richieste e rispondere. Vale 30 minuti e si può usare una volta sola:",
        "",
        url,
        "",
        "Se non l'hai chiesto tu, ignora questa email.",
        "",
        team,
      ].join("\n"),
  },
  en: {
    subject: "Your link to follow your requests",
    body: (name: string, url: string, team: string) =>
      [
        `Hello ${name},`,
        "",
        "here is the link to see your requests and reply to them. It works for 30 minutes and only once:",
        "",
        url,
        "",
        "If you did not ask for it, ignore this email.",
        "",
        team,
      ].join("\n"),
  },
} as const;

export const languageOf = (customer: string | null, workspace: string): Lang =>
  customer === "en" || customer === "it" ? customer : workspace === "en" ? "en" : "it";

/**
 * Sends a single-use sign-in link through the durable mail outbox. Silent when the address is not a customer
 * (the answer to the caller is the same either way) or when three links were asked for in the last quarter hour.
 */
export async function queueSignInLink(ctx: Ctx, workspaceId: number, email: string): Promise<void> {
  const c = await customerForSignIn(ctx, workspaceId, email);
  if (!c) return;
  if ((await signInLinksSince(ctx, c.id, Date.now() - 15 * 60_000)) >= 3) {
    ctx.log.warn({ customer_id: c.id }, "portal sign-in link not sent: three already asked for in 15 minutes");
    return;
  }
  const mailbox = await firstMailbox(ctx, workspaceId);
  const address = mailbox?.address ?? c.support_address ?? `no-reply@${new URL(ctx.config.publicUrl).hostname}`;
  const team = mailbox?.display_name ?? c.workspace;
  const lang = languageOf(c.language, c.default_language);
  const url = await createPortalLink(ctx, { workspaceId, customerId: c.id, singleUse: true });
  const row = await insertOutboxMail(
    ctx,
    newOutboxMail({
      workspace_id: workspaceId,
      kind: "portal_link",
      to_address: c.email,
      from_address: `"${team.replace(/"/g, "")}" <${address}>`,
      reply_to: address,
      subject: TEXTS[lang].subject,
      header_message_id: `<sp.link.${crypto.randomBytes(8).toString("hex")}@${address.split("@")[1] ?? "localhost"}>`,
      body_text: TEXTS[lang].body(c.name ?? c.email, url, team),
      status: newMailStatus(ctx),
    }),
  );
  if (newMailStatus(ctx) === "queued")
    await ctx.jobs.enqueue(
      "mail.send",
      { mail_id: row.id, request_id: null },
      { jobId: `mail-${row.id}`, attempts: MAIL_MAX_ATTEMPTS },
    );
}
