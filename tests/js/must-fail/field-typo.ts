// Must fail to compile: a typo in a field name, written inline.
// expect: TS2561
import { Engine, type Context } from "session-credits";
declare const engine: Engine;
declare const ctx: Context;
engine.validate({ type: "addCredits", clientIds: ["c1"], sessionTypeId: "pt60", quantity: 1, reasn: "x" }, ctx);
