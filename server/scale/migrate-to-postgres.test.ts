import { afterAll, describe, expect, it } from "vitest";
import { freshDatabase, postgresAvailable, testEnvFromUrl } from "../test/harness";
import { cli } from "../test/nodes";

const pgUp = await postgresAvailable();

describe.skipIf(!pgUp)("npx sportello migrate-to-postgres", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups) await c();
  });

  it("copies the demo installation, verifies every table and refuses a non-empty target", async () => {
    const source = await freshDatabase("sqlite");
    const target = await freshDatabase("postgres");
    cleanups.push(source.drop, target.drop);
    await cli(["seed-demo"], { DATA_DIR: source.dataDir });
    const out = await cli(["migrate-to-postgres", "--to", target.databaseUrl!], { DATA_DIR: source.dataDir });
    expect(out.stdout).toMatch(/ok\s+tickets\s+7 rows/);
    expect(out.stdout).toMatch(/ok\s+messages\s+\d+ rows/);
    expect(out.stdout).not.toContain("FAIL");
    // The copy works as a live installation: a token made there finds tickets and searches in Italian.
    const env = { DATABASE_URL: target.databaseUrl!, DATA_DIR: source.dataDir };
    const token = (await cli(["token", "create", "--agent", "admin@demo.sportello.it"], env)).stdout.trim();
    const app = await testEnvFromUrl(target.databaseUrl!, source.dataDir);
    const res = await app.inject({ method: "GET", url: "/api/v1/search?q=perche%20arrivato", headers: { authorization: `Bearer ${token}` } });
    expect(res.json().data.map((x: { ticket: { subject: string } }) => x.ticket.subject)).toContain("Perché il mio ordine non è ancora arrivato?");
    const created = await app.inject({ method: "POST", url: "/api/v1/tickets", headers: { authorization: `Bearer ${token}` }, payload: { subject: "Dopo la migrazione", body_text: "ok", requester: { email: "new@example.it" } } });
    expect(created.json().number).toBe(8);
    await app.closeAll();
    const again = await cli(["migrate-to-postgres", "--to", target.databaseUrl!], { DATA_DIR: source.dataDir }).catch((e) => e);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("not empty");
  });
});
