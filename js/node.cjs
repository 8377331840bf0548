// CommonJS entry for Node: wasm-bindgen's glue loads the .wasm synchronously.
const lib = require("./session_credits.cjs");
const { EngineError } = require("./engine-error.cjs");

lib.__setEngineErrorClass(EngineError);

module.exports = {
  Engine: lib.Engine,
  EngineError,
  validatePolicy: lib.validatePolicy,
  version: lib.version,
  tzdataVersion: lib.tzdataVersion,
  wasmMemoryBytes: lib.wasmMemoryBytes,
};
