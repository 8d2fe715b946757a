import type { Insertable } from "kysely";
import type { Ctx } from "../../context";
import type { AttachmentTable } from "../../db/schema";

export const insertAttachment = (ctx: Ctx, row: Insertable<AttachmentTable>) =>
  ctx.db
    .insertInto("attachments")
    .values(row)
    .returning(["id", "filename", "content_type", "size"])
    .executeTakeFirstOrThrow();

export const findAttachment = (ctx: Ctx, workspaceId: number, id: number) =>
  ctx.db
    .selectFrom("attachments")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();
