import type { FastifyError, FastifyInstance } from "fastify";
import { ZodError } from "zod";
import { uniqueConflictField } from "./unique-conflict";

/** Every failure a client can cause ends here as `{ error: { code, message } }` with a 4xx status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new ApiError(404, "not_found", `${what} not found`);
export const forbidden = (message = "You are not allowed to do this") => new ApiError(403, "forbidden", message);
export const conflict = (code: string, message: string, details?: unknown) => new ApiError(409, code, message, details);
export const badRequest = (code: string, message: string) => new ApiError(400, code, message);

const FASTIFY_CODES: Record<string, [number, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, "payload_too_large"],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, "unsupported_media_type"],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, "invalid_json"],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, "invalid_json"],
  FST_ERR_VALIDATION: [400, "validation_error"],
};

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | ApiError | ZodError | Error, req, reply) => {
    if (err instanceof ApiError) {
      return reply
        .status(err.status)
        .send({ error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } });
    }
    if (err instanceof ZodError) {
      const issues = err.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
      const first = issues[0];
      const message = first ? `${first.path || "body"}: ${first.message}` : "invalid input";
      return reply.status(400).send({ error: { code: "validation_error", message, details: issues } });
    }
    const fe = err as FastifyError;
    const mapped = fe.code ? FASTIFY_CODES[fe.code] : undefined;
    if (mapped) return reply.status(mapped[0]).send({ error: { code: mapped[1], message: fe.message } });
    if (fe.statusCode === 429) return reply.status(429).send({ error: { code: "rate_limited", message: fe.message } });
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      return reply
        .status(fe.statusCode)
        .send({ error: { code: (fe.code ?? "bad_request").toLowerCase(), message: fe.message } });
    }
    // A duplicate the database refused (a team renamed to an existing name, an email another agent has): 409.
    const field = uniqueConflictField(err);
    if (field) {
      req.log.info({ field }, "unique conflict");
      return reply
        .status(409)
        .send({ error: { code: "conflict", message: `${field}: this value is already taken`, details: { field } } });
    }
    req.log.error({ err }, "unhandled error");
    return reply
      .status(500)
      .send({ error: { code: "internal_error", message: "Something went wrong on our side; it has been logged." } });
  });
  app.setNotFoundHandler((req, reply) => {
    reply
      .status(404)
      .send({ error: { code: "not_found", message: `No route for ${req.method} ${req.url.split("?")[0]}` } });
  });
}
