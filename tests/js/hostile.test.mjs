// Hostile input against every entry point of the built package: wrong types, nulls, NaN, BigInt,
// huge strings, deep nesting, cycles, prototype keys, lone surrogates, throwing getters and
// proxies, frozen objects, … Each must be answered with issues — validate/preview/apply and the
// …Json forms never throw; the constructor, fromJson and balances throw an Error named
// EngineError carrying `issues` — and after every case the module still answers a normal call
// exactly as it did at the start. Also: WebAssembly memory stays bounded over 100,000 calls.
import test from "node:test";
import assert from "node:assert/strict";
import { Engine, EngineError, validatePolicy, wasmMemoryBytes } from "session-credits";
import { fixture, ctx } from "./helpers.mjs";

const MB = 1 << 20;
const goodCommand = { type: "addCredits", clientIds: ["c1"], sessionTypeId: "pt60", quantity: 2, reason: "bonus" };
const goodCtx = ctx("manager");
const reference = new Engine(fixture.policy, fixture.snapshot);
const baseline = JSON.stringify(reference.preview(goodCommand, goodCtx));
const baselineJson = reference.previewJson(JSON.stringify(goodCommand), JSON.stringify(goodCtx));
const baselineSnapshot = reference.snapshotJson();

/** The module still answers a normal call, the same as at the start, on old and new engines. */
function stillWorks() {
  assert.equal(JSON.stringify(reference.preview(goodCommand, goodCtx)), baseline, "the reference engine answers otherwise");
  assert.equal(reference.snapshotJson(), baselineSnapshot, "the reference engine's state moved");
  const fresh = new Engine(fixture.policy, fixture.snapshot);
  assert.equal(fresh.previewJson(JSON.stringify(goodCommand), JSON.stringify(goodCtx)), baselineJson, "a new engine answers otherwise");
  fresh.free();
}

function assertVerdict(v, where) {
  assert.equal(typeof v, "object", `${where}: not an object`);
  assert.notEqual(v, null, `${where}: null`);
  assert.equal(typeof v.ok, "boolean", `${where}: no ok`);
  assert.ok(Array.isArray(v.errors) && Array.isArray(v.warnings), `${where}: no errors/warnings lists`);
  assert.equal(v.ok, v.errors.length === 0, `${where}: ok and errors disagree`);
  for (const i of [...v.errors, ...v.warnings]) {
    assert.equal(typeof i.code, "string", `${where}: an issue without a code`);
    assert.equal(typeof i.path, "string", `${where}: an issue without a path`);
    assert.ok(typeof i.message === "string" && i.message.length > 0, `${where}: an issue without a message`);
  }
  return v;
}

function assertRefused(v, where) {
  assertVerdict(v, where);
  assert.equal(v.ok, false, `${where}: accepted`);
  assert.ok(JSON.stringify(v).length < 64 * 1024, `${where}: an answer of ${JSON.stringify(v).length} characters`);
  return v;
}

function assertJsonAnswer(text, where) {
  assert.equal(typeof text, "string", `${where}: not a string`);
  return assertVerdict(JSON.parse(text), where);
}

/** Throws an EngineError with issues — or, when `mayPass`, succeeds. */
function assertEngineError(f, where, mayPass = false) {
  let result;
  try {
    result = f();
  } catch (e) {
    assert.ok(e instanceof Error, `${where}: threw a non-Error ${String(e)}`);
    assert.equal(e.name, "EngineError", `${where}: threw ${e.name}: ${e.message}`);
    assert.ok(e instanceof EngineError, `${where}: an EngineError that is not an instance of the exported class`);
    assert.ok(Array.isArray(e.issues) && e.issues.length > 0, `${where}: an EngineError without issues`);
    for (const i of e.issues) assert.ok(typeof i.code === "string" && typeof i.path === "string" && typeof i.message === "string", `${where}: malformed issue`);
    return e;
  }
  assert.ok(mayPass, `${where}: did not throw`);
  if (result && typeof result.free === "function") result.free();
  return undefined;
}

