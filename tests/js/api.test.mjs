// The package as an ES module under Node: what JavaScript really receives.
import test from "node:test";
import assert from "node:assert/strict";
import { Engine, EngineError, validatePolicy, version, tzdataVersion, wasmMemoryBytes } from "session-credits";
import { fixture, ctx } from "./helpers.mjs";

const engine = () => new Engine(fixture.policy, fixture.snapshot);

/** Walks a value and fails on anything JSON would not write: Map, undefined, class instances. */
function assertPlain(value, path = "answer") {
  if (value === null || ["string", "number", "boolean"].includes(typeof value)) return;
  assert.notEqual(value, undefined, `${path} is undefined`);
  assert.ok(!(value instanceof Map), `${path} is a Map`);
  if (Array.isArray(value)) return value.forEach((v, i) => assertPlain(v, `${path}[${i}]`));
  assert.equal(Object.getPrototypeOf(value), Object.prototype, `${path} is not a plain object`);
  for (const [k, v] of Object.entries(value)) assertPlain(v, `${path}.${k}`);
}

test("version is the crate's", () => {
  assert.match(version(), /^\d+\.\d+\.\d+/);
});

test("answers are plain objects with null, never Map or undefined", () => {
  const e = engine();
  const p = e.preview({ type: "addCredits", clientIds: ["c1"], sessionTypeId: "pt60", quantity: 2, reason: "bonus" }, ctx());
  assert.equal(p.ok, true);
  assertPlain(p);
  assert.equal(p.credits.added[0].bookingId, null);
  assert.equal(p.credits.added[0].expiresAt, null);
  assertPlain(e.snapshot());
  assertPlain(e.balances());
  assertPlain(e.validate({ type: "addCredits" }, ctx()));
});

test("a verdict lists each missing field of a half-filled form at its path", () => {
  const v = engine().validate({ type: "addCredits", clientIds: [], quantity: "tw" }, ctx());
  assert.equal(v.ok, false);
  const keys = v.errors.map((i) => `${i.code}@${i.path}`);
  assert.ok(keys.includes("required@clientIds"), keys.join());
  assert.ok(keys.includes("required@sessionTypeId"), keys.join());
  assert.ok(keys.includes("invalid_quantity@quantity"), keys.join());
  for (const i of v.errors) assert.ok(i.message.endsWith("."), i.message);
});

test("params carry the numbers of the message", () => {
  const v = engine().validate({ type: "addCredits", clientIds: ["c1"], sessionTypeId: "pt60", quantity: 6, reason: "x" }, ctx("staff"));
  const issue = v.errors.find((i) => i.code === "limit_exceeded");
  assert.deepEqual(issue.params, { max: 5, total: 6 });
});

test("instants come back in UTC to the second, plain dates as local midnight", () => {
  const e = engine();
  const p = e.preview({ type: "addCredits", clientIds: ["c1"], sessionTypeId: "pt60", quantity: 1, reason: "x", expiresAt: "2027-06-30" }, ctx("manager", { now: "2026-11-24T12:00:00.750-05:00" }));
  assert.equal(p.credits.added[0].expiresAt, "2027-07-01T04:00:00Z");
  assert.equal(p.credits.added[0].grantedAt, "2026-11-24T17:00:00Z");
  const k1 = e.snapshot().credits.find((c) => c.id === "k1");
  assert.equal(k1.expiresAt, "2026-12-02T05:00:00Z");
});

test("a JS Date is accepted as now", () => {
  const v = engine().validate({ type: "expireCredits" }, { actor: { id: "u", role: "owner" }, now: new Date("2026-11-24T17:00:00Z") });
  assert.equal(v.ok, true);
});

test("the constructor throws an EngineError listing every problem, and the module keeps working", () => {
  const bad = structuredClone(fixture.snapshot);
  bad.credits.push({ ...bad.credits[0] });
  bad.bookings.push({ id: "bx", clientId: "ghost", sessionTypeId: "pt60", startsAt: "nope", status: "booked" });
  let error;
  try {
    new Engine({ ...fixture.policy, timezone: "Mars/Base" }, bad);
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof Error);
  assert.equal(error.name, "EngineError");
  const keys = error.issues.map((i) => `${i.code}@${i.path}`);
  assert.ok(keys.includes("invalid_input@timezone"), keys.join());
  assert.ok(keys.includes("invalid_date@bookings.4.startsAt"), keys.join());
  const e = engine();
  assert.equal(e.validate({ type: "expireCredits" }, ctx()).ok, true);
});

