// CommonJS entry for Node: wasm-bindgen's glue loads the .wasm synchronously.
const lib = require("./session_credits.cjs");
const { EngineError } = require("./engine-error.cjs");
const { readAsciiText } = require("./read-text.cjs");

lib.__setEngineErrorClass(EngineError);
lib.__setTextReader(readAsciiText);

module.exports = {
  Engine: lib.Engine,
  EngineError,
  validatePolicy: lib.validatePolicy,
  version: lib.version,
  tzdataVersion: lib.tzdataVersion,
  wasmMemoryBytes: lib.wasmMemoryBytes,
};
