// Entry for browsers and bundlers (Vite, webpack): fetches and instantiates the .wasm once, with
// top-level await, so that importing the package is all a page does.
import init, { Engine, validatePolicy, version, wasmMemoryBytes } from "./session_credits.js";

await init({ module_or_path: new URL("./session_credits_bg.wasm", import.meta.url) });

export { Engine, validatePolicy, version, wasmMemoryBytes };