test("fromJson refuses invalid JSON text with an issue", () => {
  assert.throws(() => Engine.fromJson("{", "{}"), (e) => e.name === "EngineError" && e.issues[0].code === "invalid_input");
  assert.throws(() => Engine.fromJson(JSON.stringify(fixture.policy), 42), (e) => e.issues[0].code === "invalid_input");
});

test("preview changes nothing; apply changes the state only when ok", () => {
  const e = engine();
  const before = JSON.stringify(e.snapshot());
  const cmd = { type: "cancelBooking", bookingId: "b1" };
  const p = e.preview(cmd, ctx());
  assert.equal(JSON.stringify(e.snapshot()), before);
  const refused = e.apply({ type: "cancelBooking", bookingId: "nope" }, ctx("manager", { commandId: "c-0" }));
  assert.equal(refused.ok, false);
  assert.equal(JSON.stringify(e.snapshot()), before);
  const a = e.apply(cmd, ctx("manager", { commandId: "c-1" }));
  assert.deepEqual({ ...a, ledger: a.ledger.map((l) => ({ ...l, id: "" })) }, { ...p, ledger: p.ledger.map((l) => ({ ...l, id: "" })) });
  assert.notEqual(JSON.stringify(e.snapshot()), before);
});

test("apply needs a commandId and refuses one seen before", () => {
  const e = engine();
  const cmd = { type: "addCredits", clientIds: ["c1"], sessionTypeId: "pt60", quantity: 1, reason: "x" };
  assert.ok(e.apply(cmd, ctx()).errors.some((i) => i.code === "required" && i.path === "commandId"));
  assert.equal(e.apply(cmd, ctx("manager", { commandId: "once" })).ok, true);
  assert.ok(e.apply(cmd, ctx("manager", { commandId: "once" })).errors.some((i) => i.code === "duplicate" && i.path === "commandId"));
});

test("the JSON-text forms answer exactly what the object forms answer", () => {
  const e = engine();
  const cmd = { type: "changeCreditType", creditIds: ["k1", "k5", "k3"], toSessionTypeId: "pt30", mode: "skipInvalid" };
  assert.equal(e.previewJson(JSON.stringify(cmd), JSON.stringify(ctx())), JSON.stringify(e.preview(cmd, ctx())));
  assert.equal(e.validateJson(JSON.stringify(cmd), JSON.stringify(ctx())), JSON.stringify(e.validate(cmd, ctx())));
  const bad = JSON.parse(e.previewJson("{not json", JSON.stringify(ctx())));
  assert.equal(bad.ok, false);
  assert.equal(bad.errors[0].code, "invalid_input");
  assert.equal(JSON.parse(e.validateJson(7, 8)).ok, false);
});

test("large answers keep every character beyond ASCII, through every form", () => {
  // Over 64 KiB of answer takes Node's fast ASCII path; the engine escapes what is not ASCII.
  const snapshot = structuredClone(fixture.snapshot);
  const name = "Zoë Ångström 🧘";
  snapshot.clients[0].name = name;
  const client = snapshot.clients[0].id;
  const template = snapshot.credits.find((c) => c.clientId === client && c.status === "available") ?? snapshot.credits[0];
  for (let i = 0; i < 600; i++) snapshot.credits.push({ ...template, id: `big-${i}`, clientId: client, status: "available", bookingId: null, expiresAt: null });
  const e = new Engine(fixture.policy, snapshot);
  const cmd = { type: "changeCreditType", creditIds: snapshot.credits.filter((c) => c.id.startsWith("big-")).map((c) => c.id), toSessionTypeId: "pt30", mode: "skipInvalid" };
  const text = e.previewJson(JSON.stringify(cmd), JSON.stringify(ctx()));
  assert.ok(text.length > 1 << 16, `the answer is ${text.length} characters`);
  const object = e.preview(cmd, ctx());
  assert.deepEqual(JSON.parse(text), object);
  assert.ok(object.steps.some((s) => s.includes(name)), "a step names the client");
  assert.deepEqual(JSON.parse(e.snapshotJson()), e.snapshot());
  assert.equal(e.snapshot().clients[0].name, name);
});

