// CommonJS entry for Node: wasm-bindgen's glue loads the .wasm synchronously. Whichever of the two
// Node entries loads first keeps its engine on globalThis and the other takes it, so that code that
// mixes import and require has one engine and one WebAssembly memory.
const key = Symbol.for("session-credits@0.0.0");

module.exports = globalThis[key] ??= load();

function load() {
  const lib = require("./session_credits.cjs");
  const { EngineError } = require("./engine-error.cjs");
  const { readAsciiText } = require("./read-text.cjs");
  lib.__setEngineErrorClass(EngineError);
  lib.__setTextReader(readAsciiText);
  return Object.freeze({
    Engine: lib.Engine,
    EngineError,
    validatePolicy: lib.validatePolicy,
    version: lib.version,
    tzdataVersion: lib.tzdataVersion,
    wasmMemoryBytes: lib.wasmMemoryBytes,
  });
}
