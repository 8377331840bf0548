// Must fail to compile: a typo in a command's type, written inline.
// expect: TS2820
import { Engine, type Context } from "session-credits";
declare const engine: Engine;
declare const ctx: Context;
engine.validate({ type: "adCredits", clientIds: ["c1"], sessionTypeId: "pt60", quantity: 1 }, ctx);
