import { defineConfig } from "vite";
import { readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));

/** Emits dist/sw.js with the list of every built file to precache (app shell, bundles, .wasm). */
function serviceWorker() {
  return {
    name: "session-credits-sw",
    apply: "build",
    generateBundle(_opts, bundle) {
      const files = Object.keys(bundle).filter((f) => !f.endsWith(".map")).sort();
      const precache = ["/", ...files.map((f) => "/" + f), "/manifest.webmanifest", "/icon.svg"];
      const version = createHash("sha256").update(JSON.stringify(precache)).digest("hex").slice(0, 12);
      const source = readFileSync(new URL("./sw-template.js", import.meta.url), "utf8")
        .replace("const VERSION = __VERSION__;", () => `const VERSION = ${JSON.stringify(version)};`)
        .replace("const PRECACHE = __PRECACHE__;", () => `const PRECACHE = ${JSON.stringify(precache, null, 2)};`);
      if (source.includes("__PRECACHE__") || source.includes("__VERSION__")) this.error("sw-template.js: placeholders not filled");
      this.emitFile({ type: "asset", fileName: "sw.js", source });
    },
  };
}

export default defineConfig({
  root: here,
  base: "/",
  build: { target: "es2022", outDir: "dist", emptyOutDir: true },
  optimizeDeps: { exclude: ["session-credits"] },
  server: { host: "127.0.0.1", fs: { allow: [".."] } },
  plugins: [serviceWorker()],
});
