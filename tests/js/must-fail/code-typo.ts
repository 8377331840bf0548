// Must fail to compile: a typo in an issue code compared with what the engine answers.
// expect: TS2367
import { Engine, type Context } from "session-credits";
declare const engine: Engine;
declare const ctx: Context;
const verdict = engine.validate({ type: "expireCredits" }, ctx);
if (verdict.errors.some((issue) => issue.code === "reason_requird")) console.log("never");
