//! Arbitrary bytes as policy text, with the fixture snapshot: `validate_policy` and
//! `Engine::from_json` must answer, and agree on whether the policy is acceptable.
#![no_main]
mod common;

use common::{answer, check_answer_shape, fixture};
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Value};
use session_credits::{validate_policy, Engine};

fuzz_target!(|data: &[u8]| {
    let fx = fixture();
    let text = String::from_utf8_lossy(data);
    let built = Engine::from_json(&text, &fx.snapshot_json);
    let Ok(value) = serde_json::from_str::<Value>(&text) else {
        assert!(built.is_err(), "a policy that is not JSON must be refused");
        return;
    };
    let verdict = validate_policy(&value);
    check_answer_shape(&serde_json::to_value(&verdict).expect("verdict serializes"));
    assert_eq!(verdict.ok, built.is_ok(), "validatePolicy and the constructor disagree: {verdict:?}");
    let Ok(engine) = built else { return };
    // A few commands under this policy: whatever it says, the engine answers.
    let now = &fx.now;
    for role in ["owner", "manager", "staff"] {
        let ctx = json!({ "actor": { "id": "fuzz", "role": role }, "now": now }).to_string();
        for cmd in [
            json!({ "type": "addCredits", "clientIds": ["c1", "c3"], "sessionTypeId": "pt60", "quantity": 2, "reason": "fuzz" }),
            json!({ "type": "book", "clientId": "c1", "sessionTypeId": "pt30", "startsAt": "2026-11-30T15:00:00Z" }),
            json!({ "type": "cancelBooking", "bookingId": "b2" }),
            json!({ "type": "removeCredits", "clientId": "c1", "sessionTypeId": "pt60", "quantity": 1, "reason": "fuzz" }),
        ] {
            check_answer_shape(&answer(&engine.preview_json(&cmd.to_string(), &ctx)));
        }
    }
});
