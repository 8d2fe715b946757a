import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAgent } from "../../db/factories";
import { DATABASES, type TestEnv, testEnv, tokenFor } from "../../test/harness";

// Images in articles through the real app, on SQLite and PostgreSQL: uploaded by agents, served to anybody with
// their type, nosniff and a year's cache, kept by the article page's sanitizer; other files refused, and a ticket
// attachment never served by the help centre.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);
const GIF = Buffer.from("R0lGODlhAQABAAAAACwAAAAAAQABAAA=", "base64");

describe.each(DATABASES)("images in articles on %s", (dialect) => {
  let env: TestEnv;
  let agentToken: string;
  beforeAll(async () => {
    env = await testEnv(dialect, {}, { worker: false });
    const agent = await buildAgent(env.rt.ctx.db, env.workspaceId, { role: "agent", name: "Aldo Agente" });
    agentToken = await tokenFor(env, agent.id);
  });
  afterAll(async () => env?.close());

  const upload = (name: string, type: string, payload: Buffer, token = agentToken, url = "/api/v1/kb/images") =>
    env.app.inject({
      method: "POST",
      url: `${url}?filename=${encodeURIComponent(name)}`,
      headers: { ...env.auth(token), "content-type": type },
      payload,
    });

  it("uploads an image that anybody sees at its url, with its type, nosniff and a long cache", async () => {
    const up = await upload("schema caldaia.png", "image/png", PNG);
    expect(up.statusCode, up.body).toBe(201);
    const img = up.json();
    expect(img).toMatchObject({ filename: "schema caldaia.png", content_type: "image/png", size: PNG.length });
    expect(img.url).toMatch(/^\/help\/images\/[A-Za-z0-9_-]{22}$/);
    const res = await env.app.inject({ method: "GET", url: img.url });
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.equals(PNG)).toBe(true);
    expect(res.headers).toMatchObject({
      "content-type": "image/png",
      "x-content-type-options": "nosniff",
      "cache-control": "public, max-age=31536000, immutable",
    });
    // The type is the bytes', whatever the browser said among the four.
    const gif = (await upload("anim.gif", "image/gif", GIF)).json();
    expect((await env.app.inject({ method: "GET", url: gif.url })).headers["content-type"]).toBe("image/gif");
  });

  it("shows the image on the public article page (the sanitizer keeps its src)", async () => {
    const img = (await upload("pannello.png", "image/png", PNG)).json();
    const a = await env.app.inject({
      method: "POST",
      url: "/api/v1/kb/articles",
      headers: env.auth(agentToken),
      payload: {
        title: `Il pannello di controllo ${dialect}`,
        body_markdown: `Ecco il pannello:\n\n![pannello.png](${img.url})\n`,
        language: "it",
        status: "published",
      },
    });
    expect(a.statusCode, a.body).toBe(201);
    const page = await env.app.inject({ method: "GET", url: `/help/it/articles/${a.json().slug}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`<img src="${img.url}" alt="pannello.png"`);
  });

  it("refuses what is not a PNG, JPEG, GIF or WebP image, whatever it claims", async () => {
    for (const [name, type, body] of [
      ["logo.svg", "image/svg+xml", Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')],
      ["finta.png", "image/png", Buffer.from("<html><script>alert(1)</script></html>")],
      ["nota.txt", "text/plain", Buffer.from("testo")],
      ["foto.png", "application/octet-stream", PNG],
    ] as const) {
      const res = await upload(name, type, body);
      expect(res.statusCode, name).toBe(415);
      expect(res.json().error.code).toBe("unsupported_image");
    }
    expect((await upload("vuota.png", "image/png", Buffer.alloc(0))).statusCode).toBe(400);
    const anonymous = await env.app.inject({
      method: "POST",
      url: "/api/v1/kb/images?filename=x.png",
      headers: { "content-type": "image/png" },
      payload: PNG,
    });
    expect(anonymous.statusCode).toBe(401);
  });

  it("never serves a ticket attachment, or anything not uploaded for the knowledge base", async () => {
    const att = await upload("fattura.png", "image/png", PNG, env.adminToken, "/api/v1/attachments");
    expect(att.statusCode).toBe(201);
    const { id } = att.json();
    const sha = (
      await env.rt.ctx.db.selectFrom("attachments").select("sha256").where("id", "=", id).executeTakeFirstOrThrow()
    ).sha256;
    for (const key of [String(id), sha, "AAAAAAAAAAAAAAAAAAAAAA", "..%2F..%2Fetc%2Fpasswd"]) {
      const res = await env.app.inject({ method: "GET", url: `/help/images/${key}` });
      expect(res.statusCode, key).toBe(404);
      expect(res.headers["content-type"]).toMatch(/^application\/json/);
    }
  });
});
