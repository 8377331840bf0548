// The package's entries: the same names from import and require, one EngineError class in Node,
// and one .wasm in the tarball that every entry loads.
import test from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { readdirSync, rmSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
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

test("import and require, in either order, share one engine and one WebAssembly memory", () => {
  const scripts = {
    "import-first.mjs": `import * as esm from "session-credits"; import { createRequire } from "node:module"; const cjs = createRequire(import.meta.url)("session-credits"); report(esm, cjs);`,
    "require-first.cjs": `const cjs = require("session-credits"); import("session-credits").then((esm) => report(esm, cjs));`,
  };
  const report = `function report(esm, cjs) { console.log(JSON.stringify({ engine: esm.Engine === cjs.Engine, memory: esm.wasmMemoryBytes === cjs.wasmMemoryBytes, works: esm.validatePolicy({}).ok === false && new cjs.Engine({ timezone: "UTC", roles: {} }, {}) instanceof esm.Engine })); }\n`;
  for (const [name, code] of Object.entries(scripts)) {
    const file = join(here, "node_modules", `.entries-${name}`);
    writeFileSync(file, (name.endsWith(".mjs") ? code + "\n" + report : report + code));
    const r = spawnSync(process.execPath, [file], { encoding: "utf8", cwd: here });
    rmSync(file);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { engine: true, memory: true, works: true }, name);
  }
});
