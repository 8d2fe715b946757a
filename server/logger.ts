import pino, { type Logger, type LoggerOptions } from "pino";
import type { Config } from "./config";

/** Query parameters whose value is a secret: an API token (websocket ?token=), a sign-in or survey link's token. */
const SECRET_PARAM = /^(token|access_token|api_key|key|secret|password|code|signature|sig)$/i;

/** The URL with the values of its secret query parameters replaced by [redacted]. */
export function redactUrl(url: string): string {
  const q = url.indexOf("?");
  if (q < 0) return url;
  const params = url
    .slice(q + 1)
    .split("&")
    .map((p) => {
      const eq = p.indexOf("=");
      if (eq < 0) return p;
      let name = p.slice(0, eq);
      try {
        name = decodeURIComponent(name);
      } catch {
        // a name that is not valid percent-encoding is compared as it is
      }
      return SECRET_PARAM.test(name) ? `${p.slice(0, eq)}=[redacted]` : p;
    });
  return `${url.slice(0, q + 1)}${params.join("&")}`;
}

interface LoggedRequest {
  method?: string;
  url?: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

/**
 * What every logger of the process keeps out of its lines: Fastify's request serializer (the request's line) with
 * the URL's secrets redacted, and, wherever a record carries them, credentials in headers and bodies.
 */
export const LOG_OPTIONS: Pick<LoggerOptions, "redact" | "serializers"> = {
  redact: {
    paths: [
      "req.headers.authorization",
      "req.headers.cookie",
      'req.headers["x-csrf-token"]',
      'res.headers["set-cookie"]',
      "headers.authorization",
      "headers.cookie",
      'headers["set-cookie"]',
      "authorization",
      "cookie",
      "password",
      "*.password",
      "token",
      "*.token",
      "secret",
      "*.secret",
    ],
    censor: "[redacted]",
  },
  serializers: {
    req: (req: LoggedRequest) => ({
      method: req.method,
      url: req.url === undefined ? undefined : redactUrl(req.url),
      host: req.host,
      remoteAddress: req.ip,
      remotePort: req.socket?.remotePort,
    }),
  },
};

/**
 * The process's logger. JSON lines (pino's own, written as they come) for a log collector: when stdout is not a
 * terminal, or with LOG_FORMAT=json. On a terminal, lines for people: time, level, message, then the fields;
 * pino-pretty is loaded only then, and formats in this thread, synchronously, so its lines and the start's own
 * (console.log) come out in order. Nobody reads a terminal at thousands of lines a second, so the formatting is
 * never on a production node's hot path.
 */
export async function createLogger(config: Pick<Config, "logLevel" | "logFormat">): Promise<Logger> {
  if (config.logFormat === "json") return pino({ ...LOG_OPTIONS, level: config.logLevel });
  const { default: pretty } = await import("pino-pretty");
  return pino(
    { ...LOG_OPTIONS, level: config.logLevel },
    pretty({
      colorize: true,
      sync: true,
      translateTime: "SYS:HH:MM:ss",
      ignore: "pid,hostname",
      // The fields on the message's line; an error's stack below it.
      singleLine: true,
    }),
  );
}