// ---- hostile values -------------------------------------------------------------------------

function deepArray(n) {
  let v = [];
  for (let i = 0; i < n; i++) v = [v];
  return v;
}
function deepObject(n) {
  let v = {};
  for (let i = 0; i < n; i++) v = { a: v };
  return v;
}
const cyclic = () => {
  const o = { type: "addCredits" };
  o.self = o;
  return o;
};
const cyclicArray = () => {
  const a = ["c1"];
  a.push(a);
  return a;
};
const throwingProxy = () =>
  new Proxy({}, { get() { throw new Error("proxy get"); }, ownKeys() { throw new Error("proxy ownKeys"); }, getOwnPropertyDescriptor() { throw new Error("proxy descriptor"); } });
const throwingGetter = () => Object.defineProperty({ type: "addCredits" }, "quantity", { enumerable: true, get() { throw new Error("getter"); } });
const throwingToJSON = () => ({ toJSON() { throw new Error("toJSON"); } });
const revokedProxy = () => {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
};
const huge = "x".repeat(10 * MB);

/** What JSON.stringify makes of a value — what the engine reads — or "throws". */
function jsonOf(make) {
  try {
    return JSON.stringify(make());
  } catch {
    return "throws";
  }
}
/** JSON would drop it, or write null: the engine sees nothing there. */
const absentInJson = (j) => j === undefined || j === "null";
const blankInJson = (j) => absentInJson(j) || (typeof j === "string" && /^"\s*"$/.test(j));

/** [name, () => value]. Made on demand, so a throwing one cannot break the file's loading. */
const HOSTILE = [
  ["undefined", () => undefined],
  ["null", () => null],
  ["true", () => true],
  ["zero", () => 0],
  ["minus zero", () => -0],
  ["NaN", () => NaN],
  ["Infinity", () => Infinity],
  ["-Infinity", () => -Infinity],
  ["1e308", () => 1e308],
  ["-1e308", () => -1e308],
  ["2^64", () => 2 ** 64],
  ["MAX_SAFE_INTEGER + 2", () => Number.MAX_SAFE_INTEGER + 2],
  ["negative", () => -5],
  ["fraction", () => 2.5],
  ["BigInt", () => 10n],
  ["empty string", () => ""],
  ["blank string", () => "   "],
  ["10 MB string", () => huge],
  ["lone high surrogate", () => "\uD800"],
  ["lone low surrogate", () => "ab\uDFFFcd"],
  ["NUL characters", () => "c1\u0000"],
  ["Symbol", () => Symbol("s")],
  ["function", () => function f() {}],
  ["arrow function", () => () => 1],
  ["Date", () => new Date("2026-11-24T17:00:00Z")],
  ["invalid Date", () => new Date(NaN)],
  ["Uint8Array", () => new Uint8Array([1, 2, 3])],
  ["Float64Array of NaN", () => new Float64Array([NaN, Infinity])],
  ["ArrayBuffer", () => new ArrayBuffer(16)],
  ["Map", () => new Map([["type", "addCredits"]])],
  ["Set", () => new Set(["c1"])],
  ["RegExp", () => /c1/g],
  ["Error", () => new Error("boom")],
  ["Promise", () => Promise.resolve(1)],
  ["WeakMap", () => new WeakMap()],
  ["deep array (10,000 levels)", () => deepArray(10_000)],
  ["deep object (10,000 levels)", () => deepObject(10_000)],
  ["cyclic object", cyclic],
  ["cyclic array", cyclicArray],
  ["__proto__ key", () => JSON.parse('{"__proto__": {"type": "addCredits"}, "type": "book"}')],
  ["constructor and prototype keys", () => ({ constructor: { prototype: { ok: true } }, prototype: 1, type: "constructor" })],
  ["null-prototype object", () => Object.assign(Object.create(null), { type: "expireCredits" })],
  ["proxy that throws", throwingProxy],
  ["revoked proxy", revokedProxy],
  ["throwing getter", throwingGetter],
  ["throwing toJSON", throwingToJSON],
  ["toJSON returning a cycle", () => ({ toJSON: cyclic })],
  ["frozen object", () => Object.freeze({ type: "addCredits", clientIds: Object.freeze(["c1"]) })],
  ["array with holes", () => [, "c1", , "c2"]], // eslint-disable-line no-sparse-arrays
  ["array of 200,000 nulls", () => new Array(200_000).fill(null)],
  ["object of 100,000 keys", () => Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, i]))],
  ["array instead of object", () => ["type", "addCredits"]],
  ["globalThis", () => globalThis],
];

