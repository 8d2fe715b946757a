import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWeb } from "../scripts/build-web.mjs";
import { testEnv, type TestEnv } from "./test/harness";
import { serveWeb } from "./web";

// The built web app as the real server sends it: each audience's page, hashed assets cached for good in the
// encoding the browser accepts, pages revalidated, and the public web form free of the agent app's code.
describe("the web app's pages and assets", () => {
  let env: TestEnv;
  const dist = path.resolve(import.meta.dirname, "../web/dist");
  beforeAll(async () => {
    await buildWeb({ quiet: true });
    env = await testEnv("sqlite", {}, { worker: false });
    await serveWeb(env.app, env.rt.ctx);
  });
  afterAll(() => env?.close());

  const get = (url: string, encoding?: string) =>
    env.app.inject({ method: "GET", url, headers: encoding === undefined ? {} : { "accept-encoding": encoding } });
  /** The scripts and styles a page names (its entry and the chunks it preloads). */
  const assetsOf = (html: string) => [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);

  it("sends a hashed script as brotli or gzip as the browser asks, or plain, cached for good", async () => {
    const script = assetsOf((await get("/")).body).find((a) => a.endsWith(".js"))!;
    const plain = fs.readFileSync(path.join(dist, script));
    const cases = [
      ["gzip, deflate, br, zstd", "br", `${script}.br`],
      ["gzip", "gzip", `${script}.gz`],
      ["identity", undefined, script],
      [undefined, undefined, script],
    ] as const;
    for (const [accept, encoding, file] of cases) {
      const res = await get(script, accept);
      expect(res.statusCode, String(accept)).toBe(200);
      expect(res.headers["content-encoding"], String(accept)).toBe(encoding);
      expect(res.headers["content-type"]).toMatch(/^(text|application)\/javascript/);
      expect(res.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
      expect(res.headers.vary).toBe("accept-encoding");
      expect(res.rawPayload.equals(fs.readFileSync(path.join(dist, file))), String(accept)).toBe(true);
    }
    expect((await get(script, "br")).rawPayload.length).toBeLessThan(plain.length / 2);
    const style = assetsOf((await get("/")).body).find((a) => a.endsWith(".css"))!;
    const css = await get(style, "gzip, br");
    expect([css.headers["content-encoding"], css.headers["content-type"]]).toEqual(["br", "text/css; charset=utf-8"]);
    expect(css.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
  });

  it("answers each audience's paths with its page, revalidated on every load", async () => {
    const pages = {
      "/": "index.html",
      "/views/mine": "index.html",
      "/tickets/12": "index.html",
      "/search?q=x": "index.html",
      "/admin/teams": "index.html",
      "/portal": "portal.html",
      "/portal/requests/3": "portal.html",
      "/portal/sign-in?token=abc": "portal.html",
    };
    for (const [url, page] of Object.entries(pages)) {
      const res = await get(url, "identity");
      expect(res.statusCode, url).toBe(200);
      expect(res.headers["content-type"], url).toBe("text/html; charset=utf-8");
      expect(res.headers["cache-control"], url).toBe("no-cache");
      expect(res.body, url).toBe(fs.readFileSync(path.join(dist, page), "utf8"));
    }
    // The web form's pages come written in the language the page will choose: the address's, else the browser's.
    const forms: [string, string | undefined, string][] = [
      ["/form?lang=en", "it-IT,it;q=0.9", "form.en.html"],
      ["/form", "it-IT,it;q=0.9,en;q=0.8", "form.it.html"],
      ["/form", "de-DE,en-GB;q=0.9,it;q=0.8", "form.en.html"],
      ["/form?lang=fr", undefined, "form.it.html"],
      ["/portal/new", "en-GB,en;q=0.9", "new.en.html"],
      ["/portal/new?lang=it", "en-GB", "new.it.html"],
    ];
    for (const [url, language, page] of forms) {
      const res = await env.app.inject({
        method: "GET",
        url,
        headers: { "accept-encoding": "br", ...(language ? { "accept-language": language } : {}) },
      });
      expect([res.statusCode, res.headers["content-encoding"], res.headers["cache-control"]], url).toEqual([
        200,
        "br",
        "no-cache",
      ]);
      expect(res.headers.vary).toBe("accept-encoding, accept-language");
      expect(res.rawPayload.equals(fs.readFileSync(path.join(dist, `${page}.br`))), `${url} ${language}`).toBe(true);
    }
    // Its first field is in the page itself, shown before any script runs, with the styles inline.
    const form = (await get("/form?lang=en", "identity")).body;
    expect(form).toContain('<div id="root" data-prerendered="en"><main><div class="embedded">');
    expect(form).toMatch(/<h1 id="form-title">New request<\/h1>.*<input[^>]* name="name"/s);
    expect(form).toContain("<style>");
    expect(form).not.toMatch(/rel="stylesheet"/);
    // The embed script keeps its name across releases: revalidated too.
    expect((await get("/embed.js", "br")).headers["cache-control"]).toBe("no-cache");
  });

  it("answers every path the agent app routes with its page, so that a reload or a bookmark opens it", async () => {
    // The paths AgentApp.tsx compares or matches, a parameter filled in: a page added there and not to the server's
    // list opened in the app but answered 404 on a reload (/praise, /reviews and /problems did, and the praise
    // wall's TV address with them).
    const app = fs.readFileSync(path.resolve(import.meta.dirname, "../web/src/agent/AgentApp.tsx"), "utf8");
    const paths = [...app.matchAll(/(?:path === |match\()"(\/[^"]*)"/g)].map((m) => m[1].replace(/:[a-z]+/g, "1"));
    expect(paths).toEqual(expect.arrayContaining(["/praise", "/reviews", "/problems", "/problems/1", "/tickets/1"]));
    for (const url of [...paths, "/praise?tv=1"]) {
      const res = await get(url, "identity");
      expect([res.statusCode, res.headers["content-type"]], url).toEqual([200, "text/html; charset=utf-8"]);
      expect(res.body, url).toBe(fs.readFileSync(path.join(dist, "index.html"), "utf8"));
    }
  });

  it("gives the web form and the portal none of the agent app's code", async () => {
    const agent = new Set(assetsOf((await get("/")).body).filter((a) => a.endsWith(".js")));
    const form = [...assetsOf((await get("/form")).body), ...assetsOf((await get("/portal/new")).body)];
    const portal = assetsOf((await get("/portal")).body);
    // The agent app's own entry (what no other page shares) and, through it, its pages loaded on demand.
    const entry = [...agent].find((a) => /\/index-[\w-]+\.js$/.test(a))!;
    expect(entry).toBeDefined();
    const agentCode = (await get(entry)).body;
    const agentOnly = [
      entry,
      ...[...agentCode.matchAll(/["`]\.\/([\w.-]+\.js)["`]/g)].map((m) => `/assets/${m[1]}`),
    ].filter((a) => !form.includes(a) && !portal.includes(a));
    expect(agentOnly).toContain(entry);
    expect(agentOnly.length, "the agent's pages, each loaded on demand").toBeGreaterThan(3);
    for (const a of [...form, ...portal]) expect(agentOnly, a).not.toContain(a);
    // And in what the form does load, nothing from the agent's screens: their texts are not there either.
    for (const a of form.filter((x) => x.endsWith(".js"))) {
      const code = (await get(a)).body;
      expect(code, a).not.toContain("data-loaded-view");
      expect(code, a).not.toContain("composer-text");
    }
  });
});
