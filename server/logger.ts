import pino, { type Logger } from "pino";
import type { Config } from "./config";

/**
 * The process's logger. JSON lines (pino's own, written as they come) for a log collector: when stdout is not a
 * terminal, or with LOG_FORMAT=json. On a terminal, lines for people: time, level, message, then the fields;
 * pino-pretty is loaded only then, and formats in this thread, synchronously, so its lines and the start's own
 * (console.log) come out in order. Nobody reads a terminal at thousands of lines a second, so the formatting is
 * never on a production node's hot path.
 */
export async function createLogger(config: Pick<Config, "logLevel" | "logFormat">): Promise<Logger> {
  if (config.logFormat === "json") return pino({ level: config.logLevel });
  const { default: pretty } = await import("pino-pretty");
  return pino(
    { level: config.logLevel },
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
