// CommonJS twin of session_credits_bg.wasm.d.ts: the engine's .wasm as a compiled module.
declare const wasm: WebAssembly.Module;
export = wasm;
