//! Arbitrary commands against the fixture studio. The first byte picks the context (role, `now`,
//! `commandId`), or says the rest holds the context text too (`command \0 context`).
//! Checks, cheaply: validate and preview agree; a refused answer lists nothing; apply on a fresh
//! engine answers exactly what preview showed; a refused apply changes nothing; an applied one
//! leaves a state that loads again.
#![no_main]
mod common;

use common::{answer, check_answer_shape, check_state, fixture};
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Value};
use session_credits::Engine;
use std::sync::OnceLock;

const ROLES: [&str; 5] = ["owner", "manager", "staff", "frontdesk", "ghost"];
const NOWS: [&str; 8] = [
    "2026-11-24T17:00:00Z",
    "2026-11-25T00:30:00Z",
    "2026-12-02T12:00:00Z",
    "2027-06-01T00:00:00-04:00",
    "2026-03-08T07:30:00Z",
    "0001-01-01T00:00:00Z",
    "9999-12-31T23:59:59Z",
    "yesterday",
];
const COMMAND_IDS: [Option<&str>; 3] = [Some("fz"), None, Some("k1")];

fn shared() -> &'static Engine {
    static E: OnceLock<Engine> = OnceLock::new();
    E.get_or_init(|| {
        let fx = fixture();
        Engine::new(&fx.policy, &fx.snapshot).expect("fixture loads")
    })
}

fn base_snapshot() -> &'static str {
    static S: OnceLock<String> = OnceLock::new();
    S.get_or_init(|| shared().snapshot_json())
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else { return };
    let text = String::from_utf8_lossy(rest);
    let (command, ctx) = if selector >= 0xF0 {
        match text.split_once('\0') {
            Some((c, x)) => (c.to_owned(), x.to_owned()),
            None => (text.into_owned(), String::new()),
        }
    } else {
        let role = ROLES[usize::from(selector) % ROLES.len()];
        let now = NOWS[usize::from(selector / 5) % NOWS.len()];
        let mut ctx = json!({ "actor": { "id": "fuzz", "role": role }, "now": now });
        if let Some(id) = COMMAND_IDS[usize::from(selector / 40) % COMMAND_IDS.len()] {
            ctx["commandId"] = json!(id);
        }
        (text.into_owned(), ctx.to_string())
    };

    let engine = shared();
    let verdict = answer(&engine.validate_json(&command, &ctx));
    let preview = answer(&engine.preview_json(&command, &ctx));
    check_answer_shape(&verdict);
    check_answer_shape(&preview);
    for key in ["ok", "errors", "warnings", "items"] {
        assert_eq!(verdict.get(key), preview.get(key), "validate and preview disagree on {key}");
    }
    assert_eq!(engine.snapshot_json(), base_snapshot(), "preview changed the state");

    // The value forms answer the same as the text forms.
    if let (Ok(c), Ok(x)) = (serde_json::from_str::<Value>(&command), serde_json::from_str::<Value>(&ctx)) {
        let by_value = serde_json::to_value(engine.preview(&c, &x)).expect("preview serializes");
        assert_eq!(by_value, preview, "preview and previewJson disagree");
    }

    let fx = fixture();
    let mut fresh = Engine::new(&fx.policy, &fx.snapshot).expect("fixture loads");
    let applied = answer(&fresh.apply_json(&command, &ctx));
    check_answer_shape(&applied);
    let has_command_id =
        serde_json::from_str::<Value>(&ctx).ok().is_some_and(|x| x.get("commandId").is_some_and(|v| !v.is_null()));
    if has_command_id {
        assert_eq!(applied, preview, "apply answered other than preview");
    }
    if applied["ok"] == true {
        check_state(&fresh, &fx.policy_json);
        // Conservation: credits are never lost, only added.
        let before: Value = serde_json::from_str(base_snapshot()).expect("snapshot parses");
        let after: Value = serde_json::from_str(&fresh.snapshot_json()).expect("snapshot parses");
        let count = |v: &Value, k: &str| v[k].as_array().map_or(0, Vec::len);
        let added = |k: &str| applied[k]["added"].as_array().map_or(0, Vec::len);
        assert_eq!(
            count(&after, "credits"),
            count(&before, "credits") + added("credits"),
            "credits appeared or vanished"
        );
        let removed = applied["bookings"]["removed"].as_array().map_or(0, Vec::len);
        assert_eq!(
            count(&after, "bookings") + removed,
            count(&before, "bookings") + added("bookings"),
            "bookings appeared or vanished"
        );
        // The same command id cannot be applied twice.
        let again = answer(&fresh.apply_json(&command, &ctx));
        assert_eq!(again["ok"], Value::Bool(false), "a command applied twice");
    } else {
        assert_eq!(fresh.snapshot_json(), base_snapshot(), "a refused apply changed the state");
    }
});
