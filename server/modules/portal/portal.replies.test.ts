import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AgentActor } from "../../http/actor";
import { buildTicket } from "../../test/factories";
import { DIALECTS, type TestEnv, waitFor } from "../../test/harness";
import { customerId, type PortalDetail, portalEnv, signIn, type TimelineMessage } from "../../test/portal";

describe.each(DIALECTS)("portal replies and the web form on %s", (dialect) => {
  let env: TestEnv;
  let agent: AgentActor;
  beforeAll(async () => {
    ({ env, agent } = await portalEnv(dialect));
  });
  afterAll(async () => env?.close());

  it("takes replies with files from the portal, needs the CSRF token and reopens a solved request only within the window", async () => {
    const email = "sara@example.test";
    const t = await buildTicket(env.rt.ctx, agent, {
      subject: "Reso",
      requester: { email, name: "Sara" },
      reply: "Risolto?",
      status: "solved",
    });
    const s = await signIn(env, await customerId(env, email));
    const noCsrf = await env.app.inject({
      method: "POST",
      url: `/api/v1/portal/requests/${t.number}/reopen`,
      headers: { cookie: s.cookie },
      payload: { body_text: "No" },
    });
    expect(noCsrf.json().error.code).toBe("csrf_failed");
    const up = await env.app.inject({
      method: "POST",
      url: "/api/v1/portal/attachments?filename=foto.png",
      headers: { ...s.headers, "content-type": "image/png" },
      payload: Buffer.from("png-bytes"),
    });
    expect(up.statusCode).toBe(201);
    const reopened = await env.app.inject({
      method: "POST",
      url: `/api/v1/portal/requests/${t.number}/reopen`,
      headers: s.headers,
      payload: { body_text: "Non funziona ancora", attachment_ids: [up.json().id] },
    });
    expect(reopened.statusCode).toBe(200);
    const after = reopened.json<PortalDetail>();
    expect(after.request.state).toBe("in_progress");
    const last = after.timeline.filter((i): i is TimelineMessage => i.kind === "message").at(-1)!;
    expect(last).toMatchObject({
      body_text: "Non funziona ancora",
      attachments: [expect.objectContaining({ filename: "foto.png" })],
    });
    const file = await env.app.inject({ method: "GET", url: last.attachments[0].url, headers: s.headers });
    expect(file.body).toBe("png-bytes");
    expect(file.headers["content-disposition"]).toMatch(/^attachment/);
    // A file gone from the store is a 404 with its JSON error, for the customer and for the agents, not a
    // download that breaks.
    await env.rt.ctx.db
      .deleteFrom("stored_files")
      .where("sha256", "=", crypto.createHash("sha256").update("png-bytes").digest("hex"))
      .execute();
    for (const [url, headers] of [
      [last.attachments[0].url, s.headers],
      [`/api/v1/attachments/${up.json().id}`, env.auth(env.adminToken)],
    ] as const) {
      const gone = await env.app.inject({ method: "GET", url, headers });
      expect(gone.statusCode).toBe(404);
      expect(gone.json().error.code).toBe("not_found");
    }
    // The agents see it as the customer's message.
    const thread = (
      await env.app.inject({
        method: "GET",
        url: `/api/v1/tickets/${t.number}/messages`,
        headers: env.auth(env.adminToken),
      })
    ).json().data;
    expect(thread.at(-1)).toMatchObject({ author: { type: "customer" }, body_text: "Non funziona ancora" });

    await env.app.inject({
      method: "PATCH",
      url: `/api/v1/tickets/${t.number}`,
      headers: env.auth(env.adminToken),
      payload: { status: "solved" },
    });
    await env.app.inject({
      method: "PATCH",
      url: "/api/v1/workspace",
      headers: env.auth(env.adminToken),
      payload: { portal_reopen_days: 0 },
    });
    const late = await env.app.inject({
      method: "POST",
      url: `/api/v1/portal/requests/${t.number}/messages`,
      headers: s.headers,
      payload: { body_text: "Ancora io" },
    });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe("reopen_window_passed");
    await env.app.inject({
      method: "PATCH",
      url: "/api/v1/workspace",
      headers: env.auth(env.adminToken),
      payload: { portal_reopen_days: 14 },
    });
  });

  it("takes a request from the public web form with a file and acknowledges it by email with a portal link", async () => {
    const bad = await env.app.inject({
      method: "POST",
      url: "/api/v1/public/requests",
      payload: { email: "x@example.test", subject: "", body_text: "" },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe("validation_error");
    const res = await env.app.inject({
      method: "POST",
      url: "/api/v1/public/requests",
      payload: {
        name: "Elena Verdi",
        email: "Elena@Example.test",
        subject: "Consegna in ritardo",
        body_text: "L'ordine 4411 non è arrivato.",
        language: "it",
        files: [
          {
            filename: "ricevuta.txt",
            content_type: "text/plain",
            data: Buffer.from("ricevuta 4411").toString("base64"),
          },
        ],
      },
    });
    expect(res.statusCode).toBe(201);
    const { number, portal_url } = res.json();
    expect(portal_url).toBe(`${env.config.publicUrl}/portal/requests/${number}`);
    const ticket = (
      await env.app.inject({ method: "GET", url: `/api/v1/tickets/${number}`, headers: env.auth(env.adminToken) })
    ).json();
    expect(ticket).toMatchObject({ channel: "web", requester: { email: "elena@example.test", name: "Elena Verdi" } });
    const thread = (
      await env.app.inject({
        method: "GET",
        url: `/api/v1/tickets/${number}/messages`,
        headers: env.auth(env.adminToken),
      })
    ).json().data;
    expect(thread[0].attachments).toEqual([expect.objectContaining({ filename: "ricevuta.txt", size: 13 })]);
    const ack = await waitFor(() =>
      env.rt.ctx.db
        .selectFrom("mail_outbox")
        .selectAll()
        .where("kind", "=", "notification")
        .where("to_address", "=", "elena@example.test")
        .executeTakeFirst(),
    );
    expect(ack.body_text).toContain(`#${number}`);
    expect(ack.body_text).toMatch(
      /Segui la tua richiesta in ogni momento: http\S+\/portal\/sign-in\?token=\S+&next=%2Fportal%2Frequests%2F\d+/,
    );
  });
});
