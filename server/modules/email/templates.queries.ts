import { dbOf, type Runner } from "../../db/index";
import type { MailTemplateKind } from "../../../shared/templates";

// Queries behind notification templates and the emails rendered from them. No rules here.

export const storedTemplates = (on: Runner, workspaceId: number) =>
  dbOf(on)
    .selectFrom("mail_templates")
    .select(["kind", "language", "subject", "body", "updated_at"])
    .where("workspace_id", "=", workspaceId)
    .execute();

export const storedTemplate = (on: Runner, workspaceId: number, kind: MailTemplateKind, language: "it" | "en") =>
  dbOf(on)
    .selectFrom("mail_templates")
    .select(["subject", "body", "updated_at"])
    .where("workspace_id", "=", workspaceId)
    .where("kind", "=", kind)
    .where("language", "=", language)
    .executeTakeFirst();

export async function upsertTemplate(
  on: Runner,
  row: {
    workspace_id: number;
    kind: MailTemplateKind;
    language: "it" | "en";
    subject: string;
    body: string;
    updated_by: number | null;
    updated_at: number;
  },
) {
  const db = dbOf(on);
  await db
    .insertInto("mail_templates")
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(["workspace_id", "kind", "language"])
        .doUpdateSet({ subject: row.subject, body: row.body, updated_by: row.updated_by, updated_at: row.updated_at }),
    )
    .execute();
}

export const deleteTemplate = (on: Runner, workspaceId: number, kind: MailTemplateKind, language: "it" | "en") =>
  dbOf(on)
    .deleteFrom("mail_templates")
    .where("workspace_id", "=", workspaceId)
    .where("kind", "=", kind)
    .where("language", "=", language)
    .execute();

/** What an email about a ticket needs to know about it, its requester and its workspace. */
export const ticketForMail = (on: Runner, ticketId: number) =>
  dbOf(on)
    .selectFrom("tickets")
    .innerJoin("customers", "customers.id", "tickets.requester_id")
    .innerJoin("workspaces", "workspaces.id", "tickets.workspace_id")
    .select([
      "tickets.id",
      "tickets.workspace_id",
      "tickets.number",
      "tickets.subject",
      "tickets.status",
      "tickets.channel",
      "tickets.team_id",
      "tickets.assignee_id",
      "tickets.requester_id",
      "tickets.merged_into_id",
      "tickets.first_response_at",
      "customers.email",
      "customers.name",
      "customers.language",
      "workspaces.default_language",
      "workspaces.name as workspace",
      "workspaces.timezone",
    ])
    .where("tickets.id", "=", ticketId)
    .executeTakeFirst();
export type TicketForMail = NonNullable<Awaited<ReturnType<typeof ticketForMail>>>;

/** The team's mailbox, else the workspace's first one. */
export async function mailboxForTeam(on: Runner, workspaceId: number, teamId: number | null) {
  const db = dbOf(on);
  const q = db
    .selectFrom("mailboxes")
    .select(["id", "address", "display_name"])
    .where("workspace_id", "=", workspaceId);
  return (await q.where("team_id", "=", teamId ?? -1).executeTakeFirst()) ?? (await q.orderBy("id").executeTakeFirst());
}

export const workspaceNameAndZone = (on: Runner, workspaceId: number) =>
  dbOf(on)
    .selectFrom("workspaces")
    .select(["name", "timezone"])
    .where("id", "=", workspaceId)
    .executeTakeFirstOrThrow();

export const firstMailbox = (on: Runner, workspaceId: number) =>
  dbOf(on)
    .selectFrom("mailboxes")
    .select(["id", "address", "display_name"])
    .where("workspace_id", "=", workspaceId)
    .orderBy("id")
    .executeTakeFirst();

export const agentName = async (on: Runner, agentId: number | null) =>
  agentId == null
    ? null
    : ((await dbOf(on).selectFrom("agents").select("name").where("id", "=", agentId).executeTakeFirst())?.name ?? null);

/** The email that opened the ticket, if it arrived by email. */
export const firstInboundEmail = (on: Runner, ticketId: number) =>
  dbOf(on)
    .selectFrom("email_messages")
    .select(["flags", "header_message_id", "mailbox_id"])
    .where("ticket_id", "=", ticketId)
    .where("direction", "=", "in")
    .orderBy("id")
    .executeTakeFirst();

/** Every Message-ID of the ticket's email thread, oldest first, for In-Reply-To and References. */
export const threadOf = (on: Runner, ticketId: number) =>
  dbOf(on)
    .selectFrom("email_messages")
    .select(["header_message_id", "direction"])
    .where("ticket_id", "=", ticketId)
    .orderBy("id")
    .execute();

export const outboxRowForEvent = (on: Runner, eventId: number, kind: "waiting" | "solved") =>
  dbOf(on)
    .selectFrom("mail_outbox")
    .select(["id", "status", "attempts", "created_at"])
    .where("event_id", "=", eventId)
    .where("kind", "=", kind)
    .executeTakeFirst();

/** Acknowledgements written to one address since a time (the web form's per-recipient limit). */
export const acknowledgementsTo = async (on: Runner, workspaceId: number, address: string, since: number) =>
  Number(
    (
      await dbOf(on)
        .selectFrom("mail_outbox")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("workspace_id", "=", workspaceId)
        .where("to_address", "=", address)
        .where("created_at", ">", since)
        .where("kind", "=", "notification")
        .executeTakeFirstOrThrow()
    ).n,
  );
