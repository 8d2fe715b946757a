import fs from "node:fs";
import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * The longest suites of a full run (5 December: 97, 72, 77, 74, 67, 62, 51, 42, 41, 28 and 32 s on three workers),
 * a browser suite and a server suite in turn. They start first: started late, one of them ran on alone at the end.
 */
const LONGEST = [
  "e2e/golden-paths.test.ts",
  "server/modules/email/crash.test.ts",
  "e2e/axe-every-page.test.ts",
  "server/modules/email/imap.test.ts",
  "e2e/agent-work.test.ts",
  "server/modules/tickets/concurrency.test.ts",
  "e2e/kb-editor.test.ts",
  "server/modules/email/smtp.test.ts",
  "e2e/portal-admin-a11y.test.ts",
  "server/cli.test.ts",
  "server/http/fuzz.test.ts",
];

/**
 * The order test files start in. Vitest runs the files it has timed before longest first, and the others largest
 * first; on a clean clone (CI) it has timed none, and its largest files are not its longest. Here, while some file
 * is untimed, the longest suites start first (LONGEST), then the browser suites (mostly waiting for Chromium and
 * the server they started) and the server suites (mostly CPU) are dealt out evenly over the rest of the run, each
 * kind largest first, so that the two cores always have both kinds to run. 649 -> 600 s for the whole suite.
 */
class Sequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const relative = (f: TestSpecification) => f.moduleId.slice(this.ctx.config.root.length + 1);
    if (files.every((f) => this.ctx.cache.getFileTestResults(`${f.project.name}:${relative(f)}`)))
      return super.sort(files);
    const rank = (f: TestSpecification) => LONGEST.indexOf(relative(f));
    const first = files.filter((f) => rank(f) >= 0).sort((a, b) => rank(a) - rank(b));
    const size = new Map(files.map((f) => [f, fs.statSync(f.moduleId).size]));
    const kind = (browser: boolean) =>
      files
        .filter((f) => rank(f) < 0 && relative(f).startsWith("e2e/") === browser)
        .sort((a, b) => size.get(b)! - size.get(a)!)
        .map((f, i, all) => ({ f, at: (i + 0.5) / all.length }));
    return [...first, ...[...kind(true), ...kind(false)].sort((a, b) => a.at - b.at).map((x) => x.f)];
  }
}

export default defineConfig({
  test: {
    include: [
      "server/**/*.test.ts",
      "scripts/**/*.test.ts",
      "shared/**/*.test.ts",
      "web/**/*.test.ts",
      "e2e/**/*.test.ts",
    ],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Integration suites open real databases and sockets; two cores, so keep parallelism modest. Three, not two:
    // a browser test's worker mostly waits for Chromium and the server it started, and with two workers the
    // machine sat idle more than half the run (578 -> 534 s for the whole suite, 5 December). Four are worse: the
    // suites slow one another down (the files' times summed 1,637 s with three and 2,266 s with four; 649 -> 686 s).
    maxWorkers: 3,
    sequence: { sequencer: Sequencer },
    // Test files share their worker's modules instead of importing the server afresh each: every file opens its
    // own database, data folder and ports, and no module keeps state a test depends on. Imports fell from 118 s to
    // 10 s of the run (495 -> 427 s on this machine).
    isolate: false,
  },
});
