// ES module entry for Node: the CommonJS build loads the .wasm synchronously.
import lib from "./session_credits.cjs";

export const { Engine, validatePolicy, version, wasmMemoryBytes } = lib;
