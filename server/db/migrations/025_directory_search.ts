import { sql, type Kysely } from "kysely";
import { customerWords, organizationWords } from "../../modules/customers/directory-words";
import type { Dialect } from "../index";

// Customers and organizations found by the words of their names, emails and phone numbers, typed in part
// (directory-words.ts): one row per owner, field and word, keyed so that a prefix is a range of the primary key.
// A customer's and an organization's notes, kept by agents. The words of existing customers and organizations
// are written here, a thousand owners at a time.
const BATCH = 1_000;

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const big = dialect === "postgres" ? "bigint" : "integer";
  await db.schema
    .createTable("directory_words")
    .addColumn("workspace_id", big, (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    // Byte order on PostgreSQL too ("C"): a prefix's range is then the same on both databases.
    .addColumn("word", dialect === "postgres" ? sql`text collate "C"` : "text", (c) => c.notNull())
    .addColumn("owner_id", big, (c) => c.notNull())
    .addColumn("field", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("directory_words_pk", ["workspace_id", "kind", "word", "owner_id", "field"])
    .$call((t) => (dialect === "sqlite" ? t.modifyEnd(sql`without rowid`) : t))
    .execute();
  // Deleting or renaming an owner removes its words by owner.
  await db.schema.createIndex("directory_words_owner").on("directory_words").columns(["kind", "owner_id"]).execute();

  await db.schema.alterTable("customers").addColumn("notes", "text").execute();
  await db.schema.alterTable("organizations").addColumn("notes", "text").execute();

  const sources = [
    {
      kind: "customer",
      read: (after: number) =>
        sql<{
          id: number;
          workspace_id: number;
          name: string | null;
          email: string;
          phone: string | null;
        }>`SELECT id, workspace_id, name, email, phone FROM customers WHERE id > ${after} ORDER BY id LIMIT ${BATCH}`,
      words: customerWords,
    },
    {
      kind: "organization",
      read: (after: number) =>
        sql<{
          id: number;
          workspace_id: number;
          name: string | null;
          email: string;
          phone: string | null;
        }>`SELECT id, workspace_id, name, '' AS email, NULL AS phone FROM organizations WHERE id > ${after} ORDER BY id LIMIT ${BATCH}`,
      words: (o: { name: string | null }) => organizationWords({ name: o.name ?? "" }),
    },
  ];
  // PostgreSQL runs each migration in a transaction of its own; SQLite runs them outside one.
  const inTransaction = (fn: (trx: Kysely<unknown>) => Promise<void>) =>
    dialect === "sqlite" ? db.transaction().execute(fn) : fn(db);
  await inTransaction(async (trx) => {
    for (const { kind, read, words } of sources) {
      for (let after = 0; ;) {
        const { rows } = await read(after).execute(trx);
        if (!rows.length) break;
        const values = rows.flatMap((r) =>
          words(r).map((w) => sql`(${r.workspace_id}, ${kind}, ${w.word}, ${r.id}, ${w.field})`),
        );
        // A statement's parameters are limited (SQLite: 32,766): 5 per row, 500 rows at a time.
        for (let i = 0; i < values.length; i += 500)
          await sql`INSERT INTO directory_words (workspace_id, kind, word, owner_id, field) VALUES ${sql.join(values.slice(i, i + 500))}`.execute(
            trx,
          );
        after = Number(rows[rows.length - 1].id);
      }
    }
  });
}
