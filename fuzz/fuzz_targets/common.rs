//! Shared by the fuzz targets: the fixture studio, and checks that any state the engine holds is
//! one it would load again.
#![allow(dead_code)]
use serde_json::Value;
use session_credits::Engine;
use std::sync::OnceLock;

pub const FIXTURE: &str = include_str!("../../tests/fixtures/studio.json");

pub struct Fixture {
    pub policy: Value,
    pub snapshot: Value,
    pub policy_json: String,
    pub snapshot_json: String,
    pub now: String,
}

pub fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let fx: Value = serde_json::from_str(FIXTURE).expect("fixture parses");
        Fixture {
            policy_json: fx["policy"].to_string(),
            snapshot_json: fx["snapshot"].to_string(),
            now: fx["now"].as_str().unwrap_or("2026-11-24T17:00:00Z").to_owned(),
            policy: fx["policy"].clone(),
            snapshot: fx["snapshot"].clone(),
        }
    })
}

/// JSON text the engine answered: it must parse, and be an object.
pub fn answer(text: &str) -> Value {
    let v: Value = serde_json::from_str(text).unwrap_or_else(|e| panic!("answer is not JSON ({e}): {text}"));
    assert!(v.is_object(), "answer is not an object: {text}");
    v
}

/// An answer that is not ok changes nothing and lists nothing.
pub fn check_answer_shape(v: &Value) {
    let ok = v["ok"].as_bool().expect("ok is a boolean");
    let errors = v["errors"].as_array().expect("errors is a list");
    assert!(v["warnings"].is_array(), "warnings is a list");
    assert_eq!(ok, errors.is_empty(), "ok must mean no errors: {v}");
    for i in errors.iter().chain(v["warnings"].as_array().into_iter().flatten()) {
        assert!(i["code"].as_str().is_some_and(|c| !c.is_empty()), "issue without code: {i}");
        assert!(i["path"].is_string(), "issue without path: {i}");
        assert!(i["message"].as_str().is_some_and(|m| !m.trim().is_empty()), "issue without message: {i}");
    }
    if !ok && v.get("ledger").is_some() {
        for list in [
            &v["ledger"],
            &v["steps"],
            &v["credits"]["added"],
            &v["credits"]["changed"],
            &v["bookings"]["added"],
            &v["bookings"]["changed"],
            &v["bookings"]["removed"],
            &v["balances"],
        ] {
            assert_eq!(list.as_array().map(Vec::len), Some(0), "a refused answer lists changes: {v}");
        }
    }
}

/// The engine's state is consistent: its snapshot loads again, identically, and balances answer.
pub fn check_state(engine: &Engine, policy_json: &str) {
    let snap = engine.snapshot_json();
    let again = match Engine::from_json(policy_json, &snap) {
        Ok(e) => e,
        Err(e) => panic!("the engine's own snapshot does not load: {e}\n{snap}"),
    };
    assert_eq!(again.snapshot_json(), snap, "snapshot changes when loaded again");
    let rows = engine.balances(&Value::Null).expect("balances without a query answer");
    let snapshot: Value = serde_json::from_str(&snap).expect("snapshot JSON parses");
    for row in serde_json::to_value(&rows).expect("balances serialize").as_array().into_iter().flatten() {
        let assigned = snapshot["credits"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|c| {
                c["clientId"] == row["clientId"]
                    && c["sessionTypeId"] == row["sessionTypeId"]
                    && c["status"] == "assigned"
            })
            .count();
        assert_eq!(row["assigned"].as_u64(), Some(assigned as u64), "assigned count of {row}");
    }
}
