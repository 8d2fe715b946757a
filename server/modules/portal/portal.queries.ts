import type { Insertable } from "kysely";
import type { Ctx } from "../../context";
import type { DbOrTrx } from "../../db/index";
import type { AttachmentTable } from "../../db/schema";
import { clocksFor } from "../sla/clocks";

// Queries behind the customer portal and the public web form. No rules here: who may see what is decided in
// portal.read.ts.

/** One installation serves one workspace to the public; the first one. */
export const firstWorkspace = (ctx: Ctx) =>
  ctx.db.selectFrom("workspaces").select(["id", "name"]).orderBy("id").executeTakeFirstOrThrow();

/** The origins allowed to frame the public web form (workspace setting form_frame_origins). */
export const formFrameOriginsOf = async (ctx: Ctx, workspaceId: number) =>
  JSON.parse(
    (
      await ctx.db
        .selectFrom("workspaces")
        .select("form_frame_origins")
        .where("id", "=", workspaceId)
        .executeTakeFirstOrThrow()
    ).form_frame_origins,
  ) as string[];

export const reopenDays = async (ctx: Ctx, workspaceId: number) =>
  (
    await ctx.db
      .selectFrom("workspaces")
      .select("portal_reopen_days")
      .where("id", "=", workspaceId)
      .executeTakeFirstOrThrow()
  ).portal_reopen_days;

export const customerProfile = (ctx: Ctx, customerId: number) =>
  ctx.db
    .selectFrom("customers")
    .select(["name", "email", "language"])
    .where("id", "=", customerId)
    .executeTakeFirstOrThrow();

export const workspaceProfile = (ctx: Ctx, workspaceId: number) =>
  ctx.db
    .selectFrom("workspaces")
    .select(["name", "default_language"])
    .where("id", "=", workspaceId)
    .executeTakeFirstOrThrow();

/** The customer, with whether their organization shares requests among its members. */
export const customerWithOrganization = (ctx: Ctx, workspaceId: number, customerId: number) =>
  ctx.db
    .selectFrom("customers")
    .leftJoin("organizations", "organizations.id", "customers.organization_id")
    .select(["customers.id", "customers.organization_id", "organizations.portal_shared"])
    .where("customers.id", "=", customerId)
    .where("customers.workspace_id", "=", workspaceId)
    .executeTakeFirst();

export const organizationMemberIds = async (ctx: Ctx, workspaceId: number, organizationId: number) =>
  (
    await ctx.db
      .selectFrom("customers")
      .select("id")
      .where("workspace_id", "=", workspaceId)
      .where("organization_id", "=", organizationId)
      .execute()
  ).map((c) => c.id);

export const ticketOfRequesters = (ctx: Ctx, workspaceId: number, number: number, requesterIds: number[]) =>
  ctx.db
    .selectFrom("tickets")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("number", "=", number)
    .where("requester_id", "in", requesterIds)
    .executeTakeFirst();

/** The latest 200 requests of these requesters, merged ones left out. */
export const requestsOf = (ctx: Ctx, workspaceId: number, requesterIds: number[]) =>
  ctx.db
    .selectFrom("tickets")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("requester_id", "in", requesterIds)
    .where("merged_into_id", "is", null)
    .orderBy("updated_at", "desc")
    .limit(200)
    .execute();

export const agentNames = (ctx: Ctx, ids: number[]) =>
  ctx.db.selectFrom("agents").select(["id", "name"]).where("id", "in", ids).execute();

export const customerNames = (ctx: Ctx, ids: number[]) =>
  ctx.db.selectFrom("customers").select(["id", "name", "email"]).where("id", "in", ids).execute();

/** The SLA clocks of these tickets, by ticket. */
export const ticketClocks = (ctx: Ctx, ticketIds: number[]) => clocksFor(ctx.db, ticketIds);

export const publicMessages = (ctx: Ctx, ticketId: number) =>
  ctx.db
    .selectFrom("messages")
    .selectAll()
    .where("ticket_id", "=", ticketId)
    .where("internal", "=", 0)
    .orderBy("id")
    .execute();

export const attachmentsOfMessages = (ctx: Ctx, messageIds: number[]) =>
  ctx.db
    .selectFrom("attachments")
    .select(["id", "message_id", "filename", "content_type", "size"])
    .where("message_id", "in", messageIds)
    .execute();

export const statusChanges = (ctx: Ctx, ticketId: number) =>
  ctx.db
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
export const attachmentWithTicket = (ctx: Ctx, workspaceId: number, id: number) =>
  ctx.db
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

export const setCustomerLanguage = (db: DbOrTrx, customerId: number, language: string) =>
  db.updateTable("customers").set({ language }).where("id", "=", customerId).execute();

/** The customer a sign-in link is asked for, with what its email needs from the workspace. */
export const customerForSignIn = (ctx: Ctx, workspaceId: number, email: string) =>
  ctx.db
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