// ---- every entry point, every hostile value ---------------------------------------------------

const engine = () => new Engine(fixture.policy, fixture.snapshot);

for (const [name, make] of HOSTILE) {
  test(`validate/preview/apply answer ${name} as the command or the context`, () => {
    const e = engine();
    assertVerdict(e.validate(make(), goodCtx), `validate(${name}, ctx)`);
    assertVerdict(e.preview(make(), goodCtx), `preview(${name}, ctx)`);
    assertVerdict(e.apply(make(), { ...goodCtx, commandId: "h1" }), `apply(${name}, ctx)`);
    assertRefused(e.validate(goodCommand, make()), `validate(cmd, ${name})`);
    assertRefused(e.preview(goodCommand, make()), `preview(cmd, ${name})`);
    assertRefused(e.apply(goodCommand, make()), `apply(cmd, ${name})`);
    assert.equal(e.snapshotJson(), baselineSnapshot, "a refused apply changed the state");
    e.free();
    stillWorks();
  });

  test(`fields of a command and a context holding ${name} are issues`, () => {
    const e = engine();
    for (const field of ["type", "clientIds", "sessionTypeId", "quantity", "reason", "expiresAt", "mode"]) {
      const v = assertVerdict(e.preview({ ...goodCommand, [field]: make() }, goodCtx), `preview field ${field}=${name}`);
      // Accepted only where the field is optional and JSON leaves nothing there, or a reason that is text.
      const j = jsonOf(make);
      const fine = (["expiresAt", "mode"].includes(field) && blankInJson(j)) || (field === "reason" && typeof j === "string" && j.startsWith('"') && !blankInJson(j));
      if (v.ok) assert.ok(fine, `field ${field}=${name} accepted`);
    }
    assertVerdict(e.validate({ ...goodCommand, clientIds: [make()] }, goodCtx), `clientIds[0]=${name}`);
    assertVerdict(e.validate({ type: "batch", commands: [goodCommand, make()] }, goodCtx), `batch with ${name}`);
    for (const field of ["now", "actor", "commandId"]) {
      assertVerdict(e.apply(goodCommand, { ...goodCtx, commandId: "h2", [field]: make() }), `ctx ${field}=${name}`);
    }
    assertVerdict(e.apply(goodCommand, { ...goodCtx, commandId: "h3", actor: { id: make(), role: make() } }), `actor=${name}`);
    e.free();
    stillWorks();
  });

  test(`the …Json forms answer ${name} with issues`, () => {
    const e = engine();
    const text = JSON.stringify(goodCommand);
    const c = JSON.stringify(goodCtx);
    assertJsonAnswer(e.validateJson(make(), c), `validateJson(${name})`);
    assertJsonAnswer(e.previewJson(make(), c), `previewJson(${name})`);
    assertJsonAnswer(e.applyJson(make(), c), `applyJson(${name})`);
    assertJsonAnswer(e.validateJson(text, make()), `validateJson(cmd, ${name})`);
    assertJsonAnswer(e.previewJson(text, make()), `previewJson(cmd, ${name})`);
    assertJsonAnswer(e.applyJson(text, make()), `applyJson(cmd, ${name})`);
    assert.equal(e.snapshotJson(), baselineSnapshot);
    e.free();
    stillWorks();
  });

  test(`the constructor, fromJson and balances refuse ${name} with an EngineError`, () => {
    const j = jsonOf(make);
    const absent = absentInJson(j);
    const isObject = typeof j === "string" && j.startsWith("{");
    const isInstant = typeof j === "string" && /^"\d{4}-\d\d-\d\dT/.test(j);
    assertEngineError(() => new Engine(make(), fixture.snapshot), `new Engine(${name}, snapshot)`);
    // A snapshot of undefined/null is missing; an empty-ish one may load.
    assertEngineError(() => new Engine(fixture.policy, make()), `new Engine(policy, ${name})`, true);
    assertEngineError(() => new Engine(fixture.policy, { ...fixture.snapshot, credits: make() }), `snapshot.credits=${name}`, absent);
    assertEngineError(() => new Engine(fixture.policy, { ...fixture.snapshot, clients: [make()] }), `snapshot.clients[0]=${name}`);
    assertEngineError(() => new Engine({ ...fixture.policy, timezone: make() }, fixture.snapshot), `policy.timezone=${name}`);
    // A role JSON leaves out is no role at all: the other roles stand.
    assertEngineError(() => new Engine({ ...fixture.policy, roles: { ...fixture.policy.roles, owner: make() } }, fixture.snapshot), `policy.roles.owner=${name}`, j === undefined);
    assertEngineError(() => Engine.fromJson(make(), JSON.stringify(fixture.snapshot)), `fromJson(${name}, snapshot)`);
    assertEngineError(() => Engine.fromJson(JSON.stringify(fixture.policy), make()), `fromJson(policy, ${name})`);
    assertEngineError(() => reference.balances(make()), `balances(${name})`, absent || isObject);
    assertEngineError(() => reference.balances({ asOf: make() }), `balances({asOf: ${name}})`, blankInJson(j) || isInstant);
    assertEngineError(() => reference.balances({ clientId: make() }), `balances({clientId: ${name}})`, true);
    stillWorks();
  });

  test(`the revision-2 commands, options, patch and replay answer ${name} with issues`, () => {
    const e = engine();
    const lifecycle = [
      { type: "checkIn", bookingId: "b2" },
      { type: "markNoShow", bookingId: "b2", forgive: false },
      { type: "revertAttendance", bookingId: "b4" },
      { type: "transferCredits", fromClientId: "c1", toClientId: "c3", creditIds: ["k2"], reason: "r" },
    ];
    for (const base of lifecycle) {
      for (const field of Object.keys(base).concat(["creditId", "sessionTypeId", "quantity"])) {
        assertVerdict(e.preview({ ...base, [field]: make() }, goodCtx), `preview ${base.type}.${field}=${name}`);
      }
      assertVerdict(e.preview(base, goodCtx, make()), `preview ${base.type} options=${name}`);
      assertVerdict(e.preview(base, goodCtx, { detail: make() }), `preview ${base.type} options.detail=${name}`);
      assertJsonAnswer(e.previewJson(JSON.stringify(base), JSON.stringify(goodCtx), make()), `previewJson ${base.type} options=${name}`);
    }
    const before = e.snapshotJson();
    for (const changes of [make(), { credits: [make()] }, { remove: make() }, { remove: { bookings: [make()] } }, { appliedCommandIds: [make()] }]) {
      assertEngineError(() => e.patch(changes), `patch(${name})`, true);
    }
    assertEngineError(() => e.patchJson(make()), `patchJson(${name})`, true);
    assert.equal(e.snapshotJson(), before, "a refused patch changed the state");
    for (const entries of [make(), [make()], [{ command: make(), ctx: goodCtx }], [{ command: goodCommand, ctx: make() }]]) {
      const r = e.replay(entries);
      assert.ok(Array.isArray(r.results) && r.applied + r.refused === r.results.length, `replay(${name}): ${JSON.stringify(r).slice(0, 200)}`);
    }
    const rj = JSON.parse(e.replayJson(make()));
    assert.ok(Array.isArray(rj.results), `replayJson(${name})`);
    e.clone().free();
    e.free();
    stillWorks();
  });

  test(`validatePolicy answers ${name}`, () => {
    assertVerdict(validatePolicy(make()), `validatePolicy(${name})`);
    assertVerdict(validatePolicy({ ...fixture.policy, roles: make() }), `validatePolicy roles=${name}`);
    assertVerdict(validatePolicy({ ...fixture.policy, maxQuantity: make() }), `validatePolicy maxQuantity=${name}`);
    assertVerdict(validatePolicy({ ...fixture.policy, substitutes: { pt30: [make()] } }), `validatePolicy substitutes=${name}`);
    stillWorks();
  });
}

