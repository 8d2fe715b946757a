import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWeb } from "../../scripts/build-web.mjs";
import { type TestEnv, testEnv } from "../test/harness";
import { serveWeb } from "../web";

// Issue 21, finding 7: security headers on the pages and the API; only the web form's page may be framed.
describe("security headers", () => {
  let env: TestEnv;
  beforeAll(async () => {
    await buildWeb({ quiet: true });
    env = await testEnv("sqlite", {}, { worker: false });
    await serveWeb(env.app, env.rt.ctx);
  });
  afterAll(() => env?.close());
  const get = (url: string) => env.app.inject({ method: "GET", url });
  const csp = (h: Record<string, unknown>) =>
    Object.fromEntries(
      String(h["content-security-policy"])
        .split(";")
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...values]) => [name, values]),
    ) as Record<string, string[]>;

  it("sends a policy without inline script, nosniff, a referrer policy and no framing on every page", async () => {
    for (const url of ["/", "/portal", "/portal/new", "/api/docs", "/api/v1/me", "/nothing-here"]) {
      const res = await get(url);
      const policy = csp(res.headers);
      expect(policy["script-src"], url).toEqual(["'self'"]);
      expect(policy["object-src"], url).toEqual(["'none'"]);
      expect(policy["frame-ancestors"], url).toEqual(["'none'"]);
      expect(res.headers["x-frame-options"], url).toBe("DENY");
      expect(res.headers["x-content-type-options"], url).toBe("nosniff");
      expect(res.headers["referrer-policy"], url).toBe("strict-origin-when-cross-origin");
    }
  });

  it("keeps the pages free of inline script, /api/docs included", async () => {
    for (const url of ["/", "/portal", "/portal/new", "/form", "/api/docs"]) {
      const html = (await get(url)).body;
      for (const tag of html.match(/<script\b[^>]*>/g) ?? []) expect(tag, url).toMatch(/\bsrc="/);
      expect(html, url).not.toMatch(/\son[a-z]+="/i);
    }
    const script = await get("/api/docs.js");
    expect(script.statusCode).toBe(200);
    expect(script.headers["content-type"]).toMatch(/^text\/javascript/);
  });

  it("lets only the origins an admin lists frame the web form, and embed.js be loaded by other sites", async () => {
    expect(csp((await get("/form")).headers)["frame-ancestors"]).toEqual(["'none'"]);
    const saved = await env.app.inject({
      method: "PATCH",
      url: "/api/v1/workspace",
      headers: env.auth(env.adminToken),
      payload: { form_frame_origins: ["https://www.shop.example", "https://Help.Shop.example:8443/"] },
    });
    expect(saved.statusCode).toBe(400); // a path is not an origin
    const ok = await env.app.inject({
      method: "PATCH",
      url: "/api/v1/workspace",
      headers: env.auth(env.adminToken),
      payload: { form_frame_origins: ["https://www.shop.example", "https://Help.Shop.example:8443"] },
    });
    expect(ok.json().form_frame_origins).toEqual(["https://www.shop.example", "https://help.shop.example:8443"]);
    const form = await get("/form");
    expect(csp(form.headers)["frame-ancestors"]).toEqual([
      "https://www.shop.example",
      "https://help.shop.example:8443",
    ]);
    expect(form.headers["x-frame-options"]).toBeUndefined();
    // The portal's own copy of the form is not for framing.
    expect(csp((await get("/portal/new")).headers)["frame-ancestors"]).toEqual(["'none'"]);
    expect((await get("/embed.js")).headers["cross-origin-resource-policy"]).toBe("cross-origin");
  });
});
