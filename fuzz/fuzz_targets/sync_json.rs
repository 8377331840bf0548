//! Arbitrary `patch` changes and `replay` entries against the fixture studio. The first byte picks
//! the call. Checks: a refused patch is an EngineError with issues and changes nothing; an accepted
//! one leaves a state that loads again; a replay answers one result per entry, and a replay is
//! exactly the applies it stands for.
#![no_main]
mod common;

use common::{check_state, fixture};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use session_credits::Engine;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else { return };
    let text = String::from_utf8_lossy(rest);
    let fx = fixture();
    let Ok(mut engine) = Engine::from_json(&fx.policy_json, &fx.snapshot_json) else { return };
    let before = engine.snapshot_json();
    if selector % 2 == 0 {
        match engine.patch_json(&text) {
            Err(e) => {
                assert!(!e.issues.is_empty(), "a refused patch without issues");
                assert_eq!(engine.snapshot_json(), before, "a refused patch changed the state");
            }
            Ok(()) => check_state(&engine, &fx.policy_json),
        }
    } else {
        let mut twin = engine.clone();
        let answer: Value = serde_json::from_str(&engine.replay_json(&text)).expect("replay answers JSON");
        let results = answer["results"].as_array().expect("results");
        let (applied, refused) = (answer["applied"].as_u64().unwrap_or(0), answer["refused"].as_u64().unwrap_or(0));
        assert_eq!(applied + refused, results.len() as u64);
        // The same entries one by one through apply (read as whole values) give the same verdicts
        // and the same state: replay_json's own reading of the entries changes nothing.
        if let Ok(Value::Array(entries)) = serde_json::from_str::<Value>(&text) {
            for (e, result) in entries.iter().zip(results) {
                if let Value::Object(o) = e {
                    let p = twin.apply(o.get("command").unwrap_or(&Value::Null), o.get("ctx").unwrap_or(&Value::Null));
                    let applied = serde_json::json!({ "ok": p.ok, "errors": p.errors, "warnings": p.warnings });
                    let replayed = serde_json::json!({ "ok": result["ok"], "errors": result["errors"], "warnings": result["warnings"] });
                    assert_eq!(replayed, applied, "a replayed entry's verdict differs from its apply");
                }
            }
            assert_eq!(twin.snapshot_json(), engine.snapshot_json(), "replay differs from its applies");
        }
        check_state(&engine, &fx.policy_json);
    }
});
