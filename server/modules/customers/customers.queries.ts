import { dbOf, type Runner } from "../../db/index";
import { type ExpressionBuilder, sql } from "kysely";
import type { CustomerRow, Database } from "../../db/schema";
import { insertRows, statement } from "../../db/statements";
import { type OwnerWord, type WordField, customerWords, prefixEnd } from "./directory-words";

// Every incoming email looks its sender up (db/statements.ts: without Kysely's query building).
const CUSTOMER_BY_EMAIL = statement<CustomerRow>('select * from "customers" where "workspace_id" = ? and "email" = ?');

/** Records the language a customer writes in, unless one is known already (said by them or set by an agent). */
export function setLanguageIfUnknown(on: Runner, customerId: number, language: string) {
  return dbOf(on)
    .updateTable("customers")
    .set({ language })
    .where("id", "=", customerId)
    .where("language", "is", null)
    .execute();
}

/**
 * The requester found or created by email. Two requests creating the same new customer at once both
 * succeed: the loser of the insert race sees nothing inserted and reads the winner's row.
 */
export async function findOrCreateCustomer(
  on: Runner,
  workspaceId: number,
  email: string,
  name?: string | null,
): Promise<CustomerRow> {
  const db = dbOf(on);
  const address = email.trim().toLowerCase();
  const existing = await CUSTOMER_BY_EMAIL.first(db, [workspaceId, address]);
  if (existing) return existing;
  const now = Date.now();
  // Returns nothing when another transaction created the same customer meanwhile: then it is read.
  const row = {
    workspace_id: workspaceId,
    email: address,
    name: name?.trim() || null,
    phone: null,
    language: null,
    organization_id: null,
    external_id: null,
    created_at: now,
    updated_at: now,
  };
  const [created] = await insertRows<"customers", CustomerRow>(
    db,
    "customers",
    [row],
    'on conflict ("workspace_id", "email") do nothing returning *',
  );
  if (created) {
    await writeOwnerWords(db, workspaceId, "customer", created.id, customerWords(created), true);
    return created;
  }
  return db
    .selectFrom("customers")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("email", "=", address)
    .executeTakeFirstOrThrow();
}

export function findCustomer(on: Runner, workspaceId: number, id: number) {
  const db = dbOf(on);
  return db
    .selectFrom("customers")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();
}

type Kind = "customer" | "organization";

/** An owner's words (directory-words.ts), replacing those it had unless `fresh` (a row just inserted). */
export async function writeOwnerWords(
  on: Runner,
  workspaceId: number,
  kind: Kind,
  ownerId: number,
  words: OwnerWord[],
  fresh = false,
): Promise<void> {
  const db = dbOf(on);
  if (!fresh) await db.deleteFrom("directory_words").where("kind", "=", kind).where("owner_id", "=", ownerId).execute();
  if (words.length)
    await insertRows(
      db,
      "directory_words",
      words.map((w) => ({ workspace_id: workspaceId, kind, word: w.word, owner_id: ownerId, field: w.field })),
    );
}

export const deleteOwnerWords = (on: Runner, kind: Kind, ownerId: number) =>
  dbOf(on).deleteFrom("directory_words").where("kind", "=", kind).where("owner_id", "=", ownerId).execute();

/**
 * The owners one word of a query starts a word of (each prefix a range of the primary key), as a subquery: the
 * candidates of the query's rarest word (planWords), the others checked per owner (hasWord).
 */
export function ownersWithWord(on: Runner, workspaceId: number, kind: Kind, prefixes: string[], fields?: WordField[]) {
  const db = dbOf(on);
  let q = db
    .selectFrom("directory_words")
    .select("owner_id")
    .where("workspace_id", "=", workspaceId)
    .where("kind", "=", kind)
    .where((eb: ExpressionBuilder<Database, "directory_words">) =>
      eb.or(prefixes.map((p) => eb.and([eb("word", ">=", p), eb("word", "<", prefixEnd(p))]))),
    );
  if (fields) q = q.where("field", "in", fields);
  return q;
}

/** A word's rows are counted up to this many: beyond it, a word is "common" and never drives a query. */
const COMMON = 1_000;

/**
 * Whether the owner in `ownerColumn` has a word starting with one of `prefixes`: a probe of the owner's few
 * words (directory_words_owner), for the query's common words once a rare one has picked the candidates.
 */
export function hasWord(
  workspaceId: number,
  kind: Kind,
  prefixes: string[],
  ownerColumn: string,
  fields?: WordField[],
) {
  const ranges = sql.join(
    prefixes.map((p) => sql`(w.word >= ${p} AND w.word < ${prefixEnd(p)})`),
    sql` OR `,
  );
  const only = fields ? sql` AND w.field IN (${sql.join(fields)})` : sql``;
  return sql<boolean>`EXISTS (SELECT 1 FROM directory_words w WHERE w.kind = ${kind} AND w.owner_id = ${sql.ref(ownerColumn)} AND w.workspace_id = ${workspaceId} AND (${ranges})${only})`;
}

/**
 * The query's words, the rarest first: `driver` is a word few enough owners have (under COMMON rows) to list
 * them through the key, null when every word is common ("cliente" among 20,000 Clienti); `rest` are checked
 * per owner with hasWord. Each word's rows are counted up to COMMON, a bounded read of the key.
 */
export async function planWords(
  on: Runner,
  workspaceId: number,
  kind: Kind,
  prefixes: string[][],
  fields?: WordField[],
): Promise<{ driver: string[] | null; rest: string[][] }> {
  const db = dbOf(on);
  const counted = await Promise.all(
    prefixes.map(async (p) => {
      const r = await db
        .selectFrom(ownersWithWord(db, workspaceId, kind, p, fields).limit(COMMON).as("x"))
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow();
      return { p, n: Number(r.n) };
    }),
  );
  counted.sort((a, b) => a.n - b.n);
  if (!counted.length || counted[0].n >= COMMON) return { driver: null, rest: counted.map((c) => c.p) };
  return { driver: counted[0].p, rest: counted.slice(1).map((c) => c.p) };
}

/**
 * Ids of the owners every word of the query (prefixes per word) starts a word of, newest first, at most `limit`;
 * null when too many owners have every word to list (each word common).
 */
export async function ownersMatching(
  on: Runner,
  workspaceId: number,
  kind: Kind,
  prefixes: string[][],
  limit: number,
  fields?: WordField[],
): Promise<number[] | null> {
  const db = dbOf(on);
  if (!prefixes.length) return [];
  const { driver, rest } = await planWords(db, workspaceId, kind, prefixes, fields);
  if (!driver) return null;
  let q = ownersWithWord(db, workspaceId, kind, driver, fields);
  for (const p of rest) q = q.where(hasWord(workspaceId, kind, p, "directory_words.owner_id", fields));
  const rows = await q.distinct().orderBy("owner_id", "desc").limit(limit).execute();
  return rows.map((r) => Number(r.owner_id));
}
