import { dbOf, type Runner } from "../../db/index";
import type { Insertable } from "kysely";
import type { DbOrTrx } from "../../db/index";
import type { AttachmentTable } from "../../db/schema";
import { clocksFor } from "../sla/clocks";

// Queries behind the customer portal and the public web form. No rules here: who may see what is decided in
// portal.read.ts.

/** One installation serves one workspace to the public; the first one. */
export const firstWorkspace = (on: Runner) =>
  dbOf(on).selectFrom("workspaces").select(["id", "name"]).orderBy("id").executeTakeFirstOrThrow();

/** The origins allowed to frame the public web form (workspace setting form_frame_origins). */
export const formFrameOriginsOf = async (on: Runner, workspaceId: number) =>
  JSON.parse(
    (
      await dbOf(on)
        .selectFrom("workspaces")
        .select("form_frame_origins")
        .where("id", "=", workspaceId)
        .executeTakeFirstOrThrow()
    ).form_frame_origins,
  ) as string[];

export const reopenDays = async (on: Runner, workspaceId: number) =>
  (
    await dbOf(on)
      .selectFrom("workspaces")
      .select("portal_reopen_days")
      .where("id", "=", workspaceId)
      .executeTakeFirstOrThrow()
  ).portal_reopen_days;

export const customerProfile = (on: Runner, customerId: number) =>
  dbOf(on)
    .selectFrom("customers")
    .select(["name", "email", "language"])
    .where("id", "=", customerId)
    .executeTakeFirstOrThrow();

export const workspaceProfile = (on: Runner, workspaceId: number) =>
  dbOf(on)
    .selectFrom("workspaces")
    .select(["name", "default_language"])
    .where("id", "=", workspaceId)
    .executeTakeFirstOrThrow();

/** The customer, with whether their organization shares requests among its members. */
export const customerWithOrganization = (on: Runner, workspaceId: number, customerId: number) =>
  dbOf(on)
    .selectFrom("customers")
    .leftJoin("organizations", "organizations.id", "customers.organization_id")
    .select(["customers.id", "customers.organization_id", "organizations.portal_shared"])
    .where("customers.id", "=", customerId)
    .where("customers.workspace_id", "=", workspaceId)
    .executeTakeFirst();

export const organizationMemberIds = async (on: Runner, workspaceId: number, organizationId: number) =>
  (
    await dbOf(on)
      .selectFrom("customers")
      .select("id")
      .where("workspace_id", "=", workspaceId)
      .where("organization_id", "=", organizationId)
      .execute()
  ).map((c) => c.id);

export const ticketOfRequesters = (on: Runner, workspaceId: number, number: number, requesterIds: number[]) =>
  dbOf(on)
    .selectFrom("tickets")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("number", "=", number)
    .where("requester_id", "in", requesterIds)
    .executeTakeFirst();

/** The latest 200 requests of these requesters, merged ones left out. */
export const requestsOf = (on: Runner, workspaceId: number, requesterIds: number[]) =>
  dbOf(on)
    .selectFrom("tickets")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("requester_id", "in", requesterIds)
    .where("merged_into_id", "is", null)
    .orderBy("updated_at", "desc")
    .limit(200)
    .execute();

export const agentNames = (on: Runner, ids: number[]) =>
  dbOf(on).selectFrom("agents").select(["id", "name"]).where("id", "in", ids).execute();

export const customerNames = (on: Runner, ids: number[]) =>
  dbOf(on).selectFrom("customers").select(["id", "name", "email"]).where("id", "in", ids).execute();

/** The SLA clocks of these tickets, by ticket. */
export const ticketClocks = (on: Runner, ticketIds: number[]) => clocksFor(dbOf(on), ticketIds);

export const publicMessages = (on: Runner, ticketId: number) =>
  dbOf(on)
    .selectFrom("messages")
    .selectAll()
    .where("ticket_id", "=", ticketId)
    .where("internal", "=", 0)
    .orderBy("id")
    .execute();

export const attachmentsOfMessages = (on: Runner, messageIds: number[]) =>
  dbOf(on)
    .selectFrom("attachments")
    .select(["id", "message_id", "filename", "content_type", "size"])
    .where("message_id", "in", messageIds)
    .execute();

export const statusChanges = (on: Runner, ticketId: number) =>
  dbOf(on)
    .selectFrom("ticket_events")
    .select(["id", "data", "created_at"])
    .where("ticket_id", "=", ticketId)
    .where("type", "=", "status_changed")
    .orderBy("id")
    .execute();

/** A file uploaded for a reply to come (on no message yet). */
/** A file of the web form, inside its transaction; its id. */
export const insertFormAttachment = async (trx: DbOrTrx, row: Insertable<AttachmentTable>) =>
  (await trx.insertInto("attachments").values(row).returning("id").executeTakeFirstOrThrow()).id;

/** A file with the message and request it belongs to. */
export const attachmentWithTicket = (on: Runner, workspaceId: number, id: number) =>
  dbOf(on)
    .selectFrom("attachments")
    .innerJoin("messages", "messages.id", "attachments.message_id")
    .innerJoin("tickets", "tickets.id", "messages.ticket_id")
    .select([
      "attachments.filename",
      "attachments.content_type",
      "attachments.sha256",
      "tickets.number",
      "messages.internal",
    ])
    .where("attachments.id", "=", id)
    .where("attachments.workspace_id", "=", workspaceId)
    .executeTakeFirst();

/** The customer a sign-in link is asked for, with what its email needs from the workspace. */
export const customerForSignIn = (on: Runner, workspaceId: number, email: string) =>
  dbOf(on)
    .selectFrom("customers")
    .innerJoin("workspaces", "workspaces.id", "customers.workspace_id")
    .select([
      "customers.id",
      "customers.name",
      "customers.email",
      "customers.language",
      "workspaces.default_language",
      "workspaces.name as workspace",
      "workspaces.support_address",
    ])
    .where("customers.workspace_id", "=", workspaceId)
    .where("customers.email", "=", email)
    .executeTakeFirst();
