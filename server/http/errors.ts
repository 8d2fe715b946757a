import http from "node:http";
import type { Socket } from "node:net";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from "fastify";
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
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, "bad_request"],
  FST_ERR_CTP_INVALID_TYPE: [400, "bad_request"],
  FST_ERR_VALIDATION: [400, "validation_error"],
  FST_ERR_BAD_URL: [400, "bad_url"],
  FST_ERR_MAX_PARAM_LENGTH: [414, "uri_too_long"],
};

/** A code for an error Fastify raised that the table does not name: from its status. */
const byStatus = (status: number) =>
  (http.STATUS_CODES[status] ?? "bad request").toLowerCase().replace(/[^a-z]+/g, "_");

const errorBody = (code: string, message: string) => JSON.stringify({ error: { code, message } });

/**
 * Errors Fastify answers outside the error handler, given the same body: a path Fastify's router refuses (not a
 * URL component, a value over `maxParamLength`), and a request Node's HTTP parser refuses before Fastify sees it
 * (malformed, headers too large, too slow). Both Fastify constructors (buildApp, a node without the web role) use them.
 */
export const FRAMEWORK_ERROR_OPTIONS: Pick<FastifyServerOptions, "frameworkErrors" | "clientErrorHandler"> = {
  frameworkErrors(err: FastifyError, _req: FastifyRequest, reply: FastifyReply) {
    const [status, code] = FASTIFY_CODES[err.code] ?? [err.statusCode ?? 400, byStatus(err.statusCode ?? 400)];
    const message = code === "uri_too_long" ? "A value in the path is too long" : "The path is not a valid URL";
    void reply.status(status).type("application/json").send(errorBody(code, message));
  },
  clientErrorHandler(err: Error & { code?: string }, socket: Socket) {
    if (err.code === "ECONNRESET" || socket.destroyed) return;
    const [status, code, message] =
      err.code === "ERR_HTTP_REQUEST_TIMEOUT"
        ? [408, "request_timeout", "The request took too long to arrive"]
        : err.code === "HPE_HEADER_OVERFLOW"
          ? [431, "headers_too_large", "The request's headers are too large"]
          : [400, "bad_request", "The request is not valid HTTP"];
    const body = errorBody(code, message);
    if (socket.writable)
      socket.write(
        `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
          `Content-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`,
      );
    socket.destroy(err);
  },
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
      // Fastify's own codes (FST_ERR_…) are its internals: the client gets a name for the status instead.
      const code = fe.code && !fe.code.startsWith("FST_") ? fe.code.toLowerCase() : byStatus(fe.statusCode);
      return reply.status(fe.statusCode).send({ error: { code, message: fe.message } });
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
