import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newOutboxMail } from "../../db/mail-outbox";
import { type TestEnv, testEnv } from "../../test/harness";
import { type Relay, startRelay } from "../../test/relay";
import { announceDelivery } from "./inbound";
import { sendMail } from "./outbound";
import { insertOutboxMail } from "./outbound.queries";

// While mail is arriving, an automatic email (an acknowledgement) waits for a pause, so that sending never slows
// intake; an email someone is waiting for (an agent's reply) leaves at once. Through a real SMTP relay on loopback.
describe("automatic email while mail is arriving", () => {
  let env: TestEnv;
  let relay: Relay;
  const arrived: { subject: string; at: number }[] = [];
  let replyArrived = () => {};

  beforeAll(async () => {
    relay = await startRelay({
      onMessage(raw) {
        const subject =
          raw
            .toString("utf8")
            .match(/^Subject: (.*)$/m)?.[1]
            .trim() ?? "";
        arrived.push({ subject, at: Date.now() });
        if (subject === "reply") replyArrived();
      },
    });
    env = await testEnv("sqlite", { smtpRelayUrl: relay.url });
  });
  afterAll(async () => {
    await env?.close();
    await relay?.close();
  });

  const outgoing = async (kind: "notification" | "reply", subject: string) => {
    const row = await insertOutboxMail(
      env.rt.ctx,
      newOutboxMail({
        workspace_id: env.workspaceId,
        kind,
        to_address: "luca@bar.it",
        from_address: "help@shop.it",
        subject,
        header_message_id: `<${subject}@shop.it>`,
        body_text: "testo",
        status: "queued",
      }),
    );
    return row.id;
  };

  it("holds an acknowledgement until the arrivals pause, and sends a reply at once", async () => {
    const ack = await outgoing("notification", "ack");
    const reply = await outgoing("reply", "reply");
    // Messages keep arriving (one every 50 ms) until the reply reaches the relay.
    let stoppedAt = 0;
    announceDelivery(env.rt.ctx)();
    const arrivals = setInterval(() => announceDelivery(env.rt.ctx)(), 50);
    replyArrived = () => {
      clearInterval(arrivals);
      stoppedAt = Date.now();
    };
    const started = Date.now();
    await Promise.all([sendMail(env.rt.ctx, ack, 1), sendMail(env.rt.ctx, reply, 1)]);
    const at = (subject: string) => arrived.find((a) => a.subject === subject)!.at;
    expect(at("reply")).toBeLessThan(at("ack"));
    // The acknowledgement left once the arrivals had paused (250 ms), or after its longest wait (2 s).
    expect(at("ack")).toBeGreaterThanOrEqual(Math.min(stoppedAt + 200, started + 2000));
  });
});
