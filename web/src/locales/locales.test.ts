import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { en } from "./en";
import { it as itTexts } from "./it";
import { portalTexts } from "./portal";

// Every key the web app asks for exists in both languages, and no Italian text is left in English.
const SRC = path.resolve(import.meta.dirname, "..");
const files = (dir: string): string[] =>
  fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((d) =>
      d.isDirectory()
        ? files(path.join(dir, d.name))
        : /\.tsx?$/.test(d.name) && !d.name.endsWith(".test.ts")
          ? [path.join(dir, d.name)]
          : [],
    );
const lookup = (obj: object, key: string): unknown =>
  key.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], obj);
const leaves = (obj: object, prefix = ""): [string, string][] =>
  Object.entries(obj).flatMap(([k, v]) =>
    typeof v === "string" ? [[`${prefix}${k}`, v] as [string, string]] : leaves(v, `${prefix}${k}.`),
  );

describe("web texts", () => {
  const code = files(SRC)
    .map((f) => fs.readFileSync(f, "utf8"))
    .join("\n");

  it("has every literal key in Italian and English", () => {
    const keys = [...code.matchAll(/\bt\(\s*"([a-z_.]+)"/g)].map((m) => m[1]);
    expect(keys.length).toBeGreaterThan(100);
    // A text with a count may be i18next's plural pair instead: `key_one` and `key_other`.
    const has = (obj: object, k: string) =>
      typeof lookup(obj, k) === "string" ||
      (typeof lookup(obj, `${k}_one`) === "string" && typeof lookup(obj, `${k}_other`) === "string");
    for (const k of keys) {
      expect(has(en, k), `en: ${k}`).toBe(true);
      expect(has(itTexts, k), `it: ${k}`).toBe(true);
    }
  });

  it("gives the portal's and the web form's pages every text their code asks for", () => {
    // They load the common and portal texts only (locales/portal.ts): what their code and the shared pieces they
    // use ask for must be there.
    const shared = ["portal", "ui"].flatMap((d) => (fs.existsSync(path.join(SRC, d)) ? files(path.join(SRC, d)) : []));
    const portalCode = [...shared, path.join(SRC, "errors.ts"), path.join(SRC, "LanguageSwitch.tsx")]
      .map((f) => fs.readFileSync(f, "utf8"))
      .join("\n");
    const keys = [...portalCode.matchAll(/\bt\(\s*"([a-z_.]+)"/g)].map((m) => m[1]);
    const prefixes = [...portalCode.matchAll(/\bt\(`([a-z_.]+)\.\$\{/g)].map((m) => m[1]);
    expect(keys.length).toBeGreaterThan(40);
    for (const lang of ["en", "it"] as const) {
      for (const k of keys) expect(typeof lookup(portalTexts[lang], k), `${lang}: ${k}`).toBe("string");
      for (const p of prefixes) expect(typeof lookup(portalTexts[lang], p), `${lang}: ${p}`).toBe("object");
    }
    // And none of the agent app's.
    expect(Object.keys(portalTexts.en)).not.toContain("inbox");
  });

  it("has the groups that keys built at run time point into", () => {
    const prefixes = [...code.matchAll(/\bt\(`([a-z_.]+)\.\$\{/g)].map((m) => m[1]);
    expect(prefixes.length).toBeGreaterThan(10);
    for (const p of prefixes) {
      expect(typeof lookup(en, p), `en: ${p}`).toBe("object");
      expect(typeof lookup(itTexts, p), `it: ${p}`).toBe("object");
    }
  });

  it("has a text in both languages for every error code the server sends", () => {
    const SERVER = path.resolve(import.meta.dirname, "../../../server");
    const serverCode = files(SERVER)
      .map((f) => fs.readFileSync(f, "utf8"))
      .join("\n");
    const codes = new Set([
      ...[...serverCode.matchAll(/\b(?:badRequest|conflict)\(\s*"([a-z_]+)"/g)].map((m) => m[1]),
      ...[...serverCode.matchAll(/\bApiError\(\s*\d+,\s*"([a-z_]+)"/g)].map((m) => m[1]),
      ...[...serverCode.matchAll(/\bcode: "([a-z_]+)"/g)].map((m) => m[1]),
      ...[...serverCode.matchAll(/: \[\s*\d+,\s*"([a-z_]+)",?\s*\]/g)].map((m) => m[1]),
      "not_found",
      "forbidden",
      "bad_request",
      "http_error",
    ]);
    // Read by machines only: /readyz answers for load balancers, /metrics for the scraper, the websocket
    // protocol's errors, and the response-contract check that runs in tests only (server/http/route.ts).
    const forMachines = [
      "not_ready",
      "unauthorized",
      "forbidden_room",
      "unknown_type",
      "response_undocumented",
      "response_contract",
    ];
    for (const c of forMachines) expect(codes.delete(c), `${c} is still sent`).toBe(true);
    expect(codes.size).toBeGreaterThan(50);
    for (const c of codes) {
      expect(typeof lookup(en, `errors.${c}`), `en: errors.${c}`).toBe("string");
      expect(typeof lookup(itTexts, `errors.${c}`), `it: errors.${c}`).toBe("string");
    }
  });

  it("translates the texts: Italian differs from English except for words both languages share", () => {
    const same = leaves(en)
      .filter(([k, v]) => lookup(itTexts, k) === v && v.length > 0)
      .map(([k]) => k);
    // Words spelled alike in both: Email, Password, Team, Webhook, URL, Sportello…
    expect(same.length).toBeLessThan(12);
    expect(leaves(itTexts).length).toBe(leaves(en).length);
  });
});
