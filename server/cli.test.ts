import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { sportello } from "./test/cli";

describe("npx sportello", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sportello-cli-"));
  const env = { DATA_DIR: dataDir };

  it("migrates, creates an admin, prints a token alone, refuses to seed a used database and backs up", async () => {
    expect((await sportello(["migrate"], env)).stdout).toContain("applied: 001_core");
    expect((await sportello(["migrate"], env)).stdout).toContain("up to date");
    const admin = await sportello(["create-admin", "--email", "boss@example.it", "--password", "a long password"], env);
    expect(admin.code).toBe(0);
    const token = await sportello(["token", "create", "--agent", "boss@example.it"], env);
    expect(token.code).toBe(0);
    expect(token.stdout).toMatch(/^spt_[A-Za-z0-9_-]{40,}\n$/);
    const mailbox = await sportello(["mailbox", "add", "Assistenza@Example.it", "--name", "Assistenza"], env);
    expect(mailbox.code).toBe(0);
    expect(mailbox.stdout).toMatch(/^mailbox assistenza@example\.it added \(id \d+\)/);
    const taken = await sportello(["mailbox", "add", "assistenza@example.it"], env);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain("already a mailbox");
    const noTeam = await sportello(["mailbox", "add", "vendite@example.it", "--team", "Nessuna"], env);
    expect(noTeam.code).toBe(2);
    expect(noTeam.stderr).toContain('no team "Nessuna"');
    // The database already holds the admin's workspace: seeding refuses.
    const seed = await sportello(["seed-demo"], env);
    expect(seed.code).toBe(1);
    const target = path.join(dataDir, "copy.db");
    const backup = await sportello(["backup", "--to", target], env);
    expect(backup.code).toBe(0);
    expect(fs.statSync(target).size).toBeGreaterThan(10_000);
    const again = await sportello(["backup", "--to", target], env);
    expect(again.code).toBe(2);
  }, 180_000); // each case starts a Node process; on a busy two-core machine a dozen of them pass a minute

  it("seeds a demo workspace into an empty database", async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "sportello-cli-"));
    const r = await sportello(["seed-demo"], { DATA_DIR: empty });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/sign in as admin@demo\.sportello\.it \/ \S+/);
  });

  it("explains bad arguments and exits non-zero", async () => {
    const cases: [string[], RegExp][] = [
      [["frobnicate"], /unknown command "frobnicate"/],
      [["token", "create"], /missing --agent/],
      [["token", "delete"], /usage: sportello token create/],
      [["create-admin", "--email", "x@y.it", "--password", "short"], /at least 10 characters/],
      [["create-admin", "--email", "x@y.it", "--password", "aaaaaaaaaa"], /too easy to guess[\s\S]*troppo facile/],
      [["start", "--roles", "web,mail"], /Invalid configuration/],
      [["backup"], /missing --to/],
      [["migrate", "--force"], /Unknown option '--force'/],
    ];
    for (const [args, message] of cases) {
      const r = await sportello(args, env);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr, args.join(" ")).toMatch(message);
    }
    expect((await sportello(["token", "create", "--agent", "nobody@example.it"], env)).code).toBe(1);
  }, 180_000); // each case starts a Node process; on a busy two-core machine a dozen of them pass a minute
});