// ---- JSON text that is not what it should be ---------------------------------------------------

const BAD_TEXT = [
  ["invalid JSON", '{"type": "addCredits",'],
  ["trailing garbage", '{"type": "expireCredits"} x'],
  ["NaN literal", '{"type": "addCredits", "quantity": NaN}'],
  ["single quotes", "{'type': 'book'}"],
  ["duplicate keys", '{"type": "addCredits", "type": "expireCredits", "quantity": 1, "quantity": "x"}'],
  ["an escaped lone surrogate", '{"type": "addCredits", "reason": "\\ud800"}'],
  ["a raw control character", '{"type": "addCr\u0001edits"}'],
  ["a number too large", '{"type": "addCredits", "quantity": 1e400}'],
  ["a long digit string", `{"type": "addCredits", "quantity": ${"9".repeat(5000)}}`],
  ["10,000 levels deep", "[".repeat(10_000) + "]".repeat(10_000)],
  ["a byte order mark", '\uFEFF{"type": "expireCredits"}'],
  ["empty", ""],
  ["whitespace", "  \n\t "],
  ["the text null", "null"],
  ["an array", "[]"],
  ["a 10 MB string", JSON.stringify(huge)],
];

for (const [name, text] of BAD_TEXT) {
  test(`JSON text with ${name} is answered with issues everywhere`, () => {
    const e = engine();
    const c = JSON.stringify(goodCtx);
    assertJsonAnswer(e.validateJson(text, c), `validateJson(${name})`);
    assertJsonAnswer(e.previewJson(text, c), `previewJson(${name})`);
    assertJsonAnswer(e.applyJson(text, JSON.stringify({ ...goodCtx, commandId: "t1" })), `applyJson(${name})`);
    assertJsonAnswer(e.previewJson(JSON.stringify(goodCommand), text), `previewJson(ctx ${name})`);
    assertEngineError(() => Engine.fromJson(text, JSON.stringify(fixture.snapshot)), `fromJson(policy ${name})`);
    // Other top-level fields of a snapshot are ignored, unread: an object may load, as an empty studio.
    let isObject = false;
    try {
      const v = JSON.parse(text);
      isObject = v !== null && typeof v === "object" && !Array.isArray(v);
    } catch {
      /* not JSON */
    }
    assertEngineError(() => Engine.fromJson(JSON.stringify(fixture.policy), text), `fromJson(snapshot ${name})`, isObject);
    e.free();
    stillWorks();
  });
}

