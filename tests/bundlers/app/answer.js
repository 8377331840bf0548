// What every app computes with the package's API, however it was loaded: one preview, one
// refused snapshot; and where it shows it (printed in Node, written into #out on a page).
import { sampleStudio } from "session-credits/sample";

export const ctx = { actor: { id: "staff-7", role: "manager" }, now: sampleStudio.now };
export const forgive = { type: "forgiveAndRebook", bookingId: "b2", startsAt: "2026-11-27T15:00:00Z" };

export function answer({ Engine, EngineError, version }) {
  const engine = new Engine(sampleStudio.policy, sampleStudio.snapshot);
  const preview = engine.preview(forgive, ctx);
  let error = null;
  try {
    new Engine(sampleStudio.policy, { clients: [{ id: "x" }, { id: "x" }] });
  } catch (e) {
    error = { name: e.name, code: e.issues[0].code, isEngineError: typeof EngineError === "function" ? e instanceof EngineError : null };
  }
  return { version: version(), ok: preview.ok, steps: preview.steps, error };
}

export function show(result) {
  if (typeof document === "undefined") console.log(JSON.stringify(result));
  else document.getElementById("out").textContent = JSON.stringify(result);
}
