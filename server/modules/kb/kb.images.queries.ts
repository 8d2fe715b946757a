import type { Insertable } from "kysely";
import { dbOf, type Runner } from "../../db/index";
import type { KbImageTable } from "../../db/schema";
import type { StagedFile } from "../attachments/attachments.store";
import { touchStoredFile } from "../attachments/attachments.queries";

// The SQL of images uploaded into articles (kb.images.ts decides).

/**
 * An image and its content, in one transaction. A small file's row in stored_files is touched (created_at), as
 * an attachment upload does, so the uploads' sweep never takes away content stored again meanwhile.
 */
export const insertImage = (on: Runner, file: StagedFile, row: Insertable<KbImageTable>) =>
  dbOf(on)
    .transaction()
    .execute(async (trx) => {
      await touchStoredFile(trx, file, row.created_at);
      return trx.insertInto("kb_images").values(row).returningAll().executeTakeFirstOrThrow();
    });

export const imageByKey = (on: Runner, workspaceId: number, key: string) =>
  dbOf(on)
    .selectFrom("kb_images")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("key", "=", key)
    .executeTakeFirst();
