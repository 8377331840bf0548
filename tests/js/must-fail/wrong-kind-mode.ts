// Must fail to compile: a bulk mode spelled wrong in a finished command.
// expect: TS2820
import type { Command } from "session-credits";
const command: Command = { type: "changeCreditType", creditIds: ["k1"], toSessionTypeId: "yoga", mode: "skipinvalid" };
console.log(command);