test("a snapshot too large to copy whole is read a slice at a time, every character kept", () => {
  // Over 2^26 UTF-16 units the engine reads the text in slices of 2^20: the first slice ends
  // between the two halves of an emoji in a client's name, which must survive whole.
  const name = "🧘".repeat(100);
  const studio = structuredClone(fixture.snapshot);
  studio.clients[0].name = name;
  const build = (padding) => `{"padding":"${"a".repeat(padding)}",${JSON.stringify(studio).slice(1, -1)},"tail":"${"b".repeat(2 ** 26)}"}`;
  const first = build(2 ** 20 - 400);
  const padding = 2 ** 20 - 400 + (2 ** 20 - 51 - first.indexOf(name));
  const text = build(padding);
  assert.equal(text.indexOf(name) + 51, 2 ** 20, "the slice boundary falls inside the name");
  assert.ok(text.length >= 2 ** 26);
  const e = Engine.fromJson(JSON.stringify(fixture.policy), text);
  assert.equal(e.snapshot().clients[0].name, name);
  assert.deepEqual(e.snapshot(), new Engine(fixture.policy, studio).snapshot());
  // and a broken one still reports its problem
  assert.throws(() => Engine.fromJson(JSON.stringify(fixture.policy), text.slice(0, -2)), (err) => err instanceof EngineError && err.issues[0].code === "invalid_input");
});

test("balances throws an EngineError for a bad asOf and keeps working", () => {
  const e = engine();
  assert.throws(() => e.balances({ asOf: "tomorrow" }), (err) => err instanceof EngineError && err.issues[0].path === "asOf");
  const rows = e.balances({ clientId: "c1" });
  assert.deepEqual(rows.find((r) => r.sessionTypeId === "pt60"), { clientId: "c1", sessionTypeId: "pt60", available: 3, assigned: 2, used: 0 });
});

test("validatePolicy answers a verdict for anything", () => {
  for (const p of [null, undefined, 7, "x", [], {}, { timezone: "UTC", roles: {} }]) {
    const v = validatePolicy(p);
    assert.equal(typeof v.ok, "boolean");
  }
  const w = validatePolicy({ ...fixture.policy, colour: "blue" });
  assert.equal(w.ok, true);
  assert.equal(w.warnings[0].code, "unknown_field");
});

test("wasmMemoryBytes reports the linear memory", () => {
  assert.ok(wasmMemoryBytes() >= 65536);
});

test("every error the engine throws is an EngineError, and the module keeps working", () => {
  assert.ok(EngineError.prototype instanceof Error);
  for (const attempt of [
    () => new Engine({}, {}),
    () => Engine.fromJson("{", "{}"),
    () => engine().balances({ asOf: "soon" }),
    () => engine().patch({ credits: [{ id: "kz" }] }),
    () => engine().patchJson("[1,"),
  ]) {
    assert.throws(attempt, (err) => err instanceof EngineError && err.name === "EngineError" && err.issues.length > 0);
  }
  assert.equal(engine().validate({ type: "expireCredits" }, ctx("owner")).ok, true);
});

test("an EngineError's message counts the other problems in plain English", () => {
  try {
    new Engine({ timezone: "Nowhere/Else", roles: {} }, { clients: [{ id: "" }] });
    assert.fail("no error");
  } catch (err) {
    assert.ok(err instanceof EngineError);
    assert.ok(err.issues.length >= 2);
    const more = err.issues.length - 1;
    assert.match(err.message, new RegExp(`and ${more} more problem${more === 1 ? "" : "s"}\\.$`));
  }
});

test("tzdataVersion names the bundled IANA release", () => {
  assert.match(tzdataVersion(), /^20\d\d[a-z]$/);
});

test("a clone is independent, replay judges each entry on its own", () => {
  const original = engine();
  const copy = original.clone();
  const before = JSON.stringify(original.snapshot());
  const result = copy.replay([
    { command: { type: "expireCredits" }, ctx: { ...ctx("owner"), commandId: "r1" } },
    { command: { type: "expireCredits" }, ctx: { ...ctx("owner"), commandId: "r1" } },
    7,
  ]);
  assert.equal(result.applied, 1);
  assert.equal(result.refused, 2);
  assert.deepEqual(result.results.map((r) => r.commandId), ["r1", "r1", null]);
  assert.equal(JSON.stringify(original.snapshot()), before);
  assert.equal(JSON.parse(copy.replayJson("not json")).refused, 1);
});
