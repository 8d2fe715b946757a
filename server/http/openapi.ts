import { z, type ZodType } from "zod";
import * as api from "../../shared/api";
import { ZErrorBody } from "../../shared/api/common";
import type { AnyRoute } from "./route";

/**
 * The named response shapes (`ZTicket` in shared/api is `Ticket` here): each is written once under
 * `components.schemas` and referred to by `$ref` wherever a response holds it, instead of being copied into every
 * operation (a ticket appears in a dozen answers).
 */
function responseShapes() {
  const registry = z.registry<{ id: string }>();
  // Objects and unions only (an id or a time stays written where it is); a shape exported under two names (the
  // queue's item is a ticket) keeps the shorter.
  const named = Object.entries(api)
    .filter(([name, value]) => /^Z[A-Z]/.test(name) && value instanceof z.ZodType)
    .sort(([a], [b]) => a.length - b.length || a.localeCompare(b));
  for (const [name, value] of named)
    if (
      (value instanceof z.ZodObject ||
        value instanceof z.ZodUnion ||
        value instanceof z.ZodDiscriminatedUnion ||
        // A bare array answer (GET /api/v1/kb/unanswered) is named too: a response's root must be.
        value instanceof z.ZodArray) &&
      !registry.has(value)
    )
      registry.add(value, { id: name.slice(1) });
  return registry;
}
const SHAPES = responseShapes();
const uri = (id: string) => `#/components/schemas/${id}`;

const override = ({ jsonSchema: js }: { jsonSchema: { format?: string; pattern?: string } }) => {
  if (js.format === "date-time") delete js.pattern;
};

/** A zod schema as JSON Schema; times keep their `format: date-time` without zod's long pattern. */
function jsonSchema(schema: unknown, io: "input" | "output"): Record<string, unknown> {
  const shape = io === "output" ? SHAPES.get(schema as ZodType) : undefined;
  if (shape) return { $ref: uri(shape.id) };
  const js = z.toJSONSchema(schema as ZodType, {
    io,
    unrepresentable: "any",
    override,
    // Responses refer to the named shapes; requests are written out where they are used.
    ...(io === "output" ? { external: { registry: SHAPES, uri, defs: {} } } : {}),
  });
  delete js.$schema; // the document's own dialect (OpenAPI 3.1: JSON Schema 2020-12)
  return js;
}

/** Every named shape, once, for `components.schemas`. */
function componentSchemas() {
  const { schemas } = z.toJSONSchema(SHAPES, { io: "output", unrepresentable: "any", override, uri });
  for (const js of Object.values(schemas)) {
    delete js.$schema;
    delete js.id;
  }
  return schemas;
}

const json = (schema: unknown, description: string) => ({
  description,
  content: { "application/json": { schema: schema ? jsonSchema(schema, "output") : { type: "object" } } },
});

// The document is built from the same zod schemas that validate requests and, in tests, responses, so it
// cannot drift from them.
export function buildOpenApi(
  routes: Pick<
    AnyRoute,
    "method" | "url" | "access" | "summary" | "tag" | "body" | "query" | "params" | "status" | "response" | "responses"
  >[],
) {
  const ERROR = jsonSchema(ZErrorBody, "output");
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    if (!r.url.startsWith("/api/")) continue;
    const path = r.url.replace(/:(\w+)/g, "{$1}");
    const parameters: unknown[] = [];
    for (const [where, schema] of [
      ["path", r.params],
      ["query", r.query],
    ] as const) {
      if (!schema) continue;
      const js = jsonSchema(schema, "input") as {
        properties?: Record<string, unknown>;
        required?: string[];
      };
      for (const [name, s] of Object.entries(js.properties ?? {}))
        parameters.push({
          name,
          in: where,
          required: where === "path" || (js.required ?? []).includes(name),
          schema: s,
        });
    }
    const responses: Record<string, unknown> = { [String(r.status ?? 200)]: json(r.response, "Success") };
    for (const [status, schema] of Object.entries(r.responses ?? {})) responses[status] = json(schema, "Success");
    responses["4XX"] = { description: "Client error", content: { "application/json": { schema: ERROR } } };
    const op: Record<string, unknown> = {
      summary: r.summary,
      tags: [r.tag],
      parameters,
      security: r.access === "public" ? [] : [{ bearer: [] }, { session: [] }],
      responses,
    };
    if (r.body)
      op.requestBody = {
        required: true,
        content: {
          "application/json": { schema: jsonSchema(r.body, "input") },
        },
      };
    (paths[path] ??= {})[r.method.toLowerCase()] = op;
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Sportello API",
      version: "1",
      description: "Tickets, customers, search, webhooks and realtime of a Sportello workspace.",
    },
    components: {
      schemas: componentSchemas(),
      securitySchemes: {
        bearer: {
          type: "http",
          scheme: "bearer",
          description: "Personal API token (npx sportello token create --agent EMAIL)",
        },
        session: {
          type: "apiKey",
          in: "cookie",
          name: "sportello_session",
          description: "Browser session; writes need the X-CSRF-Token header",
        },
      },
    },
    paths,
  };
}

export const DOCS_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sportello API</title>
<meta name="viewport" content="width=device-width,initial-scale=1">
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
h2{border-bottom:1px solid #ddd;margin-top:2rem}.op{margin:.6rem 0;padding:.5rem .8rem;border-left:4px solid #0b6bcb;background:#f5f8fc}
code{font:13px ui-monospace,monospace}.m{font-weight:700;display:inline-block;width:4.5rem}pre{background:#f3f3f3;padding:.5rem;overflow:auto;font-size:12px}</style></head>
<body><h1>Sportello API</h1><p>OpenAPI 3.1 document: <a href="/api/openapi.json">/api/openapi.json</a>. Authenticate with <code>Authorization: Bearer TOKEN</code>.
Errors are <code>{"error":{"code","message"}}</code> with a 4xx status.</p><div id="ops">Loading…</div>
<script src="/api/docs.js"></script></body></html>`;

/** The docs page's script, served as a file of its own: the Content-Security-Policy allows no inline script. */
export const DOCS_JS = `fetch('/api/openapi.json').then(r=>r.json()).then(doc=>{const by={};for(const[p,ops]of Object.entries(doc.paths))for(const[m,o]of Object.entries(ops))(by[o.tags[0]]??=[]).push([m,p,o]);
const esc=s=>String(s).replace(/[&<>]/g,c=>({'&':'&amp;','<':'&lt;','>':'&gt;'}[c]));let h='';for(const[t,list]of Object.entries(by)){h+='<h2>'+esc(t)+'</h2>';for(const[m,p,o]of list){h+='<div class="op"><span class="m">'+m.toUpperCase()+'</span><code>'+esc(p)+'</code><div>'+esc(o.summary)+'</div>';
if(o.requestBody)h+='<details><summary>body</summary><pre>'+esc(JSON.stringify(o.requestBody.content['application/json'].schema,null,1))+'</pre></details>';if(o.parameters.length)h+='<details><summary>parameters</summary><pre>'+esc(o.parameters.map(x=>x.in+' '+x.name+(x.required?' (required)':'')).join('\\n'))+'</pre></details>';h+='</div>'}}document.getElementById('ops').innerHTML=h})`;
