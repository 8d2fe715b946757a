import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import zlib from "node:zlib";
import react from "@vitejs/plugin-react";
import { build as esbuild } from "esbuild";
import { defineConfig, type Plugin } from "vite";

// Three pages, each with its own entry script, served by the Fastify process (server/web.ts picks the page for each
// path): the agent app (index.html), the customer portal (portal.html) and the public web form, alone in the portal
// at /portal/new and embedded in other sites' iframes at /form (form.html). They are built in two passes into the
// same folder (scripts/build-web.mjs runs both): the agent app with React ("agent" mode), and the pages customers
// open with Preact through its React compatibility layer ("customer" mode), the same components at a tenth of
// React's weight, so a customer on a slow link waits for 45 KB instead of 100. The portal and the form load none of
// the agent app's code; what the two share (Preact, i18next) goes into chunks of their own.
const PAGES = {
  agent: { index: "index.html" },
  customer: { portal: "portal.html", form: "form.html" },
};
export type WebMode = keyof typeof PAGES;

/** React's names, answered by Preact in the customers' pages (and when the build writes the web form as HTML). */
export const PREACT_ALIASES = {
  "react-dom/server": "preact/compat/server",
  "react-dom/client": "preact/compat/client",
  "react-dom/test-utils": "preact/test-utils",
  "react-dom": "preact/compat",
  "react/jsx-runtime": "preact/jsx-runtime",
  "react/jsx-dev-runtime": "preact/jsx-dev-runtime",
  react: "preact/compat",
  // react-i18next's fallback for older Reacts (CommonJS, it would load a second Preact): Preact has the hook.
  "use-sync-external-store/shim": "preact/compat",
};

/** Writes a file's brotli and gzip copies beside it (x.js.br, x.js.gz), when they are smaller. */
function compressFile(file: string) {
  const raw = fs.readFileSync(file);
  const br = zlib.brotliCompressSync(raw, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
  });
  const gz = zlib.gzipSync(raw, { level: 9 });
  if (br.length < raw.length) fs.writeFileSync(`${file}.br`, br);
  if (gz.length < raw.length) fs.writeFileSync(`${file}.gz`, gz);
}

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
      for (const f of files) compressFile(path.join(outDir, f));
    },
  };
}

/**
 * The web form's page written as HTML, once per path and language (form.it.html, form.en.html for /form;
 * new.it.html, new.en.html for /portal/new; server/web.ts picks one), with its styles inline: on a slow link the
 * form shows as soon as the page arrives, without waiting for a stylesheet or for the scripts, which then take it
 * over (hydrate it). The form's components are bundled for Node by esbuild and rendered by React's renderToString
 * (web/src/portal/prerender.tsx).
 */
function prerenderForm(): Plugin {
  let root = "";
  let outDir = "";
  return {
    name: "sportello-prerender-form",
    apply: "build",
    configResolved(c) {
      root = c.root;
      outDir = path.resolve(c.root, c.build.outDir);
    },
    async closeBundle() {
      const template = path.join(outDir, "form.html");
      if (!fs.existsSync(template)) return;
      const script = path.join(root, `.prerender-${process.pid}.mjs`);
      await esbuild({
        entryPoints: [path.join(root, "src/portal/prerender.tsx")],
        outfile: script,
        bundle: true,
        platform: "node",
        format: "esm",
        // Bundled whole, with React's names answered by Preact as in the page, so that the HTML written here is the
        // HTML the page's own script takes over.
        // ES module builds first: a CommonJS copy of a library would load a second Preact, whose hooks the renderer
        // does not drive.
        alias: PREACT_ALIASES,
        mainFields: ["module", "main"],
        jsx: "automatic",
        loader: { ".css": "empty" },
        // router.ts listens to the browser's history as it loads: nothing to listen to here.
        banner: { js: "globalThis.window ??= { addEventListener() {} };" },
        logLevel: "warning",
      });
      try {
        const { prerender } = (await import(pathToFileURL(script).href)) as typeof import("./src/portal/prerender");
        const html = fs.readFileSync(template, "utf8");
        const link = html.match(/<link rel="stylesheet"[^>]* href="\/(assets\/[^"]+\.css)">/);
        if (!link) throw new Error("form.html names no stylesheet");
        const css = fs.readFileSync(path.join(outDir, link[1]), "utf8");
        for (const page of ["form", "new"] as const)
          for (const lang of ["it", "en"] as const) {
            const body = await prerender(page, lang);
            const file = path.join(outDir, `${page}.${lang}.html`);
            fs.writeFileSync(
              file,
              html
                .replace(/<html lang="\w+">/, `<html lang="${lang}">`)
                .replace(link[0], () => `<style>${css}</style>`)
                .replace('<div id="root"></div>', () => `<div id="root" data-prerendered="${lang}">${body}</div>`),
            );
            compressFile(file);
          }
        fs.rmSync(template);
      } finally {
        fs.rmSync(script, { force: true });
      }
    },
  };
}

export default defineConfig(({ mode }) => {
  const target: WebMode = mode === "customer" ? "customer" : "agent";
  return {
    root: import.meta.dirname,
    plugins: [react(), precompress(), ...(target === "customer" ? [prerenderForm()] : [])],
    resolve: target === "customer" ? { alias: PREACT_ALIASES } : {},
    build: {
      outDir: "dist",
      // The second pass (customer) writes beside the first.
      emptyOutDir: target === "agent",
      rollupOptions: {
        input: Object.fromEntries(
          Object.entries(PAGES[target]).map(([k, v]) => [k, path.join(import.meta.dirname, v)]),
        ),
      },
    },
    server: { proxy: { "/api": { target: "http://127.0.0.1:3000", ws: true } } },
  };
});
