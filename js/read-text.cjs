// How the Node entries read large answers out of wasm memory: the engine writes them in ASCII, and
// Node makes a one-byte string of ASCII bytes many times faster than TextDecoder decodes them.
"use strict";
exports.readAsciiText = (memory, ptr, len) => Buffer.from(memory.buffer, ptr, len).toString("ascii");
