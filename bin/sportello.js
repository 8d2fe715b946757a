#!/usr/bin/env node
// Runs the built server (dist/, made by scripts/build-server.mjs, which `npm start` runs first) when it is newer
// than its sources; otherwise the TypeScript sources through tsx, so `npx sportello` in a checkout being edited
// runs what is on disk. The built server starts no esbuild process and idles lighter (bench/startup.bench.ts).
import { serverBuildIsFresh } from "../scripts/build-server.mjs";

if (serverBuildIsFresh()) {
  // Stack traces name the server/*.ts files and lines (the maps are read only when an error's stack is).
  process.setSourceMapsEnabled(true);
  (await import("../dist/v8-tuning.mjs")).tuneV8();
  await import("../dist/cli.mjs");
} else {
  const { register } = await import("tsx/esm/api");
  register();
  (await import("../server/v8-tuning.ts")).tuneV8();
  await import("../server/cli.ts");
}
