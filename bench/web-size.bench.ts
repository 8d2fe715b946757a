// What each page of the web app makes the browser download before it can show anything: the entry script, the
// chunks it imports statically (named in the page as modulepreload links) and the styles, in bytes as built, as
// gzip and as brotli (the copies the build writes beside each asset and the server sends). Chunks loaded later
// on demand (the agent app's pages) are listed apart.
// Run: npx tsx bench/web-size.bench.ts
import fs from "node:fs";
import path from "node:path";
import { buildWeb } from "../scripts/build-web.mjs";

const DIST = path.resolve(import.meta.dirname, "../web/dist");
const PAGES = [
  { page: "index.html", name: "agent app (/)", target: 120 },
  { page: "portal.html", name: "portal (/portal)", target: 60 },
  { page: "form.html", name: "web form (/portal/new, /form)", target: 60 },
];

await buildWeb({ force: process.argv.includes("--force"), quiet: true });

const size = (file: string) => (fs.existsSync(file) ? fs.statSync(file).size : NaN);
const kb = (n: number) => (n / 1024).toFixed(1);
const sizes = (asset: string) => {
  const file = path.join(DIST, asset);
  return { raw: size(file), gzip: size(`${file}.gz`), br: size(`${file}.br`) };
};
/** Every chunk a script imports statically, found in its code as the build writes it ("./name-hash.js"). */
const staticImports = (asset: string, seen = new Set<string>()): Set<string> => {
  if (seen.has(asset)) return seen;
  seen.add(asset);
  const code = fs.readFileSync(path.join(DIST, asset), "utf8");
  // import{...}from"./x.js" and import"./x.js" are static; import("./x.js") is on demand.
  for (const m of code.matchAll(/(?:from|import)\s*"\.\/([\w.-]+\.js)"/g)) staticImports(`assets/${m[1]}`, seen);
  return seen;
};
const onDemand = (assets: Set<string>) => {
  const out = new Set<string>();
  for (const a of assets)
    for (const m of fs.readFileSync(path.join(DIST, a), "utf8").matchAll(/import\(\s*"\.\/([\w.-]+\.js)"\s*\)/g))
      if (!assets.has(`assets/${m[1]}`)) out.add(`assets/${m[1]}`);
  return out;
};

const lines = [
  "| page | files up front | raw KB | gzip KB | brotli KB | target (compressed) |",
  "| --- | --- | --- | --- | --- | --- |",
];
for (const { page, name, target } of PAGES) {
  const html = fs.readFileSync(path.join(DIST, page), "utf8");
  const named = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
  const upFront = new Set<string>();
  for (const a of named) for (const s of a.endsWith(".js") ? staticImports(a) : [a]) upFront.add(s);
  const total = { raw: 0, gzip: 0, br: 0 };
  for (const a of upFront) {
    const s = sizes(a);
    total.raw += s.raw;
    total.gzip += s.gzip;
    total.br += s.br;
  }
  const ok = total.br / 1024 < target ? "met" : "missed";
  lines.push(
    `| ${name} | ${upFront.size} | ${kb(total.raw)} | ${kb(total.gzip)} | ${kb(total.br)} | < ${target} KB: ${ok} |`,
  );
  for (const a of [...upFront].sort((x, y) => sizes(y).raw - sizes(x).raw)) {
    const s = sizes(a);
    lines.push(`|   ${path.basename(a)} | | ${kb(s.raw)} | ${kb(s.gzip)} | ${kb(s.br)} | |`);
  }
  const later = onDemand(upFront);
  if (later.size) {
    const t = [...later].reduce((n, a) => n + sizes(a).br, 0);
    lines.push(`|   later, on demand: ${later.size} chunks | | | | ${kb(t)} | |`);
  }
}
console.log(lines.join("\n"));
