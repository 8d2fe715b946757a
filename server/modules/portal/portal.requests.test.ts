import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AgentActor } from "../../http/actor";
import { buildAgent, buildCustomer, buildOrganization, buildTicket } from "../../test/factories";
import { DIALECTS, type TestEnv } from "../../test/harness";
import {
  customerId,
  OTHER_SUBJECT,
  type PortalDetail,
  type PortalRequest,
  portalEnv,
  SECRET_NOTE,
  SECRET_TAG,
  signIn,
  type TimelineMessage,
  type TimelineState,
} from "../../test/portal";

describe.each(DIALECTS)("portal requests list on %s", (dialect) => {
  let env: TestEnv;
  let agent: AgentActor;
  beforeAll(async () => {
    ({ env, agent } = await portalEnv(dialect));
  });
  afterAll(async () => env?.close());

  it("shows a customer their requests in plain words, who handles them and when the next answer is due", async () => {
    const marco = await buildAgent(env.rt.ctx.db, env.workspaceId, {
      name: "Marco Bianchi",
      email: "marco.bianchi@example.test",
    });
    const email = "paolo@example.test";
    const open = await buildTicket(env.rt.ctx, agent, {
      subject: "Stampante offline",
      requester: { email, name: "Paolo" },
      assignee_id: marco.id,
      note: SECRET_NOTE,
      tags: [SECRET_TAG],
    });
    const fresh = await buildTicket(env.rt.ctx, agent, { subject: "Nuova richiesta", requester: { email } });
    const waiting = await buildTicket(env.rt.ctx, agent, {
      subject: "Serve il seriale",
      requester: { email },
      reply: "Ci mandi il numero di serie?",
      status: "pending",
    });
    const solved = await buildTicket(env.rt.ctx, agent, {
      subject: "Password",
      requester: { email },
      reply: "Fatto.",
      status: "solved",
    });
    await buildTicket(env.rt.ctx, agent, { subject: OTHER_SUBJECT, requester: { email: "altro@example.test" } });
    const s = await signIn(env, await customerId(env, email));

    const list = (await env.app.inject({ method: "GET", url: "/api/v1/portal/requests", headers: s.headers })).json<{
      data: PortalRequest[];
    }>().data;
    const byNumber = new Map(list.map((r) => [r.number, r]));
    expect(list).toHaveLength(4);
    expect(byNumber.get(open.number)).toMatchObject({ state: "in_progress", handled_by: "Marco", mine: true });
    expect(byNumber.get(fresh.number)).toMatchObject({ state: "received", handled_by: null });
    expect(byNumber.get(fresh.number)?.next_answer_due).toMatch(/^\d{4}-/);
    expect(byNumber.get(waiting.number)).toMatchObject({ state: "waiting_for_you", next_answer_due: null });
    expect(byNumber.get(solved.number)).toMatchObject({ state: "solved" });
    expect(byNumber.get(solved.number)?.reopen_until).toMatch(/^\d{4}-/);

    const detail = (
      await env.app.inject({ method: "GET", url: `/api/v1/portal/requests/${waiting.number}`, headers: s.headers })
    ).json<PortalDetail>();
    expect(
      detail.timeline
        .filter((i): i is TimelineMessage => i.kind === "message")
        .map((m) => [m.author.type, m.author.name]),
    ).toEqual([
      ["customer", "Paolo"],
      ["agent", "Ada"],
    ]);
    expect(detail.timeline.filter((i): i is TimelineState => i.kind === "state").map((i) => i.state)).toContain(
      "waiting_for_you",
    );

    // Another customer's request answers exactly like a request that does not exist.
    const other = await env.rt.ctx.db
      .selectFrom("tickets")
      .select("number")
      .where("subject", "=", OTHER_SUBJECT)
      .executeTakeFirstOrThrow();
    const foreign = await env.app.inject({
      method: "GET",
      url: `/api/v1/portal/requests/${other.number}`,
      headers: s.headers,
    });
    expect(foreign.statusCode).toBe(404);
    expect(
      (await env.app.inject({ method: "GET", url: "/api/v1/portal/requests/999999", headers: s.headers })).json(),
    ).toEqual(foreign.json());
  });

  it("lets colleagues see each other's requests only when their organization shares them", async () => {
    const org = await buildOrganization(env.rt.ctx.db, env.workspaceId, { name: "Ottica Rossi" });
    const a = await buildCustomer(env.rt.ctx.db, env.workspaceId, {
      email: "a@ottica.test",
      name: "Anna",
      organization_id: org.id,
    });
    const b = await buildCustomer(env.rt.ctx.db, env.workspaceId, {
      email: "b@ottica.test",
      name: "Bruno",
      organization_id: org.id,
    });
    const t = await buildTicket(env.rt.ctx, agent, { subject: "Occhiali", requester: { email: "b@ottica.test" } });
    const s = await signIn(env, a.id);
    const list = () =>
      env.app.inject({ method: "GET", url: "/api/v1/portal/requests", headers: s.headers }).then((r) => r.json().data);
    const r0 = await env.app.inject({ method: "GET", url: "/api/v1/portal/requests", headers: s.headers });
    expect(r0.json(), r0.body).toEqual({ data: [] });
    await env.app.inject({
      method: "PATCH",
      url: `/api/v1/organizations/${org.id}`,
      headers: env.auth(env.adminToken),
      payload: { portal_shared: true },
    });
    expect(await list()).toEqual([expect.objectContaining({ number: t.number, mine: false, requester_name: "Bruno" })]);
    // Seeing is not writing: only the person who asked can reply.
    const write = await env.app.inject({
      method: "POST",
      url: `/api/v1/portal/requests/${t.number}/messages`,
      headers: s.headers,
      payload: { body_text: "Io sono la collega" },
    });
    expect(write.statusCode).toBe(403);
    expect(b.id).toBeGreaterThan(0);
  });
});
