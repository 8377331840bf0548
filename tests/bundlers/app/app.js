// The tiny app every bundler builds: the installed package and its sample studio, one preview,
// one refused snapshot. Prints its result (Node) or writes it into #out (a page).
import { Engine, EngineError, version } from "session-credits";
import { sampleStudio } from "session-credits/sample";

const engine = new Engine(sampleStudio.policy, sampleStudio.snapshot);
const ctx = { actor: { id: "staff-7", role: "manager" }, now: sampleStudio.now };
const preview = engine.preview({ type: "forgiveAndRebook", bookingId: "b2", startsAt: "2026-11-27T15:00:00Z" }, ctx);
let error = null;
try {
  new Engine(sampleStudio.policy, { clients: [{ id: "x" }, { id: "x" }] });
} catch (e) {
  error = { name: e.name, code: e.issues[0].code, isEngineError: typeof EngineError === "function" ? e instanceof EngineError : null };
}
const result = { version: version(), ok: preview.ok, steps: preview.steps, error };
if (typeof document === "undefined") console.log(JSON.stringify(result));
else document.getElementById("out").textContent = JSON.stringify(result);
