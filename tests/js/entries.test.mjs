// The package's entries: the same names from import and require, one EngineError class in Node,
// and one .wasm in the tarball that every entry loads.
import test from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as esm from "session-credits";

const here = dirname(fileURLToPath(import.meta.url));
const cjs = createRequire(import.meta.url)("session-credits");

test("import and require export the same names, EngineError and tzdataVersion among them", () => {
  assert.deepEqual(Object.keys(esm).sort(), Object.keys(cjs).sort());
  for (const name of ["Engine", "EngineError", "validatePolicy", "version", "tzdataVersion", "wasmMemoryBytes"]) assert.equal(typeof esm[name], "function", name);
});

test("an EngineError from either entry is an instance of either entry's class", () => {
  assert.equal(esm.EngineError, cjs.EngineError);
  for (const { Engine } of [esm, cjs]) {
    assert.throws(() => new Engine({ timezone: "UTC", roles: {} }, { clients: [{ id: "x" }, { id: "x" }] }), (e) => e instanceof esm.EngineError && e instanceof cjs.EngineError);
  }
});

test("the tarball holds one .wasm", () => {
  const files = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
  const wasm = files(join(here, "node_modules", "session-credits")).filter((f) => f.endsWith(".wasm"));
  assert.equal(wasm.length, 1, wasm.join());
});
