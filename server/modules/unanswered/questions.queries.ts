import { sql } from "kysely";
import { dbOf, type Runner } from "../../db/index";

// Questions as stored: the tickets not grouped yet with their first message, the groups, their members, the
// document frequencies, how far grouping has read, and answered tickets. No rules here.

export function questionState(on: Runner, workspaceId: number) {
  return dbOf(on).selectFrom("question_state").selectAll().where("workspace_id", "=", workspaceId).executeTakeFirst();
}

export async function ensureQuestionState(on: Runner, workspaceId: number): Promise<void> {
  await dbOf(on)
    .insertInto("question_state")
    .values({ workspace_id: workspaceId, last_ticket_id: 0, docs_it: 0, docs_en: 0 })
    .onConflict((oc) => oc.column("workspace_id").doNothing())
    .execute();
}

/** Locks the workspace's state row for the transaction (PostgreSQL; SQLite has one writer anyway). */
export async function lockQuestionState(on: Runner, workspaceId: number, postgres: boolean) {
  let q = dbOf(on).selectFrom("question_state").selectAll().where("workspace_id", "=", workspaceId);
  if (postgres) q = q.forUpdate();
  return q.executeTakeFirstOrThrow();
}

export async function saveQuestionState(
  on: Runner,
  row: { workspace_id: number; last_ticket_id: number; docs_it: number; docs_en: number },
): Promise<void> {
  await dbOf(on).updateTable("question_state").set(row).where("workspace_id", "=", row.workspace_id).execute();
}

/**
 * Tickets after `afterId` with the customer's language and their first message's new text (its quoted history
 * left out), read through the messages' (ticket_id, id) index one ticket at a time.
 */
export function ticketsToGroup(on: Runner, workspaceId: number, afterId: number, limit: number) {
  return dbOf(on)
    .selectFrom("tickets")
    .innerJoin("customers", "customers.id", "tickets.requester_id")
    .select([
      "tickets.id",
      "tickets.subject",
      "tickets.created_at",
      "tickets.merged_into_id",
      "customers.language",
      sql<string | null>`(SELECT coalesce(nullif(m.reply_text, ''), m.body_text) FROM messages m
        WHERE m.ticket_id = tickets.id ORDER BY m.id LIMIT 1)`.as("text"),
    ])
    .where("tickets.workspace_id", "=", workspaceId)
    .where("tickets.id", ">", afterId)
    .orderBy("tickets.id")
    .limit(limit)
    .execute();
}

export function groupsOf(on: Runner, workspaceId: number, language: "it" | "en") {
  return dbOf(on)
    .selectFrom("question_groups")
    .select(["id", "size", "centroid"])
    .where("workspace_id", "=", workspaceId)
    .where("language", "=", language)
    .execute();
}

export function termsOf(on: Runner, workspaceId: number, language: "it" | "en") {
  return dbOf(on)
    .selectFrom("question_terms")
    .select(["term", "word", "df"])
    .where("workspace_id", "=", workspaceId)
    .where("language", "=", language)
    .execute();
}

/** Adds document counts to terms (and a word as written for a new one), many rows per statement. */
export async function addTermCounts(
  on: Runner,
  workspaceId: number,
  language: "it" | "en",
  rows: { term: string; word: string; n: number }[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    await dbOf(on)
      .insertInto("question_terms")
      .values(chunk.map((r) => ({ workspace_id: workspaceId, language, term: r.term, word: r.word, df: r.n })))
      .onConflict((oc) =>
        oc
          .columns(["workspace_id", "language", "term"])
          .doUpdateSet((eb) => ({ df: eb("question_terms.df", "+", eb.ref("excluded.df")) })),
      )
      .execute();
  }
}

/** Inserts groups, 500 per statement; answers their ids in the rows' order. */
export async function insertGroups(
  on: Runner,
  rows: { workspace_id: number; language: "it" | "en"; size: number; centroid: string; updated_at: number }[],
): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < rows.length; i += 500) {
    const out = await dbOf(on)
      .insertInto("question_groups")
      .values(rows.slice(i, i + 500))
      .returning("id")
      .execute();
    // RETURNING's order is not promised by SQL: the ids, allocated in the rows' order, are sorted back to it.
    ids.push(...out.map((r) => Number(r.id)).sort((a, b) => a - b));
  }
  return ids;
}

export async function updateGroup(on: Runner, id: number, size: number, centroid: string, now: number) {
  await dbOf(on).updateTable("question_groups").set({ size, centroid, updated_at: now }).where("id", "=", id).execute();
}

export async function insertMembers(
  on: Runner,
  rows: { ticket_id: number; workspace_id: number; group_id: number; language: "it" | "en"; created_at: number }[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 500)
    await dbOf(on)
      .insertInto("question_members")
      .values(rows.slice(i, i + 500))
      .execute();
}

/** Unanswered members of the period: group, ticket number, newest first. */
export function unansweredMembers(on: Runner, workspaceId: number, language: "it" | "en", since: number) {
  return dbOf(on)
    .selectFrom("question_members")
    .innerJoin("tickets", "tickets.id", "question_members.ticket_id")
    .select(["question_members.group_id", "tickets.number"])
    .where("question_members.workspace_id", "=", workspaceId)
    .where("question_members.language", "=", language)
    .where("question_members.created_at", ">=", since)
    .where("tickets.merged_into_id", "is", null)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("ticket_article_links")
            .select("ticket_article_links.id")
            .whereRef("ticket_article_links.ticket_id", "=", "question_members.ticket_id"),
        ),
      ),
    )
    .orderBy("question_members.created_at", "desc")
    .execute();
}

/** Groups an article answers: one of their tickets is linked to an article. */
export function groupsWithArticle(on: Runner, workspaceId: number, language: "it" | "en") {
  return dbOf(on)
    .selectFrom("question_members")
    .innerJoin("ticket_article_links", "ticket_article_links.ticket_id", "question_members.ticket_id")
    .select("question_members.group_id")
    .distinct()
    .where("question_members.workspace_id", "=", workspaceId)
    .where("question_members.language", "=", language)
    .where("ticket_article_links.article_id", "is not", null)
    .execute();
}

export function groupCentroids(on: Runner, ids: number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return dbOf(on).selectFrom("question_groups").select(["id", "centroid"]).where("id", "in", ids).execute();
}

export function wordsOf(on: Runner, workspaceId: number, language: "it" | "en", terms: string[]) {
  if (terms.length === 0) return Promise.resolve([]);
  return dbOf(on)
    .selectFrom("question_terms")
    .select(["term", "word"])
    .where("workspace_id", "=", workspaceId)
    .where("language", "=", language)
    .where("term", "in", terms)
    .execute();
}

export async function insertAnswered(
  on: Runner,
  row: { workspace_id: number; ticket_id: number; article_id: number | null; agent_id: number; answered_at: number },
): Promise<void> {
  await dbOf(on).insertInto("ticket_article_links").values(row).execute();
}

export function workspacesForQuestions(on: Runner) {
  return dbOf(on).selectFrom("workspaces").select(["id", "default_language"]).orderBy("id").execute();
}
