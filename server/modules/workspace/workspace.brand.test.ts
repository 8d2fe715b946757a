import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAgent } from "../../db/factories";
import { DATABASES, type TestEnv, testEnv, tokenFor } from "../../test/harness";
import { makePng } from "../../test/png";
import { brandColours, contrast, linkColour, textOn } from "./workspace.brand";

/** A real 2×2 PNG, red. */
const png = () => makePng(2, () => [255, 0, 0, 255]);

function form(name: string, type: string, content: Buffer) {
  const boundary = "----logo" + Math.random().toString(16).slice(2);
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { "content-type": `multipart/form-data; boundary=${boundary}` } };
}

describe("brand colours keep WCAG AA contrast", () => {
  it("puts near-black text on a light colour and white on a dark one, at 4.5:1 or more", () => {
    const light = "#ffd60a";
    const dark = "#0b3d2e";
    expect(textOn(light)).toBe("#111111");
    expect(textOn(dark)).toBe("#ffffff");
    expect(contrast(textOn(light), light)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(textOn(dark), dark)).toBeGreaterThanOrEqual(4.5);
    // The hardest middle grey: neither white nor near-black reaches 4.5, black does.
    expect(contrast(textOn("#777777"), "#777777")).toBeGreaterThanOrEqual(4.5);
    for (let i = 0; i < 4096; i++) {
      const c = `#${[i >> 8, (i >> 4) & 15, i & 15].map((v) => (v * 17).toString(16).padStart(2, "0")).join("")}`;
      expect(contrast(textOn(c), c)).toBeGreaterThanOrEqual(4.5);
      expect(contrast(linkColour(c), "#f6f8fa")).toBeGreaterThanOrEqual(4.5);
    }
  });

  it("keeps a dark colour for links as it is and darkens a light one", () => {
    expect(linkColour("#0b3d2e")).toBe("#0b3d2e");
    const link = linkColour("#ffd60a");
    expect(link).not.toBe("#ffd60a");
    expect(contrast(link, "#ffffff")).toBeGreaterThanOrEqual(4.5);
    expect(brandColours(null)).toEqual({ band: "#0b5cad", onBand: "#ffffff", link: "#0b5cad" });
  });
});