// ---- names that are Object.prototype's -------------------------------------------------------

for (const name of ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf"]) {
  test(`a role, client, type or command named ${name} is just a name`, () => {
    const e = engine();
    const unknownRole = e.validate(goodCommand, { ...goodCtx, actor: { id: "x", role: name } });
    assert.deepEqual(unknownRole.errors.map((i) => `${i.code}@${i.path}`), ["unknown_role@actor.role"]);
    const unknownType = e.validate({ type: name }, goodCtx);
    assert.deepEqual(unknownType.errors.map((i) => i.code), ["unknown_command"]);
    const unknownClient = e.validate({ ...goodCommand, clientIds: [name] }, goodCtx);
    assert.deepEqual(unknownClient.errors.map((i) => `${i.code}@${i.path}`), ["unknown_client@clientIds.0"]);
    const field = JSON.parse(`{"type": "expireCredits", "${name}": {"polluted": true}}`);
    const v = e.validate(field, goodCtx);
    assert.equal(v.ok, true);
    assert.deepEqual(v.warnings.map((i) => `${i.code}@${i.path}`), [`unknown_field@${name}`]);
    // A policy whose role is called so works like any other.
    const policy = JSON.parse(JSON.stringify(fixture.policy));
    Object.defineProperty(policy.roles, name, { value: { permissions: ["*"] }, enumerable: true, configurable: true, writable: true });
    const own = new Engine(policy, fixture.snapshot);
    assert.equal(own.validate(goodCommand, { ...goodCtx, actor: { id: "x", role: name } }).ok, true);
    own.free();
    assert.equal({}.polluted, undefined, "Object.prototype was polluted");
    e.free();
    stillWorks();
  });
}

