import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestEnv, testEnv } from "../../test/harness";
import { settle } from "../../test/wait";

// Issue 21, finding 3: the public web form cannot be used to mail-bomb an address with acknowledgements.
describe("web form acknowledgements", () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await testEnv("sqlite", { publicRateLimit: 1000, formAckPerHour: 3 });
    await env.app.inject({
      method: "POST",
      url: "/api/v1/mailboxes",
      headers: env.auth(env.adminToken),
      payload: { address: "assistenza@example.test", display_name: "Assistenza" },
    });
  });
  afterAll(async () => env?.close());

  const submit = (email: string, i: number) =>
    env.app.inject({
      method: "POST",
      url: "/api/v1/public/requests",
      payload: { email, subject: `Richiesta ${i}`, body_text: "Testo della richiesta", language: "it" },
    });
  const acks = async (to: string) =>
    (
      await env.rt.ctx.db
        .selectFrom("mail_outbox")
        .select("id")
        .where("kind", "=", "notification")
        .where("to_address", "=", to)
        .execute()
    ).length;

  it("sends at most FORM_ACK_PER_HOUR to one address in an hour; the requests themselves are all taken", async () => {
    for (let i = 0; i < 6; i++)
      expect((await submit(i % 2 ? "Victim@Example.test" : "victim@example.test", i)).statusCode).toBe(201);
    expect((await submit("someone.else@example.test", 9)).statusCode).toBe(201);
    await settle(env.rt.ctx);
    expect(await acks("victim@example.test")).toBe(3);
    expect(await acks("someone.else@example.test")).toBe(1);
    // An hour later the address gets acknowledgements again.
    await env.rt.ctx.db
      .updateTable("mail_outbox")
      .set({ created_at: Date.now() - 3_600_001 })
      .where("to_address", "=", "victim@example.test")
      .execute();
    expect((await submit("victim@example.test", 10)).statusCode).toBe(201);
    await settle(env.rt.ctx);
    expect(await acks("victim@example.test")).toBe(4);
  });
});
