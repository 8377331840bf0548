// ES module entry for Node: the browser's glue and the same .wasm, instantiated synchronously. Not
// a re-export of the CommonJS entry, whose glue breaks in an ES module bundle (no __dirname, no
// require). Whichever of the two Node entries loads first keeps its engine on globalThis and the
// other takes it: code that mixes import and require has one engine and one WebAssembly memory.
import { readFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as glue from "./session_credits.js";
import { EngineError as ErrorClass } from "./engine-error.cjs";
import { readAsciiText } from "./read-text.cjs";

const key = Symbol.for("session-credits@0.0.0");

function load() {
  // A CommonJS bundle of this file (esbuild --format=cjs) has no import.meta.url: the bundle's own
  // file stands in, which is where the one-line copy puts the .wasm.
  const here = import.meta.url ?? pathToFileURL(__filename).href;
  glue.initSync({ module: readWasm(new URL("./session_credits_bg.wasm", here)) });
  glue.__setEngineErrorClass(ErrorClass);
  glue.__setTextReader(readAsciiText);
  const { Engine, validatePolicy, version, tzdataVersion, wasmMemoryBytes } = glue;
  return Object.freeze({ Engine, EngineError: ErrorClass, validatePolicy, version, tzdataVersion, wasmMemoryBytes });
}

function readWasm(url) {
  try {
    return readFileSync(url);
  } catch (e) {
    if (e.code !== "ENOENT") throw e;
    throw new Error(`session-credits: ${fileURLToPath(url)} is missing: a bundle needs the .wasm next to it (cp node_modules/session-credits/dist/session_credits_bg.wasm <outdir>/), or leave the package out of the bundle.`, { cause: e });
  }
}

export const { Engine, EngineError, validatePolicy, version, tzdataVersion, wasmMemoryBytes } = (globalThis[key] ??= load());
