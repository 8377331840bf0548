// session-credits/session_credits_bg.wasm: the engine's .wasm, for runtimes that import it as a
// compiled module (Cloudflare Workers: `import wasm from "session-credits/session_credits_bg.wasm"`,
// then initSync(wasm) from session-credits/init).
declare const wasm: WebAssembly.Module;
export default wasm;
