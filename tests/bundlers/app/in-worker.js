// The app through session-credits/worker: the engine in a module worker, every call a promise.
import { WorkerEngine, EngineError } from "session-credits/worker";
import { sampleStudio } from "session-credits/sample";
import { ctx, forgive, show } from "./answer.js";

async function main() {
  const engine = await WorkerEngine.create(sampleStudio.policy, sampleStudio.snapshot);
  // Fifty calls sent at once, right after the engine came up: each is answered, in order.
  const many = await Promise.all(Array.from({ length: 50 }, (_, i) => engine.validate({ type: "cancelBooking", bookingId: i % 2 ? "b2" : "nope" }, ctx)));
  const preview = await engine.preview(forgive, ctx);
  let error = null;
  try {
    // From bytes, transferred to the worker.
    await WorkerEngine.fromJson(JSON.stringify(sampleStudio.policy), new TextEncoder().encode(JSON.stringify({ clients: [{ id: "x" }, { id: "x" }] })));
  } catch (e) {
    error = { name: e.name, code: e.issues[0].code, isEngineError: e instanceof EngineError };
  }
  const applied = await engine.apply({ type: "addCredits", clientIds: ["c1"], sessionTypeId: "yoga", quantity: 2, reason: "Referral bonus" }, { ...ctx, commandId: "cmd-1" });
  const copy = await engine.clone();
  const yoga = (rows) => rows.find((b) => b.sessionTypeId === "yoga").available;
  let badAsOf = null;
  await engine.balances({ asOf: "never" }).catch((e) => (badAsOf = e instanceof EngineError && e.issues.length > 0));
  const yogaInCopy = yoga(await copy.balances({ clientId: "c1" }));
  const summary = await engine.previewJson(JSON.stringify(forgive), JSON.stringify(ctx), JSON.stringify({ detail: "summary" }));
  engine.terminate();
  let afterTerminate = null;
  await copy.snapshot().catch((e) => (afterTerminate = e.message));
  return {
    version: null, ok: preview.ok, steps: preview.steps, error,
    many: many.map((v, i) => v.ok === (i % 2 === 1)).every(Boolean),
    applied: applied.ok, yoga: yogaInCopy, badAsOf,
    summary: !("credits" in JSON.parse(summary)), afterTerminate,
  };
}

main().then(show, (e) => show({ failed: `${e.name}: ${e.message}` }));
