import type client from "prom-client";
import type { Config } from "./config";

/** A count a channel keeps (prom-client's Counter, or nothing when /metrics is off). */
export interface Count<Labels = never> {
  inc(...labels: [Labels] extends [never] ? [] : [Labels]): void;
}
const NOWHERE = { inc() {} };

export interface ChannelMetrics {
  /** Null when /metrics is off: nobody reads the counts, and prom-client is never loaded. */
  registry: client.Registry | null;
  smtpAccepted: Count;
  smtpRejected: Count<{ code: string }>;
}

/** /metrics is served with METRICS_TOKEN or METRICS_ADDRESS, and off with neither. */
export const metricsOn = (config: Pick<Config, "metricsToken" | "metricsAddress">) =>
  Boolean(config.metricsToken || config.metricsAddress);

/**
 * Counters that channels outside HTTP update (the SMTP server), created once per runtime and exported on
 * the node's /metrics with the rest. With /metrics off they count nothing, and prom-client (13 MB of an idle
 * node) stays unloaded.
 */
export async function channelMetrics(config: Pick<Config, "metricsToken" | "metricsAddress">): Promise<ChannelMetrics> {
  if (!metricsOn(config)) return { registry: null, smtpAccepted: NOWHERE, smtpRejected: NOWHERE };
  const { default: prom } = await import("prom-client");
  const registry = new prom.Registry();
  return {
    registry,
    smtpAccepted: new prom.Counter({
      name: "sportello_smtp_accepted_total",
      help: "Messages accepted by the SMTP server (250)",
      registers: [registry],
    }),
    smtpRejected: new prom.Counter({
      name: "sportello_smtp_rejected_total",
      help: "Messages or recipients rejected by the SMTP server",
      labelNames: ["code"],
      registers: [registry],
    }),
  };
}
