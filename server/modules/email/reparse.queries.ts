import { dbOf, type Runner } from "../../db/index";

/** Incoming emails placed on a message, from `afterId` on, received at `since` or later: a page of them. */
export const receivedEmails = (on: Runner, since: number, afterId: number, limit: number) =>
  dbOf(on)
    .selectFrom("email_messages")
    .innerJoin("messages", "messages.id", "email_messages.message_id")
    .select([
      "email_messages.id",
      "email_messages.raw_sha256",
      "email_messages.flags",
      "messages.id as message_id",
      "messages.workspace_id",
      "messages.ticket_id",
    ])
    .where("email_messages.direction", "=", "in")
    .where("email_messages.created_at", ">=", since)
    .where("email_messages.id", ">", afterId)
    .orderBy("email_messages.id")
    .limit(limit)
    .execute();

export const countReceivedEmails = async (on: Runner, since: number) =>
  Number(
    (
      await dbOf(on)
        .selectFrom("email_messages")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("direction", "=", "in")
        .where("message_id", "is not", null)
        .where("created_at", ">=", since)
        .executeTakeFirstOrThrow()
    ).n,
  );

/** A message's new text and parts, recomputed from its raw .eml. */
export const updateMessageParts = (
  on: Runner,
  id: number,
  row: { reply_text: string; parts: string | null; forwarded_text: string | null },
) => dbOf(on).updateTable("messages").set(row).where("id", "=", id).execute();
