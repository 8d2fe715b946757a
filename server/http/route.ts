import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z, type ZodType } from "zod";
import type { Ctx } from "../context";
import { can, type Action } from "../policy";
import type { Actor, AgentActor, CustomerActor } from "./actor";
import { ApiError } from "./errors";

type Method = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
type Access = "public" | "agent" | "customer";
type ActorFor<A extends Access> = A extends "agent" ? AgentActor : A extends "customer" ? CustomerActor : Actor | null;
type Out<S> = S extends ZodType ? z.output<S> : undefined;
/** What a handler returns: the body its response schema describes, or the reply it sent itself (a file, a 202). */
type Answer<R> = R extends ZodType ? z.output<R> | FastifyReply : unknown;

export interface RouteDef<A extends Access = Access, B = undefined, Q = undefined, P = undefined, R = undefined> {
  method: Method;
  url: string;
  /** Who may call it. Every route says so; a test fails when one does not. */
  access: A;
  /** The policy checked for agent routes (null only for public or customer routes, which check ownership). */
  policy: A extends "agent" ? Action : null;
  summary: string;
  tag: string;
  body?: B;
  query?: Q;
  params?: P;
  rateLimit?: "login" | "public";
  /** Status of a success; 200 by default. */
  status?: number;
  /**
   * The JSON body of a success (`status`), a schema of shared/api: the compiler checks the handler against it,
   * /api/openapi.json documents it, and in tests (config.checkResponses) every answer is parsed with it.
   */
  response?: R;
  /** Bodies of other 2xx statuses the handler sends itself, e.g. 202 while a change waits for approval. */
  responses?: Record<number, ZodType>;
  handler: (args: {
    req: FastifyRequest;
    reply: FastifyReply;
    ctx: Ctx;
    actor: ActorFor<A>;
    body: Out<B>;
    query: Out<Q>;
    params: Out<P>;
  }) => Promise<Answer<R>>;
}

export type AnyRoute = RouteDef<Access, unknown, unknown, unknown, unknown>;

/** Defines a route with its types checked; `mount` registers it. */
export function route<
  A extends Access,
  B extends ZodType | undefined = undefined,
  Q extends ZodType | undefined = undefined,
  P extends ZodType | undefined = undefined,
  R extends ZodType | undefined = undefined,
>(def: RouteDef<A, B, Q, P, R>): AnyRoute {
  return def as unknown as AnyRoute;
}

/** Who may call a route and which policy it checks, stamped on Fastify's own route table (`config.declaration`). */
export interface Declaration {
  access: Access;
  policy: Action | null;
}

/** A route as Fastify registered it, with the declaration it carries if it was declared. */
export interface RegisteredRoute {
  method: string;
  url: string;
  declaration: Declaration | undefined;
}

/**
 * Records every route Fastify registers from now on (call it before adding any). The route guard test walks this
 * list rather than the registry `mount` fills, so a route added with `app.get()` beside `route()` is seen too.
 */
export function recordRoutes(app: FastifyInstance): RegisteredRoute[] {
  const seen: RegisteredRoute[] = [];
  app.addHook("onRoute", (r) => {
    const declaration = (r.config as { declaration?: Declaration } | undefined)?.declaration;
    for (const method of [r.method].flat()) seen.push({ method, url: r.url, declaration });
  });
  return seen;
}

export type ResolveActor = (req: FastifyRequest) => Promise<Actor | null>;

export function mount(
  app: FastifyInstance,
  ctx: Ctx,
  defs: AnyRoute[],
  resolveActor: ResolveActor,
  registry: AnyRoute[],
): void {
  for (const def of defs) {
    registry.push(def);
    const limit =
      def.rateLimit === "login"
        ? ctx.config.loginRateLimit
        : def.rateLimit === "public"
          ? ctx.config.publicRateLimit
          : null;
    app.route({
      method: def.method,
      url: def.url,
      config: {
        ...(limit ? { rateLimit: { max: limit, timeWindow: "1 minute" } } : {}),
        declaration: { access: def.access, policy: def.policy } satisfies Declaration,
      } as object,
      ...(ctx.config.checkResponses && (def.response || def.responses) ? { onSend: responseCheck(def) } : {}),
      handler: async (req, reply) => {
        const actor = await resolveActor(req);
        if (def.access !== "public") {
          if (!actor)
            throw new ApiError(401, "unauthenticated", "Sign in or send an API token (Authorization: Bearer …)");
          if (def.access === "agent" && actor.kind !== "agent")
            throw new ApiError(403, "forbidden", "This endpoint is for agents");
          if (def.access === "customer" && actor.kind !== "customer")
            throw new ApiError(403, "forbidden", "This endpoint is for customers");
          if (def.access === "agent" && def.policy && !can(actor, def.policy))
            throw new ApiError(403, "forbidden", `Your role may not ${def.policy.replace(".", " ")}`);
          // Cookie-authenticated writes must echo the session's CSRF token; bearer tokens are not sent by browsers on their own.
          const cookieSession = (actor.kind === "agent" && actor.via === "session") || actor.kind === "customer";
          if (req.method !== "GET" && cookieSession && req.headers["x-csrf-token"] !== actor.csrfToken) {
            throw new ApiError(403, "csrf_failed", "Missing or wrong X-CSRF-Token header");
          }
        }
        const parse = (schema: unknown, value: unknown) =>
          schema ? (schema as ZodType).parse(value ?? {}) : undefined;
        // PostgreSQL cannot store NUL in text (SQLite can): a JSON body with one is refused, the same on both,
        // instead of a 500. (Names in queries, such as an upload's ?filename=, are cleaned where they are kept.)
        if (def.body && hasNul(req.body))
          throw new ApiError(400, "invalid_text", "text may not contain NUL (\\u0000) characters");
        const result = await def.handler({
          req,
          reply,
          ctx,
          actor: actor as never,
          body: parse(def.body, req.body) as never,
          query: parse(def.query, req.query) as never,
          params: parse(def.params, req.params) as never,
        });
        if (reply.sent) return;
        reply.status(def.status ?? 200);
        return result;
      },
    });
  }
}

/** Whether a parsed JSON value holds a NUL character in any string or key. */
export function hasNul(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === "string") {
      if (v.includes("\0")) return true;
    } else if (v && typeof v === "object" && !Buffer.isBuffer(v)) {
      for (const [k, child] of Object.entries(v)) {
        if (k.includes("\0")) return true;
        stack.push(child);
      }
    }
  }
  return false;
}

/**
 * In tests only: parses each JSON 2xx body with the route's schema for its status. A body the schema does not
 * describe (or a 2xx status no schema describes) becomes a 500 whose message and details are zod's issues.
 */
export function responseCheck(def: Pick<AnyRoute, "method" | "url" | "status" | "response" | "responses">) {
  return async (_req: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const status = reply.statusCode;
    if (status < 200 || status > 299 || typeof payload !== "string") return payload;
    if (!String(reply.getHeader("content-type") ?? "").startsWith("application/json")) return payload;
    const schema = status === (def.status ?? 200) ? def.response : def.responses?.[status];
    const where = `${def.method} ${def.url} answered ${status}`;
    if (!schema) throw new ApiError(500, "response_undocumented", `${where}, a status its route has no schema for`);
    const parsed = (schema as ZodType).safeParse(JSON.parse(payload));
    if (!parsed.success)
      throw new ApiError(
        500,
        "response_contract",
        `${where} with a body its response schema does not describe:\n${z.prettifyError(parsed.error)}`,
        parsed.error.issues,
      );
    return payload;
  };
}
