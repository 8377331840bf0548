// The same as a native ES module test (node --experimental-vm-modules), with the README's setup file.
import { Engine, EngineError, version } from "session-credits";
import { sampleStudio } from "session-credits/sample";

test("the engine answers in jsdom from an ES module test", () => {
  expect(typeof document).toBe("object");
  const engine = new Engine(sampleStudio.policy, sampleStudio.snapshot);
  const ctx = { actor: { id: "staff-7", role: "manager" }, now: sampleStudio.now };
  expect(engine.preview({ type: "forgiveAndRebook", bookingId: "b2", startsAt: "2026-11-27T15:00:00Z" }, ctx).steps).toHaveLength(2);
  expect(() => new Engine(sampleStudio.policy, { clients: [{ id: "x" }, { id: "x" }] })).toThrow(EngineError);
  expect(version()).toMatch(/^\d+\.\d+\.\d+/);
});
