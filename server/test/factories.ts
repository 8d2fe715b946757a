// The tests build their data with the same factories as the demo workspace: they live in server/db/factories.ts
// because production code (the seed, the first start, the CLI) uses them too. Tests keep importing from here.
export * from "../db/factories";