// ---- after an EngineError, everything still works ----------------------------------------------

test("after an EngineError for a bad snapshot, new engines construct and old ones answer", () => {
  const before = engine();
  const bad = { ...fixture.snapshot, credits: [{ id: "k1" }, ...fixture.snapshot.credits] };
  const err = assertEngineError(() => new Engine(fixture.policy, bad), "bad snapshot");
  assert.ok(err.issues.some((i) => i.path.startsWith("credits.")), JSON.stringify(err.issues));
  assertEngineError(() => Engine.fromJson(JSON.stringify(fixture.policy), "{"), "bad snapshot text");
  assertEngineError(() => new Engine({ timezone: "Mars/Olympus" }, fixture.snapshot), "bad policy");
  assertEngineError(() => before.balances({ asOf: "yesterday" }), "bad asOf");
  // The old engine still answers, and applies.
  assert.equal(JSON.stringify(before.preview(goodCommand, goodCtx)), baseline);
  assert.equal(before.apply(goodCommand, { ...goodCtx, commandId: "after-error" }).ok, true);
  assert.equal(before.balances({ clientId: "c1" }).find((r) => r.sessionTypeId === "pt60").available, 5);
  // New ones construct.
  const after = new Engine(fixture.policy, fixture.snapshot);
  assert.equal(JSON.stringify(after.preview(goodCommand, goodCtx)), baseline);
  after.free();
  before.free();
  stillWorks();
});

test("a thousand EngineErrors in a row leave the module working", () => {
  for (let i = 0; i < 1000; i++) {
    assertEngineError(() => new Engine(fixture.policy, { credits: [i] }), "bad snapshot");
  }
  stillWorks();
});

// ---- large hostile snapshots stay bounded ------------------------------------------------------

test("a snapshot of a million empty records is refused without exhausting memory", () => {
  const text = `{"credits":[${"{},".repeat(1_000_000)}{}]}`;
  const err = assertEngineError(() => Engine.fromJson(JSON.stringify(fixture.policy), text), "a million empty credits");
  assert.equal(err.issues.length, 1001);
  assert.equal(err.issues.at(-1).code, "too_many");
  stillWorks();
});

test("a policy of millions of values is refused whole, quickly, without growing memory", () => {
  const before = wasmMemoryBytes();
  const started = Date.now();
  const v = validatePolicy({ ...fixture.policy, substitutes: { pt30: new Array(2_000_000).fill(1) } });
  assertRefused(v, "validatePolicy of two million substitutes");
  assert.deepEqual(v.errors.map((i) => `${i.code}@${i.path}`), ["too_many@"]);
  assertEngineError(() => new Engine({ ...fixture.policy, roles: Object.fromEntries(Array.from({ length: 200_000 }, (_, i) => [`r${i}`, 1])) }, fixture.snapshot), "200,000 bad roles");
  assert.ok(Date.now() - started < 20_000, `took ${Date.now() - started} ms`);
  assert.ok(wasmMemoryBytes() - before < 256 * MB, `wasm memory grew by ${(wasmMemoryBytes() - before) >> 20} MB`);
  stillWorks();
});

