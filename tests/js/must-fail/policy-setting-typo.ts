// Must fail to compile: a policy setting of the wrong kind (Policy is written from the Rust table).
// expect: TS2322
import type { Policy } from "session-credits";
const policy: Policy = { timezone: "UTC", roles: {}, weekStartsOn: "mon" };
console.log(policy);
