import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// One build for the agent app, the portal and the embeddable form; served by the Fastify process.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true, chunkSizeWarningLimit: 800 },
  server: { proxy: { "/api": { target: "http://127.0.0.1:3000", ws: true } } },
});
