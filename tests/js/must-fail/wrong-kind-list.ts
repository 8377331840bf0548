// Must fail to compile: a finished command with a value of the wrong kind (one id, not a list).
// expect: TS2322
import type { Command } from "session-credits";
const command: Command = { type: "changeCreditType", creditIds: "k1", toSessionTypeId: "yoga" };
console.log(command);
