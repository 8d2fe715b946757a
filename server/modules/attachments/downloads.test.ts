import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AgentActor } from "../../http/actor";
import { buildTicket } from "../../test/factories";
import { DATABASES, type TestEnv } from "../../test/harness";
import { customerId, portalEnv, signIn } from "../../test/portal";

// Issue 21, finding 12: a download never runs in our origin. Active content (HTML, SVG, XHTML, JavaScript, XML)
// goes out as application/octet-stream, and every download as an attachment with a sandboxing CSP and nosniff.
const ACTIVE = [
  ["pagina.html", "text/html", "<script>alert(document.cookie)</script>"],
  ["logo.svg", "image/svg+xml", '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'],
  ["doc.xhtml", "application/xhtml+xml", '<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>'],
  ["x.js", "text/javascript", "alert(1)"],
  ["y.js", "application/javascript", "alert(1)"],
  ["dati.xml", "application/xml", "<a/>"],
  ["feed.rss", "application/rss+xml", "<rss/>"],
  ["strano", "text/html;charset=utf-8", "<b>x</b>"],
] as const;

describe.each(DATABASES)("downloads of active content on %s", (dialect) => {
  let env: TestEnv;
  let agent: AgentActor;
  beforeAll(async () => {
    ({ env, agent } = await portalEnv(dialect));
  });
  afterAll(async () => env?.close());

  const expectSafe = (headers: Record<string, unknown>, contentType: string) => {
    expect(headers["content-type"]).toBe(contentType);
    expect(String(headers["content-disposition"])).toMatch(/^attachment;/);
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(String(headers["content-security-policy"])).toMatch(/(^|;\s*)sandbox(;|$)/);
  };

  it("serves active types as application/octet-stream with CSP sandbox to agents and customers", async () => {
    const t = await buildTicket(env.rt.ctx, agent, {
      subject: "File attivi",
      requester: { email: "att@example.test" },
    });
    const s = await signIn(env, await customerId(env, "att@example.test"));
    const ids: number[] = [];
    for (const [name, type, body] of ACTIVE) {
      const up = await env.app.inject({
        method: "POST",
        url: `/api/v1/portal/attachments?filename=${name}`,
        headers: { ...s.headers, "content-type": type },
        payload: Buffer.from(body),
      });
      expect(up.statusCode).toBe(201);
      ids.push(up.json().id);
    }
    const reply = await env.app.inject({
      method: "POST",
      url: `/api/v1/portal/requests/${t.number}/messages`,
      headers: s.headers,
      payload: { body_text: "allegati", attachment_ids: ids },
    });
    expect(reply.statusCode).toBe(201);
    for (const id of ids) {
      const asAgent = await env.app.inject({
        method: "GET",
        url: `/api/v1/attachments/${id}`,
        headers: env.auth(env.adminToken),
      });
      expect(asAgent.statusCode).toBe(200);
      expectSafe(asAgent.headers, "application/octet-stream");
      const asCustomer = await env.app.inject({
        method: "GET",
        url: `/api/v1/portal/attachments/${id}`,
        headers: s.headers,
      });
      expect(asCustomer.statusCode).toBe(200);
      expectSafe(asCustomer.headers, "application/octet-stream");
    }
  });

  it("keeps passive types as they are, still sandboxed", async () => {
    const up = await env.app.inject({
      method: "POST",
      url: "/api/v1/attachments?filename=foto.png",
      headers: { ...env.auth(env.adminToken), "content-type": "image/png" },
      payload: Buffer.from("png"),
    });
    const dl = await env.app.inject({ method: "GET", url: up.json().url, headers: env.auth(env.adminToken) });
    expectSafe(dl.headers, "image/png");
  });
});
