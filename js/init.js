// session-credits/init: the main entry's API with nothing loaded at import and no top-level await,
// for where neither is allowed (iife bundles, workers, Cloudflare Workers, Parcel's dev server):
// `await init()` or `initSync(bytes or module)` once, then everything works as from the main entry.
// browser.js is this file with `await init()` at its top.
import * as glue from "./session_credits.js";
import { EngineError } from "./engine-error.js";

let ready = false;
let loading;

// An iife bundle has no import.meta.url; its script's own URL, read while it runs, stands in.
const scriptUrl = typeof document !== "undefined" && document.currentScript && document.currentScript.src;

function whereIsTheWasm() {
  // Written as `new URL("…", import.meta.url)` so that Vite and webpack see the .wasm and emit it;
  // resolved here, not at import, because some runtimes have no import.meta.url to resolve against.
  if (import.meta.url) return new URL("./session_credits_bg.wasm", import.meta.url);
  if (scriptUrl) return new URL("./session_credits_bg.wasm", scriptUrl);
  throw new EngineError("session-credits: init() cannot tell where the .wasm is here: pass it its URL, its bytes or a WebAssembly.Module.");
}

/** Loads the engine: `source` is the .wasm's URL, a Response (or a promise of one), its bytes or a compiled module. */
export function init(source) {
  if (ready) return Promise.resolve();
  // Calls made while it loads share the one load; a failed load may be tried again.
  return (loading ??= start(source).catch((e) => {
    loading = undefined;
    throw e;
  }));
}

async function start(source) {
  let wasm;
  if (source === undefined) wasm = await load(whereIsTheWasm());
  else if (typeof source === "string" || source instanceof URL) wasm = await load(new URL(source, globalThis.location?.href));
  else wasm = await source;
  await glue.default({ module_or_path: wasm });
  done();
}

/** The same, synchronously, from the .wasm's bytes or a compiled WebAssembly.Module. */
export function initSync(source) {
  if (ready) return;
  if (!(source instanceof WebAssembly.Module || ArrayBuffer.isView(source) || source instanceof ArrayBuffer)) {
    throw new EngineError("session-credits: initSync() takes the .wasm's bytes or a WebAssembly.Module; for a URL, use init().");
  }
  glue.initSync({ module: source });
  done();
}

function done() {
  glue.__setEngineErrorClass(EngineError);
  // Under Node, large answers leave wasm memory the fast way, as from the Node entries.
  const B = globalThis.process?.versions?.node && globalThis.Buffer;
  if (B) glue.__setTextReader((memory, ptr, len) => B.from(memory.buffer, ptr, len).toString("ascii"));
  ready = true;
}

function load(url) {
  if (url.protocol !== "file:") return fetchWasm(url);
  // Node (20.16 and later, also under Jest's jsdom) and Bun read the file; Deno's fetch reads file: URLs.
  const fs = globalThis.process?.getBuiltinModule?.("node:fs");
  if (fs) return fs.promises.readFile(url);
  if (globalThis.process?.versions?.node) {
    throw new Error(`session-credits: this Node cannot read ${url.href} by itself (before 20.16): pass its bytes, init(readFileSync(new URL(...))), or use the main entry.`);
  }
  if (typeof document !== "undefined") {
    throw new Error(`session-credits: serve the page over http: browsers do not fetch .wasm from file:// (${url.href}).`);
  }
  return fetchWasm(url);
}

// The usual ways loading fails, each said in one sentence instead of a CORS or magic-word puzzle.
async function fetchWasm(url) {
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

function notYet() {
  if (!ready) throw new EngineError("session-credits: call init() first (or initSync()): the engine is not loaded yet.");
}

const guard = (f) => (...args) => (notYet(), f(...args));

// The glue's own class, so that instanceof and subclasses behave as from the main entry; only
// making one before init is refused.
export const Engine = new Proxy(glue.Engine, {
  construct(target, args, newTarget) {
    notYet();
    return Reflect.construct(target, args, newTarget);
  },
  get(target, key, receiver) {
    const value = Reflect.get(target, key, receiver);
    return key === "fromJson" ? guard(value.bind(target)) : value;
  },
});
export const validatePolicy = guard(glue.validatePolicy);
export const version = guard(glue.version);
export const tzdataVersion = guard(glue.tzdataVersion);
export const wasmMemoryBytes = guard(glue.wasmMemoryBytes);
export { EngineError };
export default init;
