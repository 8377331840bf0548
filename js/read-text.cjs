// How the Node entries read large answers out of wasm memory: the engine writes them in ASCII, and
// Node makes a one-byte string of ASCII bytes many times faster than TextDecoder decodes them.
"use strict";
// node:buffer's only where the global is missing (Jest's jsdom environment): an ES module bundle
// of this file cannot require.
const NodeBuffer = typeof Buffer === "function" ? Buffer : require("buffer").Buffer;
exports.readAsciiText = (memory, ptr, len) => NodeBuffer.from(memory.buffer, ptr, len).toString("ascii");
