// A Jest test of a dashboard component's logic, as CommonJS in Jest's jsdom environment.
const { Engine, EngineError, version } = require("session-credits");
const { sampleStudio } = require("session-credits/sample");

test("the engine answers in jsdom, where TextDecoder is not a global", () => {
  expect(typeof document).toBe("object");
  expect(typeof TextDecoder).toBe("undefined");
  const engine = new Engine(sampleStudio.policy, sampleStudio.snapshot);
  const ctx = { actor: { id: "staff-7", role: "manager" }, now: sampleStudio.now };
  expect(engine.preview({ type: "forgiveAndRebook", bookingId: "b2", startsAt: "2026-11-27T15:00:00Z" }, ctx).steps).toHaveLength(2);
  expect(() => new Engine(sampleStudio.policy, { clients: [{ id: "x" }, { id: "x" }] })).toThrow(EngineError);
  expect(JSON.parse(engine.snapshotJson()).clients).toHaveLength(6);
  expect(version()).toMatch(/^\d+\.\d+\.\d+/);
});
