import { sql } from "kysely";
import { dbOf, type Runner } from "../../db/index";
import type { Insertable } from "kysely";
import type { Ctx } from "../../context";
import type { AttachmentTable } from "../../db/schema";
import type { StagedFile } from "./attachments.store";

/** A small file's content in stored_files, created or touched (created_at = at); a large one is on disk already. */
export async function touchStoredFile(on: Runner, file: StagedFile, at: number): Promise<void> {
  if (!file.content) return;
  await dbOf(on)
    .insertInto("stored_files")
    .values({ sha256: file.sha256, content: file.content, created_at: at })
    .onConflict((oc) => oc.column("sha256").doUpdateSet({ created_at: at }))
    .execute();
}

/**
 * An upload and its content, in one transaction. A small file's row in stored_files is touched (created_at), so
 * the sweep, which removes only content older than the uploads it expired, never takes it away meanwhile.
 */
export const insertUpload = (on: Runner, file: StagedFile, row: Insertable<AttachmentTable>) =>
  dbOf(on)
    .transaction()
    .execute(async (trx) => {
      await touchStoredFile(trx, file, row.created_at);
      return trx
        .insertInto("attachments")
        .values(row)
        .returning(["id", "filename", "content_type", "size"])
        .executeTakeFirstOrThrow();
    });

export const findAttachment = (on: Runner, workspaceId: number, id: number) =>
  dbOf(on)
    .selectFrom("attachments")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();

/** How many uploads not yet attached, made since `since`, one uploader (session, agent or address) holds. */
export const countUnattached = async (
  on: Runner,
  by: { column: "uploader_session" | "uploader_agent_id" | "uploader_ip"; value: string | number },
  since: number,
) =>
  Number(
    (
      await dbOf(on)
        .selectFrom("attachments")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("message_id", "is", null)
        .where(by.column, "=", by.value)
        .where("created_at", ">", since)
        .executeTakeFirstOrThrow()
    ).n,
  );

/** Removes uploads no message claimed before `before`; the hashes of their files. */
export const deleteUnattached = async (on: Runner, before: number) =>
  (
    await dbOf(on)
      .deleteFrom("attachments")
      .where("message_id", "is", null)
      .where("created_at", "<", before)
      .returning("sha256")
      .execute()
  ).map((r) => r.sha256);

/** Which of these files are the original of an email (read once per sweep, outside its write). */
export const emailOriginals = async (ctx: Ctx, sha256s: string[]) =>
  (
    await ctx.reader
      .selectFrom("email_messages")
      .select("raw_sha256")
      .distinct()
      .where("raw_sha256", "in", sha256s)
      .execute()
  ).map((r) => r.raw_sha256);

/**
 * Removes the content kept in the database of these files when no attachment references it any more and nobody
 * stored it again since `before` (an upload of the same bytes touches created_at in its transaction).
 */
export const deleteUnreferencedFiles = async (on: Runner, sha256s: string[], before: number) =>
  Number(
    (
      await dbOf(on)
        .deleteFrom("stored_files")
        .where("sha256", "in", sha256s)
        .where("created_at", "<", before)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom("attachments")
                .select("attachments.sha256")
                .whereRef("attachments.sha256", "=", "stored_files.sha256")
                // The same bytes may also be a knowledge-base image or a workspace's logo.
                .union(
                  selectFrom("kb_images")
                    .select("kb_images.sha256")
                    .whereRef("kb_images.sha256", "=", "stored_files.sha256"),
                )
                .union(
                  selectFrom("workspaces")
                    .select(sql<string>`workspaces.logo_sha256`.as("sha256"))
                    .whereRef("workspaces.logo_sha256", "=", "stored_files.sha256"),
                ),
            ),
          ),
        )
        .executeTakeFirst()
    ).numDeletedRows,
  );

/** Which of these files an attachment (of any workspace), an email's original, a knowledge-base image or a logo still references. */
export const referencedFiles = async (on: Runner, sha256s: string[]) =>
  new Set(
    (
      await dbOf(on)
        .selectFrom("attachments")
        .select("sha256")
        .where("sha256", "in", sha256s)
        .union(dbOf(on).selectFrom("email_messages").select("raw_sha256 as sha256").where("raw_sha256", "in", sha256s))
        .union(dbOf(on).selectFrom("kb_images").select("sha256").where("sha256", "in", sha256s))
        .union(
          dbOf(on)
            .selectFrom("workspaces")
            .select(sql<string>`logo_sha256`.as("sha256"))
            .where("logo_sha256", "in", sha256s),
        )
        .execute()
    ).map((r) => r.sha256),
  );
