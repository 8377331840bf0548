//! Arbitrary bytes as snapshot text, with the fixture policy: `Engine::from_json` must answer
//! (an engine, or an error listing issues); an engine it builds must answer everything.
#![no_main]
mod common;

use common::{answer, check_answer_shape, check_state, fixture};
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Value};
use session_credits::Engine;

fuzz_target!(|data: &[u8]| {
    let fx = fixture();
    let text = String::from_utf8_lossy(data);
    match Engine::from_json(&fx.policy_json, &text) {
        Err(e) => {
            assert!(!e.issues.is_empty(), "a refused snapshot must say why");
            assert!(e.issues.len() <= session_credits::limits::MAX_LOAD_ISSUES + 1, "too many issues listed");
        }
        Ok(engine) => {
            let _ = engine.snapshot();
            check_state(&engine, &fx.policy_json);
            let _ = engine.balances_json("");
            let _ = engine.balances(&json!({ "asOf": fx.now }));
            let ctx = json!({ "actor": { "id": "fuzz", "role": "owner" }, "now": fx.now }).to_string();
            let preview = answer(&engine.preview_json(r#"{"type":"expireCredits"}"#, &ctx));
            check_answer_shape(&preview);
            assert_eq!(preview["ok"], Value::Bool(true), "expireCredits is always ok: {preview}");
            // The same text read as a value gives the same engine.
            if let Ok(v) = serde_json::from_str::<Value>(&text) {
                let by_value = Engine::new(&fx.policy, &v).expect("a snapshot that loads from text loads as a value");
                assert_eq!(by_value.snapshot_json(), engine.snapshot_json());
            }
        }
    }
});
