import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";

// Three pages, each with its own entry script, served by the Fastify process (server/web.ts picks the page for each
// path): the agent app (index.html), the customer portal (portal.html) and the public web form, alone in the portal
// at /portal/new and embedded in other sites' iframes at /form (form.html). The portal and the form load none of
// the agent app's code; what two entries share (React, i18next) goes into chunks of its own.
const PAGES = { index: "index.html", portal: "portal.html", form: "form.html" };

/** Brotli and gzip copies beside each script and style, made once here instead of on every request. */
function precompress(): Plugin {
  let outDir = "";
  return {
    name: "sportello-precompress",
    apply: "build",
    configResolved(c) {
      outDir = path.resolve(c.root, c.build.outDir);
    },
    writeBundle(_options, bundle) {
      const files = Object.keys(bundle).filter((f) => /\.(js|css)$/.test(f));
      // Scripts copied as they are from public/ (embed.js) are compressed too.
      for (const f of fs.readdirSync(outDir)) if (f.endsWith(".js")) files.push(f);
      for (const f of files) {
        const file = path.join(outDir, f);
        const raw = fs.readFileSync(file);
        const br = zlib.brotliCompressSync(raw, {
          params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
        });
        const gz = zlib.gzipSync(raw, { level: 9 });
        if (br.length < raw.length) fs.writeFileSync(`${file}.br`, br);
        if (gz.length < raw.length) fs.writeFileSync(`${file}.gz`, gz);
      }
    },
  };
}

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react(), precompress()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    rollupOptions: {
      input: Object.fromEntries(Object.entries(PAGES).map(([k, v]) => [k, path.join(import.meta.dirname, v)])),
    },
  },
  server: { proxy: { "/api": { target: "http://127.0.0.1:3000", ws: true } } },
});