describe.each(DATABASES)("workspace brand on %s", (dialect) => {
  let env: TestEnv;
  let agentToken: string;
  beforeAll(async () => {
    env = await testEnv(dialect, {}, { worker: false });
    agentToken = await tokenFor(env, (await buildAgent(env.rt.ctx.db, env.workspaceId, { role: "agent" })).id);
  });
  afterAll(async () => env?.close());
  const admin = () => env.auth(env.adminToken);
  const patch = (payload: object) =>
    env.app.inject({ method: "PATCH", url: "/api/v1/workspace", payload, headers: admin() });
  const putLogo = (f: { payload: Buffer; headers: Record<string, string> }) =>
    env.app.inject({
      method: "PUT",
      url: "/api/v1/workspace/logo",
      payload: f.payload,
      headers: { ...admin(), ...f.headers },
    });

  it("sets the brand colour as #rrggbb, refuses anything else, and clears it with null", async () => {
    const ok = await patch({ brand_color: "#0B6E4F" });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().brand_color).toBe("#0b6e4f");
    for (const wrong of ["red", "#0b6e4", "#0b6e4fff", "0b6e4f", "#gggggg", "url(x)"]) {
      const res = await patch({ brand_color: wrong });
      expect(res.statusCode, wrong).toBe(400);
      expect(res.json().error.code).toBe("validation_error");
    }
    expect((await patch({ brand_color: null })).json().brand_color).toBeNull();
    expect((await patch({ brand_color: "#ffd60a" })).json().brand_color).toBe("#ffd60a");
  });

  it("takes a PNG logo, refuses SVG, a renamed text file and one too large, and only from an admin", async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    const refused = await putLogo(form("logo.svg", "image/svg+xml", svg));
    expect(refused.statusCode).toBe(415);
    expect(refused.json().error.code).toBe("unsupported_logo_type");
    // The name and the declared type do not count: the bytes do.
    const fake = await putLogo(form("logo.png", "image/png", Buffer.from("not a picture at all")));
    expect([fake.statusCode, fake.json().error.code]).toEqual([415, "unsupported_logo_type"]);
    const big = await putLogo(form("big.png", "image/png", Buffer.concat([png(), Buffer.alloc(600 * 1024)])));
    expect([big.statusCode, big.json().error.code]).toEqual([413, "logo_too_large"]);
    const empty = await putLogo({
      payload: Buffer.from("x"),
      headers: { "content-type": "multipart/form-data; boundary=zz" },
    });
    expect([empty.statusCode, empty.json().error.code]).toEqual([400, "invalid_logo_upload"]);
    const agent = await env.app.inject({
      method: "PUT",
      url: "/api/v1/workspace/logo",
      ...form("logo.png", "image/png", png()),
      headers: { ...env.auth(agentToken), ...form("logo.png", "image/png", png()).headers },
    });
    expect(agent.statusCode).toBe(403);
    expect(
      (await env.app.inject({ method: "GET", url: "/api/v1/workspace", headers: admin() })).json().logo_url,
    ).toBeNull();

    const ok = await putLogo(form("logo.png", "image/png", png()));
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().logo_url).toMatch(/^\/help\/logo\?v=[0-9a-f]{16}$/);
  });

  it("serves the logo publicly as an image, cached by its version, and shows it with the colour on every help page", async () => {
    const ws = (await env.app.inject({ method: "GET", url: "/api/v1/workspace", headers: admin() })).json();
    const logo = await env.app.inject({ method: "GET", url: ws.logo_url });
    expect(logo.statusCode).toBe(200);
    expect(logo.headers["content-type"]).toBe("image/png");
    expect(logo.headers["x-content-type-options"]).toBe("nosniff");
    expect(logo.headers["content-security-policy"]).toBe("default-src 'none'; sandbox");
    expect(logo.headers["cache-control"]).toContain("max-age=31536000");
    expect(logo.rawPayload.equals(png())).toBe(true);
    // Without the version (or an old one) it is checked each time.
    const unversioned = await env.app.inject({ method: "GET", url: "/help/logo" });
    expect(unversioned.headers["cache-control"]).toBe("no-cache");
    const again = await env.app.inject({
      method: "GET",
      url: ws.logo_url,
      headers: { "if-none-match": String(logo.headers.etag) },
    });
    expect(again.statusCode).toBe(304);

    for (const url of ["/help/it", "/help/en", "/help/en/search?q=order", "/help/it/nessuna-pagina"]) {
      const page = (await env.app.inject({ method: "GET", url })).body;
      expect(page, url).toContain(`<img src="${ws.logo_url}" alt="" height="36">`);
      // A light yellow band: near-black text on it, and links darkened to read on the page.
      expect(page).toContain("header{background:#ffd60a;color:#111111}");
      expect(page).toContain(`a{color:${linkColour("#ffd60a")}}`);
      expect(page).not.toContain("<script");
    }
  });

  it("keeps a logo over 256 KB on disk and serves it whole", async () => {
    const large = Buffer.concat([png(), Buffer.alloc(300 * 1024, 7)]);
    const res = await putLogo(form("large.png", "image/png", large));
    expect(res.statusCode, res.body).toBe(200);
    const served = await env.app.inject({ method: "GET", url: res.json().logo_url });
    expect([served.statusCode, served.headers["content-type"]]).toEqual([200, "image/png"]);
    expect(served.rawPayload.equals(large)).toBe(true);
  });

  it("removes the logo: the pages lose it and its address answers 404", async () => {
    const res = await env.app.inject({ method: "DELETE", url: "/api/v1/workspace/logo", headers: admin() });
    expect(res.statusCode).toBe(200);
    expect(res.json().logo_url).toBeNull();
    expect((await env.app.inject({ method: "GET", url: "/help/logo" })).statusCode).toBe(404);
    expect((await env.app.inject({ method: "GET", url: "/help/it" })).body).not.toContain("/help/logo");
    await patch({ brand_color: null });
    expect((await env.app.inject({ method: "GET", url: "/help/it" })).body).toContain(
      "header{background:#0b5cad;color:#ffffff}",
    );
  });
});
