// session-credits/init: the main entry's API, loaded by init() or initSync() instead of at import.
export * from "./index.js";

/** Where init() finds the .wasm: its URL, a Response (or a promise of one), its bytes, or a compiled module. */
export type WasmSource = string | URL | Response | PromiseLike<Response> | ArrayBuffer | ArrayBufferView | WebAssembly.Module;

/**
 * Loads the engine; without an argument, the .wasm packaged beside this module. Resolves once
 * everything else may be called (before that, each call throws an EngineError); again, a no-op.
 */
export declare function init(source?: WasmSource): Promise<void>;
/** The same, synchronously, from the .wasm's bytes or a compiled WebAssembly.Module (Cloudflare's `import wasm from "…wasm"`). */
export declare function initSync(source: ArrayBuffer | ArrayBufferView | WebAssembly.Module): void;
export default init;
