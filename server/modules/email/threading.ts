import { sql } from "kysely";
import type { Trx } from "../../db/index";
import { statement } from "../../db/statements";

export type ThreadTicket = { id: number; number: number; status: string; requester_id: number };
export type Thread = {
  /** The sender's own ticket this message continues, if any. */
  ticket: ThreadTicket | undefined;
  /** Whether anything pointed at a ticket at all, the sender's or not: a message that refers to nothing we know may be early. */
  known: boolean;
};

const ticketColumns = ["tickets.id", "tickets.number", "tickets.status", "tickets.requester_id"] as const;

/**
 * Which ticket an incoming message belongs to, in this order: our reply token in the recipient's
 * plus-address, then In-Reply-To/References against every Message-ID we sent or received, then "[#1234]" in
 * the subject. Never another customer's ticket: the sender must be the ticket's requester.
 */
export async function threadOf(
  trx: Trx,
  workspaceId: number,
  senderId: number,
  tokens: string[],
  refs: string[],
  subject: string,
): Promise<Thread> {
  let known = false;
  const own = (t: ThreadTicket | undefined) => {
    known ||= !!t;
    return t && t.requester_id === senderId ? t : undefined;
  };
  for (const token of tokens) {
    const t = own(
      await trx
        .selectFrom("tickets")
        .select(ticketColumns)
        .where("workspace_id", "=", workspaceId)
        .where("reply_token", "=", token)
        .executeTakeFirst(),
    );
    if (t) return { ticket: t, known };
  }
  if (refs.length) {
    const t = own(
      await trx
        .selectFrom("email_messages")
        .innerJoin("tickets", "tickets.id", "email_messages.ticket_id")
        .select(ticketColumns)
        .where("email_messages.workspace_id", "=", workspaceId)
        .where("email_messages.header_message_id", "in", refs.slice(-50))
        .orderBy("email_messages.id", "desc")
        .executeTakeFirst(),
    );
    if (t) return { ticket: t, known };
  }
  const n = subject.match(/\[#(\d{1,12})\]/)?.[1];
  if (n) {
    const t = own(
      await trx
        .selectFrom("tickets")
        .select(ticketColumns)
        .where("workspace_id", "=", workspaceId)
        .where("number", "=", Number(n))
        .executeTakeFirst(),
    );
    if (t) return { ticket: t, known };
  }
  return { ticket: undefined, known };
}

/**
 * PostgreSQL only: locks (until the transaction ends) the Message-IDs this message is and answers, so that a reply
 * and the message it answers, placed at the same moment by two connections, are placed one after the other.
 * Without it each would miss the other's uncommitted rows: the reply, finding no parent, is held, and the parent,
 * finding no held reply yet, does not release it, so the reply waits out EMAIL_THREAD_WAIT_SECONDS (seen: 2,000
 * messages over IMAP took 320 s instead of 20). The keys are taken in one statement and in one order, so two such
 * transactions cannot deadlock on them; a hash collision only makes two messages wait for each other.
 * SQLite needs none of this: its one writer sees every commit before it.
 */
export async function lockThreadIds(trx: Trx, workspaceId: number, ownId: string | null, refs: string[]) {
  const ids = [...new Set([...(ownId ? [ownId] : []), ...refs.slice(-50)])];
  if (!ids.length) return;
  await sql`select pg_advisory_xact_lock(${workspaceId}::int, k) from (select distinct hashtext(unnest(${ids}::text[])) as k order by k) as ks`.execute(
    trx,
  );
}

/** A reply that refers only to messages we have not seen waits for them, listed under each Message-ID it names. */
export async function holdForParents(trx: Trx, workspaceId: number, emailId: number, refs: string[]) {
  const unique = [...new Set(refs.slice(-50))];
  if (unique.length)
    await trx
      .insertInto("email_awaiting")
      .values(unique.map((ref_message_id) => ({ workspace_id: workspaceId, ref_message_id, email_id: emailId })))
      .execute();
}

// Every placed message asks (db/statements.ts: without Kysely's query building). A reply names all the
// messages before it (References), so fewer names means earlier in the conversation.
const WAITING_FOR = statement<{ id: number; mailbox_id: number | null; raw_sha256: string }>(
  'select "email_messages"."id", "email_messages"."mailbox_id", "email_messages"."raw_sha256" from "email_awaiting" inner join "email_messages" on "email_messages"."id" = "email_awaiting"."email_id" ' +
    'where "email_awaiting"."workspace_id" = ? and "email_awaiting"."ref_message_id" = ? and "email_messages"."held_until" is not null ' +
    'order by (select count(*) from "email_awaiting" as "a" where "a"."email_id" = "email_messages"."id"), "email_messages"."id"',
);

/**
 * The held replies that were waiting for this Message-ID, oldest first, each claimed (a conditional update, so
 * one transaction places each) and taken off the waiting list.
 */
export async function claimWaitingFor(
  trx: Trx,
  workspaceId: number,
  messageId: string,
): Promise<{ id: number; mailbox_id: number | null; raw_sha256: string }[]> {
  const waiting = await WAITING_FOR.all(trx, [workspaceId, messageId]);
  const claimed = [];
  for (const w of waiting) if (await claimHeld(trx, w.id)) claimed.push(w);
  return claimed;
}

/** Takes a held message out of waiting; false when another transaction already did. */
export async function claimHeld(trx: Trx, emailId: number): Promise<boolean> {
  const r = await trx
    .updateTable("email_messages")
    .set({ held_until: null })
    .where("id", "=", emailId)
    .where("held_until", "is not", null)
    .executeTakeFirst();
  if (!Number(r.numUpdatedRows)) return false;
  await trx.deleteFrom("email_awaiting").where("email_id", "=", emailId).execute();
  return true;
}
