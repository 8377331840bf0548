// ES module entry for Node: the same module as the CommonJS entry, so one EngineError class.
import lib from "./index.cjs";

export const { Engine, EngineError, validatePolicy, version, tzdataVersion, wasmMemoryBytes } = lib;
