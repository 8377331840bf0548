// Entry for browsers and bundlers (Vite, webpack, esbuild, Rollup): fetches and instantiates the
// .wasm once, with top-level await, so that importing the package is all a page does.
import * as glue from "./session_credits.js";
import { EngineError } from "./engine-error.js";

// Written as `new URL("…", import.meta.url)` so that Vite and webpack see the .wasm and emit it.
const wasmUrl = new URL("./session_credits_bg.wasm", import.meta.url);

await glue.default({ module_or_path: await fetchWasm(wasmUrl) });
glue.__setEngineErrorClass(EngineError);

// The usual ways loading fails, each said in one sentence instead of a CORS or magic-word puzzle.
async function fetchWasm(url) {
  if (url.protocol === "file:" && typeof document !== "undefined") {
    throw new Error(`session-credits: serve the page over http: browsers do not fetch .wasm from file:// (${url.href}).`);
  }
  let response;
  try {
    response = await fetch(url);
  } catch (e) {
    throw new Error(`session-credits: could not fetch ${url.href}: ${e.message}`, { cause: e });
  }
  const copy = "a bundler that does not copy it (esbuild, Rollup) needs it next to the bundle: cp node_modules/session-credits/dist/session_credits_bg.wasm <outdir>/";
  if (!response.ok) {
    throw new Error(`session-credits: ${url.href} answered ${response.status}: ${copy}`);
  }
  if ((response.headers.get("Content-Type") || "").startsWith("text/html")) {
    throw new Error(`session-credits: ${url.href} answered an HTML page, not the .wasm: ${copy}; under Vite's dev server, set optimizeDeps.exclude: ["session-credits"]`);
  }
  return response;
}

export { EngineError };
export const { Engine, validatePolicy, version, tzdataVersion, wasmMemoryBytes } = glue;
