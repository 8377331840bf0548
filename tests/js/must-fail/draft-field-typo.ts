// Must fail to compile: a draft's field names are still checked.
// expect: TS2561
import type { CommandDraft } from "session-credits";
const draft: CommandDraft = { type: "checkIn", bookingID: "b1" };
console.log(draft);
