// session-credits/init: nothing loads at import; init() takes a URL, a Response, bytes or a
// compiled module; initSync() bytes or a module; anything called before either says what to do.
// Each case runs in its own Node process, since a process loads the engine once.
import test from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
mkdirSync(join(here, "node_modules", ".init-runs"), { recursive: true });
const scratch = mkdtempSync(join(here, "node_modules", ".init-runs", "run-"));
test.after(() => rmSync(scratch, { recursive: true, force: true }));

// Reads the packaged .wasm and checks the engine answers as from the main entry.
const prelude = `
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { createRequire } from "node:module";
import * as api from "session-credits/init";
const { init, initSync, Engine, EngineError, version, tzdataVersion, validatePolicy } = api;
const wasmPath = createRequire(import.meta.url).resolve("session-credits/session_credits_bg.wasm");
const bytes = readFileSync(wasmPath);
function check() {
  const policy = { timezone: "UTC", roles: { manager: { permissions: ["*"] } } };
  const engine = Engine.fromJson(JSON.stringify(policy), JSON.stringify({ clients: [{ id: "c1", name: "A" }] }));
  let refused;
  try { new Engine(policy, { clients: [{ id: "x" }, { id: "x" }] }); } catch (e) { refused = e; }
  console.log(JSON.stringify({
    engine: engine instanceof Engine,
    snapshot: engine.snapshot().clients.length,
    version: version(), tz: /^20\\d\\d[a-z]$/.test(tzdataVersion()), policy: validatePolicy(policy).ok,
    error: refused instanceof EngineError && refused.issues[0].code,
  }));
}
`;

function run(name, body) {
  const file = join(scratch, `${name}.mjs`);
  writeFileSync(file, prelude + body);
  const r = spawnSync(process.execPath, [file], { encoding: "utf8", cwd: scratch });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout.trim().split("\n").pop());
}

const { version: version_ } = await import("session-credits");
const version = version_();
const works = { engine: true, snapshot: 1, version, tz: true, policy: true, error: "duplicate" };

test("init() with no argument loads the packaged .wasm", () => {
  assert.deepEqual(run("default", "await init(); check();"), works);
});

test("init(bytes), init(a promise of bytes), init(a file: URL) and init(a compiled module)", () => {
  assert.deepEqual(run("bytes", "await init(bytes); check();"), works);
  assert.deepEqual(run("bytes-buffer", "await init(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length)); check();"), works);
  assert.deepEqual(run("promise", "await init(Promise.resolve(bytes)); check();"), works);
  assert.deepEqual(run("file-url", "await init(pathToFileURL(wasmPath)); check();"), works);
  assert.deepEqual(run("module", "await init(new WebAssembly.Module(bytes)); check();"), works);
  assert.deepEqual(run("at-once", "await Promise.all([init(), init(), init(bytes)]); check();"), works);
});

test("initSync(bytes) and initSync(a compiled module); a second init is a no-op", () => {
  assert.deepEqual(run("sync-bytes", "initSync(bytes); initSync(bytes); await init(); check();"), works);
  assert.deepEqual(run("sync-module", "initSync(new WebAssembly.Module(bytes)); check();"), works);
});

test("anything called before init throws an EngineError that says to call init()", () => {
  const got = run(
    "before",
    `const calls = {
      construct: () => new Engine({ timezone: "UTC", roles: {} }, {}),
      fromJson: () => Engine.fromJson("{}", "{}"),
      version, tzdataVersion, validatePolicy: () => validatePolicy({}), wasmMemoryBytes: api.wasmMemoryBytes,
    };
    const out = {};
    for (const [name, call] of Object.entries(calls)) {
      try { call(); out[name] = "no error"; } catch (e) { out[name] = e instanceof EngineError && e.name === "EngineError" ? e.message : String(e); }
    }
    let bad;
    try { initSync("session_credits_bg.wasm"); } catch (e) { bad = e.message; }
    out.initSyncUrl = bad;
    console.log(JSON.stringify(out));`,
  );
  const message = "session-credits: call init() first (or initSync()): the engine is not loaded yet.";
  for (const name of ["construct", "fromJson", "version", "tzdataVersion", "validatePolicy", "wasmMemoryBytes"]) assert.equal(got[name], message, name);
  assert.match(got.initSyncUrl, /initSync\(\) takes the \.wasm's bytes or a WebAssembly\.Module/);
});

test("init exports the main entry's names, plus init, initSync and default", async () => {
  const main = await import("session-credits");
  const lazy = await import("session-credits/init");
  assert.deepEqual(Object.keys(lazy).sort(), [...Object.keys(main), "default", "init", "initSync"].sort());
  assert.equal(lazy.default, lazy.init);
  assert.equal(lazy.EngineError, main.EngineError, "one EngineError class");
});
