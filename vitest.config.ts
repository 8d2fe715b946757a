import { defineConfig } from "vitest/config";

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
    // machine sat idle more than half the run (578 -> 534 s for the whole suite, 5 December).
    maxWorkers: 3,
    // Test files share their worker's modules instead of importing the server afresh each: every file opens its
    // own database, data folder and ports, and no module keeps state a test depends on. Imports fell from 118 s to
    // 10 s of the run (495 -> 427 s on this machine).
    isolate: false,
  },
});
