import { createRequire } from "node:module";

// Not named `require`: every file of the built server begins with one of that name (scripts/build-server.mjs).
const requirePackage = createRequire(import.meta.url);

/**
 * A package loaded the first time it is used, not when the server starts: for the big ones a quiet server may
 * never need (sanitising HTML, old charsets, the holiday library), which would otherwise sit in its idle memory.
 * `require` keeps the use synchronous; these packages ship CommonJS.
 */
export function lazyPackage<T>(name: string): () => T {
  let loaded: { value: T } | null = null;
  return () => (loaded ??= { value: requirePackage(name) as T }).value;
}
