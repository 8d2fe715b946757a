import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newOutboxMail } from "../../db/mail-outbox";
import { type TestEnv, testEnv, waitFor } from "../../test/harness";
import { type Relay, startRelay } from "../../test/relay";
import type { Db } from "../../db/index";
import { announceDelivery, BACKGROUND_WAIT_MS, backgroundWaitMs, ingest, intakeBusy, markArrival } from "./inbound";
import { sendMail } from "./outbound";
import { insertOutboxMail } from "./outbound.queries";

// While mail is arriving, background work waits for a pause, 30 s at most from the start of the burst.
describe("the wait of background work while mail is arriving", () => {
  // The bursts are kept per database; a key of its own keeps this test's apart from every other.
  const at = { db: {} as Db };
  it("lasts while arrivals are under 250 ms apart, counts from the burst's first message, and ends with a pause", () => {
    expect(backgroundWaitMs(at, 1_000)).toBe(0);
    for (let t = 1_000; t <= 11_000; t += 200) markArrival(at.db, t);
    expect(intakeBusy(at, 11_100)).toBe(true);
    expect(backgroundWaitMs(at, 11_100)).toBe(BACKGROUND_WAIT_MS - 10_100);
    // A pause of 250 ms ends the burst; the next message starts another, with a wait of its own.
    expect(backgroundWaitMs(at, 11_250)).toBe(0);
    markArrival(at.db, 11_300);
    expect(backgroundWaitMs(at, 11_300)).toBe(BACKGROUND_WAIT_MS);
  });

  it("ends after 30 s of mail without a pause, so that a steady stream never starves background work", () => {
    const steady = { db: {} as Db };
    for (let t = 0; t <= BACKGROUND_WAIT_MS + 1_000; t += 100) markArrival(steady.db, t);
    expect(intakeBusy(steady, BACKGROUND_WAIT_MS + 1_050)).toBe(true);
    expect(backgroundWaitMs(steady, BACKGROUND_WAIT_MS + 1_050)).toBe(0);
  });
});

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
    await env.app.inject({
      method: "POST",
      url: "/api/v1/mailboxes",
      headers: env.auth(env.adminToken),
      payload: { address: "help@shop.it" },
    });
  });
  afterAll(async () => {
    await env?.close();
    await relay?.close();
  });

  // A message arriving. Its mark reaches half a second ahead, so that a stall of this busy test process (a first
  // parse, a compilation, other test files on the same cores) is not taken for a pause in the mail.
  const arrive = () => {
    announceDelivery(env.rt.ctx)();
    markArrival(env.rt.ctx.db, Date.now() + 500);
  };

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
    arrive();
    const arrivals = setInterval(arrive, 50);
    replyArrived = () => {
      clearInterval(arrivals);
      stoppedAt = Date.now();
    };
    const started = Date.now();
    await Promise.all([sendMail(env.rt.ctx, ack, 1), sendMail(env.rt.ctx, reply, 1)]);
    const at = (subject: string) => arrived.find((a) => a.subject === subject)!.at;
    expect(at("reply")).toBeLessThan(at("ack"));
    // The acknowledgement left once the arrivals had paused (250 ms; its longest wait, 30 s, is far off).
    expect(at("ack")).toBeGreaterThanOrEqual(stoppedAt + 200);
    expect(stoppedAt).toBeGreaterThan(started);
  });

  it("holds what the mail caused (a new ticket's acknowledgement) until the arrivals pause, not what an agent did", async () => {
    // The worker's dispatcher runs in this env. While mail keeps arriving, the events of a ticket created by an
    // email wait in the outbox; those of a ticket an agent creates meanwhile (a request's) are dispatched at once.
    const db = env.rt.ctx.db;
    const { before } = await db
      .selectFrom("outbox")
      .select((eb) => eb.fn.max("id").as("before"))
      .executeTakeFirstOrThrow();
    const events = () =>
      db
        .selectFrom("outbox")
        .select(["id", "dispatched_at", "request_id"])
        .where("id", ">", Number(before ?? 0))
        .execute();
    let arriving = true;
    arrive();
    const arrivals = setInterval(() => arriving && arrive(), 50);
    try {
      const raw = Buffer.from(
        "From: Paola <paola@bar.it>\r\nTo: help@shop.it\r\nSubject: In arrivo\r\nMessage-ID: <p1@bar.it>\r\n\r\nTesto\r\n",
      );
      expect((await ingest(env.rt.ctx, { raw, recipients: ["help@shop.it"] })).status).toBe("created");
      const byAgent = await env.app.inject({
        method: "POST",
        url: "/api/v1/tickets",
        headers: env.auth(env.adminToken),
        payload: { subject: "Telefonata", body_text: "Ha chiamato", requester: { email: "gino@bar.it" } },
      });
      expect(byAgent.statusCode).toBe(201);
      const fromRequest = await waitFor(
        async () => {
          const all = await events();
          const mine = all.filter((e) => e.request_id !== null);
          return mine.length > 0 && mine.every((e) => e.dispatched_at !== null) && all;
        },
        { what: () => "the agent's ticket's events, dispatched while mail arrives" },
      );
      const fromMail = fromRequest.filter((e) => e.request_id === null);
      expect(fromMail.length).toBeGreaterThan(0);
      expect(fromMail.filter((e) => e.dispatched_at !== null)).toEqual([]);
      arriving = false;
      await waitFor(async () => (await events()).every((e) => e.dispatched_at !== null), {
        what: () => "the email's events after the pause",
      });
    } finally {
      clearInterval(arrivals);
    }
  });
});

// Mail that keeps coming past the wait: the listeners then run in turns of a few events, each followed by a rest,
// so that they take a small share of the main thread and still keep up.
describe("background work when mail never pauses", () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await testEnv("sqlite");
  });
  afterAll(async () => {
    await env?.close();
  });

  it("is dispatched in turns while the arrivals go on past the wait", async () => {
    const { db } = env.rt.ctx;
    // A burst that began more than the wait ago and goes on for 20 s more, marked ahead so that no stall of this
    // process breaks it (this env's database has seen no other).
    const now = Date.now();
    for (let t = now - BACKGROUND_WAIT_MS - 1_000; t <= now + 20_000; t += 100) markArrival(db, t);
    expect(intakeBusy(env.rt.ctx)).toBe(true);
    expect(backgroundWaitMs(env.rt.ctx)).toBe(0);
    // Sixty events the mail caused (no request), in one statement, so that the dispatcher finds them all at once.
    const rows = Array.from({ length: 60 }, (_, i) => ({
      workspace_id: env.workspaceId,
      event: "ticket.merged",
      payload: JSON.stringify({ ticket_id: 1, number: 1, into_id: 2, into_number: 2 + i }),
      request_id: null,
      created_at: Date.now(),
    }));
    const ids = (await db.insertInto("outbox").values(rows).returning("id").execute()).map((r) => r.id);
    const done = await waitFor(
      async () => {
        const got = await db.selectFrom("outbox").select("dispatched_at").where("id", "in", ids).execute();
        return got.every((r) => r.dispatched_at !== null) && got.map((r) => r.dispatched_at!);
      },
      { what: () => "the events dispatched while mail goes on arriving" },
    );
    // Still arriving: the events were not held for a pause.
    expect(intakeBusy(env.rt.ctx)).toBe(true);
    const turns = new Map<number, number>();
    for (const at of done) turns.set(at, (turns.get(at) ?? 0) + 1);
    expect(turns.size).toBeGreaterThanOrEqual(3);
    expect(Math.max(...turns.values())).toBeLessThanOrEqual(25);
  });
});
