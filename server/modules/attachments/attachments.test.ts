import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, type TestEnv, testEnv } from "../../test/harness";
import { buildAgent, buildWorkspace } from "../../test/factories";
import { createApiToken } from "../auth/auth.service";

describe.each(DATABASES)("attachment upload and download on %s", (dialect) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await testEnv(dialect);
  });
  afterAll(async () => env?.close());
  const upload = (filename: string, contentType: string, payload: string | Buffer, token = env.adminToken) =>
    env.app.inject({
      method: "POST",
      url: `/api/v1/attachments?filename=${encodeURIComponent(filename)}`,
      headers: { ...env.auth(token), "content-type": contentType },
      payload,
    });

  it("keeps the file under a safe name and sends it back as a download", async () => {
    const up = await upload("../conti/marzo.csv", "text/csv; charset=utf-8", Buffer.from("a;b\n1;2\n"));
    expect(up.statusCode).toBe(201);
    const { id } = up.json();
    expect(up.json()).toEqual({
      id,
      filename: ".._conti_marzo.csv",
      content_type: "text/csv",
      size: 8,
      url: `/api/v1/attachments/${id}`,
    });
    const dl = await env.app.inject({ method: "GET", url: up.json().url, headers: env.auth(env.adminToken) });
    expect(dl.statusCode).toBe(200);
    expect(dl.body).toBe("a;b\n1;2\n");
    expect(dl.headers).toMatchObject({
      "content-type": "text/csv",
      "content-disposition": "attachment; filename*=UTF-8''.._conti_marzo.csv",
      "x-content-type-options": "nosniff",
    });
  });

  it("refuses a body that is not a file, and another workspace's attachment", async () => {
    const json = await upload("x.json", "application/json", JSON.stringify({ a: 1 }));
    expect(json.statusCode).toBe(400);
    expect(json.json().error.code).toBe("invalid_upload");
    const mine = (await upload("nota.txt", "application/octet-stream", Buffer.from("solo nostro"))).json();
    const other = await buildWorkspace(env.rt.ctx.db, { name: "Altra" });
    const otherAdmin = await buildAgent(env.rt.ctx.db, other.id, { role: "admin" });
    const theirToken = (await createApiToken(env.rt.ctx.db, other.id, otherAdmin.id, "test")).token;
    const theirs = await env.app.inject({ method: "GET", url: mine.url, headers: env.auth(theirToken) });
    expect(theirs.statusCode).toBe(404);
    const unknown = await env.app.inject({
      method: "GET",
      url: "/api/v1/attachments/999999",
      headers: env.auth(env.adminToken),
    });
    expect(unknown.statusCode).toBe(404);
  });
});
