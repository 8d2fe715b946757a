import client from "prom-client";

/**
 * Counters that channels outside HTTP update (the SMTP server), created once per runtime and exported on
 * the node's /metrics with the rest.
 */
export function channelMetrics() {
  const registry = new client.Registry();
  return {
    registry,
    smtpAccepted: new client.Counter({
      name: "sportello_smtp_accepted_total",
      help: "Messages accepted by the SMTP server (250)",
      registers: [registry],
    }),
    smtpRejected: new client.Counter({
      name: "sportello_smtp_rejected_total",
      help: "Messages or recipients rejected by the SMTP server",
      labelNames: ["code"],
      registers: [registry],
    }),
  };
}
export type ChannelMetrics = ReturnType<typeof channelMetrics>;
