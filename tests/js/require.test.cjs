// The package through CommonJS require, as older Node code and tools load it.
const test = require("node:test");
const assert = require("node:assert/strict");
const { Engine, validatePolicy, version } = require("session-credits");
const fixture = require("../fixtures/studio.json");

test("require() gives the same engine", () => {
  const e = new Engine(fixture.policy, fixture.snapshot);
  const v = e.validate({ type: "expireCredits" }, { actor: { id: "u", role: "owner" }, now: fixture.now });
  assert.equal(v.ok, true);
  assert.equal(typeof version(), "string");
  assert.equal(validatePolicy(fixture.policy).ok, true);
});

test("require() and import share one EngineError class", async () => {
  const cjs = require("session-credits");
  const esm = await import("session-credits");
  assert.equal(cjs.EngineError, esm.EngineError);
  assert.throws(() => new cjs.Engine({}, {}), (err) => err instanceof esm.EngineError);
});
