import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCustomer } from "../../test/factories";
import { DIALECTS, type TestEnv } from "../../test/harness";
import { portalEnv } from "../../test/portal";
import { createPortalLink } from "../portal-links/portal-links";

describe.each(DIALECTS)("portal sign-in links on %s", (dialect) => {
  let env: TestEnv;
  beforeAll(async () => {
    ({ env } = await portalEnv(dialect));
  });
  afterAll(async () => env?.close());

  it("emails a single-use sign-in link, says the same for unknown addresses and refuses a used or expired link", async () => {
    const c = await buildCustomer(env.rt.ctx.db, env.workspaceId, {
      email: "giulia@example.test",
      name: "Giulia Neri",
      language: "it",
    });
    const before = await env.rt.ctx.db
      .selectFrom("mail_outbox")
      .select("id")
      .where("kind", "=", "portal_link")
      .execute();
    const ask = (email: string) =>
      env.app.inject({ method: "POST", url: "/api/v1/portal/sign-in-link", payload: { email } });
    expect((await ask("giulia@example.test")).json()).toEqual({ ok: true });
    expect((await ask("nobody@example.test")).json()).toEqual({ ok: true });
    expect((await ask("not an email")).json().error.code).toBe("validation_error");
    const mails = await env.rt.ctx.db.selectFrom("mail_outbox").selectAll().where("kind", "=", "portal_link").execute();
    expect(mails.length).toBe(before.length + 1);
    const mail = mails[mails.length - 1];
    expect(mail).toMatchObject({
      to_address: "giulia@example.test",
      ticket_id: null,
      subject: "Il tuo link per seguire le richieste",
    });
    const link = mail.body_text.match(/https?:\/\/\S+/)![0];
    const token = new URL(link).searchParams.get("token")!;
    const first = await env.app.inject({ method: "POST", url: "/api/v1/portal/session", payload: { token } });
    expect(first.statusCode).toBe(200);
    const again = await env.app.inject({ method: "POST", url: "/api/v1/portal/session", payload: { token } });
    expect(again.statusCode).toBe(410);
    expect(again.json().error.code).toBe("link_expired");
    // A link past its time is refused too.
    const late = new URL(
      await createPortalLink(env.rt.ctx, { workspaceId: env.workspaceId, customerId: c.id, singleUse: true }),
    ).searchParams.get("token")!;
    await env.rt.ctx.db
      .updateTable("portal_links")
      .set({ expires_at: Date.now() - 1 })
      .where("customer_id", "=", c.id)
      .where("used_at", "is", null)
      .execute();
    expect(
      (await env.app.inject({ method: "POST", url: "/api/v1/portal/session", payload: { token: late } })).statusCode,
    ).toBe(410);
    // Three links per quarter hour (the one made directly above counts): one more is sent, then none.
    for (let i = 0; i < 3; i++) expect((await ask("giulia@example.test")).json()).toEqual({ ok: true });
    const after = await env.rt.ctx.db
      .selectFrom("mail_outbox")
      .select("id")
      .where("kind", "=", "portal_link")
      .where("to_address", "=", "giulia@example.test")
      .execute();
    expect(after.length).toBe(2);
  });
});
