import { dbOf, type Runner } from "../../db/index";

// What the workspace holds about one customer, read for their data export.

export const subjectOf = (on: Runner, workspaceId: number, customerId: number) =>
  dbOf(on)
    .selectFrom("customers as c")
    .innerJoin("workspaces as w", "w.id", "c.workspace_id")
    .leftJoin("organizations as o", "o.id", "c.organization_id")
    .select([
      "c.id",
      "c.email",
      "c.name",
      "c.phone",
      "c.language",
      "c.external_id",
      "c.created_at",
      "c.updated_at",
      "o.name as organization",
      "w.name as workspace",
    ])
    .where("c.workspace_id", "=", workspaceId)
    .where("c.id", "=", customerId)
    .executeTakeFirst();

/** All their requests, oldest first; a merged one's messages are in the request it was merged into. */
export const requestsBy = (on: Runner, workspaceId: number, customerId: number) =>
  dbOf(on)
    .selectFrom("tickets")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("requester_id", "=", customerId)
    .where("merged_into_id", "is", null)
    .orderBy("number")
    .execute();

export const surveysOf = (on: Runner, workspaceId: number, customerId: number) =>
  dbOf(on)
    .selectFrom("surveys as s")
    .leftJoin("tickets as t", "t.id", "s.ticket_id")
    .select(["s.kind", "t.number", "s.sent_at", "s.scale", "s.score", "s.comment", "s.resolved", "s.answered_at"])
    .where("s.workspace_id", "=", workspaceId)
    .where("s.customer_id", "=", customerId)
    .orderBy("s.sent_at")
    .orderBy("s.id")
    .execute();

export const praiseOf = (on: Runner, workspaceId: number, customerId: number) =>
  dbOf(on)
    .selectFrom("kudos as k")
    .leftJoin("tickets as t", "t.id", "k.ticket_id")
    .select(["t.number", "k.body", "k.created_at", "k.consent_status", "k.consent_text", "k.consent_answered_at"])
    .where("k.workspace_id", "=", workspaceId)
    .where("k.customer_id", "=", customerId)
    .orderBy("k.created_at")
    .orderBy("k.id")
    .execute();

/** Where the bytes of these files are, for the export's archive. */
export const storedFilesOf = (on: Runner, workspaceId: number, ids: number[]) =>
  dbOf(on)
    .selectFrom("attachments")
    .select(["id", "filename", "sha256"])
    .where("workspace_id", "=", workspaceId)
    .where("id", "in", ids)
    .orderBy("id")
    .execute();
