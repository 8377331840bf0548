// Entry for browsers and bundlers (Vite, webpack): fetches and instantiates the .wasm once, with
// top-level await, so that importing the package is all a page does.
import init, {
  Engine,
  validatePolicy,
  version,
  tzdataVersion,
  wasmMemoryBytes,
  __setEngineErrorClass,
} from "./session_credits.js";
import { EngineError } from "./engine-error.js";

await init({ module_or_path: new URL("./session_credits_bg.wasm", import.meta.url) });
__setEngineErrorClass(EngineError);

export { Engine, EngineError, validatePolicy, version, tzdataVersion, wasmMemoryBytes };
