import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, type TestEnv, testEnv } from "../test/harness";

// Issue 21, finding 6: every operation of /api/openapi.json, called by an admin with malformed input (broken and
// wrongly typed bodies, wrong types per field, huge strings, deep nesting, invalid path and query values), answers
// a 4xx, never a 5xx. A fixed, deterministic set of cases per operation, so a failure is reproducible.

interface Operation {
  method: string;
  path: string;
  parameters: { name: string; in: "path" | "query" | "header" | "cookie" }[];
  body: { properties?: Record<string, { type?: string | string[] }> } | null;
}

interface Case {
  method: string;
  url: string;
  payload?: string;
  contentType?: string;
}

const HUGE = "x".repeat(20_000); // past every maximum length
const deep = (levels: number) => "[".repeat(levels) + "]".repeat(levels);
const deepObject = (levels: number) => '{"a":'.repeat(levels) + "1" + "}".repeat(levels);

/** Values no numeric or other path parameter takes; a number that may exist only where nothing is deleted. */
const BAD_PATH_VALUES = [
  "0",
  "-1",
  "abc",
  "1.5",
  "0x1",
  "+1",
  "%201",
  "1e3",
  "%00",
  "%F0%9F%92%A9",
  "9".repeat(30),
  "7".repeat(150),
];
const BAD_QUERY_VALUES = ["", "-1", "abc", "%00", "9".repeat(40), "x".repeat(5000)];

function wrongValueFor(type: string | string[] | undefined): unknown[] {
  const t = Array.isArray(type) ? type[0] : type;
  if (t === "string") return [12345, ["a"], HUGE, "\u0000\u202E"];
  if (t === "number" || t === "integer") return ["x", 1e308, -1, 2 ** 63];
  if (t === "boolean") return ["yes", 1];
  if (t === "array") return [{ a: 1 }, Array.from({ length: 2_000 }, (_, i) => i), [[[[[[]]]]]]];
  if (t === "object") return [[1], "x", JSON.parse(deepObject(500))];
  return [null, { a: 1 }, HUGE];
}

function casesOf(op: Operation): Case[] {
  const cases: Case[] = [];
  const pathParams = op.parameters.filter((p) => p.in === "path").map((p) => p.name);
  const fill = (value: string) => op.path.replace(/\{([^}]+)\}/g, () => value);
  // Path values: the bad ones everywhere; a value that may exist only where nothing can be deleted with it.
  const good = fill("1");
  if (pathParams.length) for (const v of BAD_PATH_VALUES) cases.push({ method: op.method, url: fill(v) });
  const target = op.method === "DELETE" && pathParams.length ? fill("999999") : good;
  for (const q of op.parameters.filter((p) => p.in === "query"))
    for (const v of BAD_QUERY_VALUES)
      cases.push({ method: op.method, url: `${target}?${q.name}=${encodeURIComponent(v)}` });
  if (op.method === "GET" || op.method === "DELETE") return cases;
  const json = (payload: string) => ({ method: op.method, url: target, payload, contentType: "application/json" });
  for (const raw of ["{", "null", "[]", '"x"', "123", "{}", deep(3000), deepObject(3000), JSON.stringify({ x: HUGE })])
    cases.push(json(raw));
  cases.push({ method: op.method, url: target, payload: "a=1", contentType: "application/x-www-form-urlencoded" });
  cases.push({ method: op.method, url: target, payload: "testo", contentType: "text/plain" });
  for (const [name, schema] of Object.entries(op.body?.properties ?? {}).slice(0, 12))
    for (const v of wrongValueFor(schema.type)) cases.push(json(JSON.stringify({ [name]: v })));
  return cases;
}

describe.each(DATABASES)("fuzzing every API operation on %s", (dialect) => {
  let env: TestEnv;
  let operations: Operation[];
  beforeAll(async () => {
    env = await testEnv(dialect, {}, { worker: false });
    const doc = (await env.app.inject({ method: "GET", url: "/api/openapi.json" })).json<{
      paths: Record<
        string,
        Record<
          string,
          {
            parameters?: Operation["parameters"];
            requestBody?: { content: Record<string, { schema: Operation["body"] }> };
          }
        >
      >;
    }>();
    operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({
        method: method.toUpperCase(),
        path,
        parameters: op.parameters ?? [],
        body: op.requestBody?.content["application/json"]?.schema ?? null,
      })),
    );
    // Something for the valid-looking ids to find.
    await env.app.inject({
      method: "POST",
      url: "/api/v1/tickets",
      headers: env.auth(env.adminToken),
      payload: { subject: "Fuzz", body_text: "x", requester: { email: "fuzz@example.test" } },
    });
  });
  afterAll(async () => env?.close());

  it("answers every malformed request with a 4xx", async () => {
    // Logging out with the admin's token would end nothing, but the socket route is not an HTTP operation.
    const ops = operations.filter((o) => !o.path.endsWith("/realtime"));
    expect(ops.length).toBeGreaterThan(50);
    const failures: string[] = [];
    let n = 0;
    for (const op of ops) {
      for (const c of casesOf(op)) {
        n++;
        const res = await env.app.inject({
          method: c.method as "GET",
          url: c.url,
          headers: { ...env.auth(env.adminToken), ...(c.contentType ? { "content-type": c.contentType } : {}) },
          payload: c.payload,
          // A client of its own per request: the per-address limits are not what is tested here.
          remoteAddress: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
        });
        if (res.statusCode >= 500)
          failures.push(
            `${c.method} ${c.url.slice(0, 120)} ${String(c.payload ?? "").slice(0, 80)} -> ${res.statusCode} ${res.body.slice(0, 300)}`,
          );
      }
    }
    expect(n).toBeGreaterThan(1000);
    expect(failures).toEqual([]);
  });
});