test("a batch creating credits past the per-call bound is refused, not run", () => {
  const policy = { ...fixture.policy, maxQuantity: 100000 };
  const e = new Engine(policy, fixture.snapshot);
  const add = { type: "addCredits", clientIds: ["c1", "c3"], sessionTypeId: "yoga", quantity: 75000, reason: "r" };
  const v = e.validate({ type: "batch", commands: Array(200).fill(add) }, ctx("owner"));
  assert.equal(v.ok, false);
  assert.ok(v.errors.some((i) => i.code === "limit_exceeded" && i.path === "commands.1.quantity"), JSON.stringify(v.errors.slice(0, 3)));
  e.free();
  stillWorks();
});

// ---- memory over 100,000 calls ------------------------------------------------------------------

test("WebAssembly memory does not keep growing over 100,000 calls", () => {
  const e = engine();
  const cmdText = JSON.stringify(goodCommand);
  const ctxText = JSON.stringify(goodCtx);
  const calls = [
    () => e.preview(goodCommand, goodCtx),
    () => e.validate({ type: "addCredits", clientIds: [] }, goodCtx),
    () => e.previewJson(cmdText, ctxText),
    () => e.validateJson("{", ctxText),
    () => e.apply(goodCommand, goodCtx), // refused: no commandId
    () => e.preview(cyclic(), goodCtx),
    () => e.balances({ clientId: "c1" }),
    () => { try { e.balances({ asOf: "no" }); } catch { /* an EngineError */ } },
    () => { try { new Engine(fixture.policy, { credits: [1] }); } catch { /* an EngineError */ } },
    () => validatePolicy({ timezone: 5 }),
  ];
  const run = (n) => { for (let i = 0; i < n; i++) calls[i % calls.length](); };
  run(10_000); // warm-up: the allocator settles
  const warm = wasmMemoryBytes();
  run(100_000);
  const end = wasmMemoryBytes();
  assert.ok(end - warm <= 2 * MB, `wasm memory grew from ${warm} to ${end} bytes over 100,000 calls`);
  e.free();
  stillWorks();
});

// ---- values that call back into the engine while it reads them ---------------------------------

test("a toJSON that calls back into the same engine is answered, and the engine survives", () => {
  const e = engine();
  // A read during a read: allowed, and the command it returns is just not a command.
  const reads = e.preview({ toJSON: () => e.snapshot() }, goodCtx);
  assertRefused(reads, "toJSON reading the engine");
  // A write during a read, a free during a write: refused by the binding, seen as a command that cannot be read.
  assertVerdict(e.preview({ toJSON: () => e.apply(goodCommand, { ...goodCtx, commandId: "re" }) }, goodCtx), "toJSON applying");
  assertVerdict(e.validate(goodCommand, { toJSON: () => { e.balances({ asOf: "no" }); } }), "toJSON throwing an EngineError");
  assert.equal(JSON.stringify(e.preview(goodCommand, goodCtx)), baseline);
  assert.equal(e.snapshotJson(), baselineSnapshot, "a re-entrant call changed the state");
  e.free();
  // Freeing the engine from inside its own call: the binding refuses the free, but has already
  // detached the JS object, so that engine is gone (wasm-bindgen's behaviour); the module is fine.
  const doomed = engine();
  assertVerdict(doomed.apply({ toJSON() { doomed.free(); return goodCommand; } }, { ...goodCtx, commandId: "re2" }), "toJSON freeing");
  assert.throws(() => doomed.preview(goodCommand, goodCtx), /null pointer passed to rust/);
  stillWorks();
});
