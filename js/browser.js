// Entry for browsers and bundlers (Vite, webpack, esbuild, Rollup): session-credits/init, loaded
// once with top-level await, so that importing the package is all a page does.
import { init } from "./init.js";

await init();

export { Engine, EngineError, validatePolicy, version, tzdataVersion, wasmMemoryBytes } from "./init.js";
