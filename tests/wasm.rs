//! The wasm boundary, in Node and in headless Chromium: what JavaScript really receives, errors,
//! and the module staying usable after every error.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests fail loudly"
)]
#![cfg(target_arch = "wasm32")]
use js_sys::{Array, Object, Reflect, JSON};
use session_credits::wasm::{validate_policy, Engine};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

const FIXTURE: &str = include_str!("fixtures/studio.json");

fn js(text: &str) -> JsValue {
    JSON::parse(text).unwrap()
}

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).unwrap()
}

fn fixture() -> (JsValue, JsValue, JsValue) {
    let f = js(FIXTURE);
    (get(&f, "policy"), get(&f, "snapshot"), get(&f, "now"))
}

fn ctx(role: &str, command_id: Option<&str>) -> JsValue {
    let (_, _, now) = fixture();
    let id = command_id.map(|c| format!(r#","commandId":"{c}""#)).unwrap_or_default();
    js(&format!(
        r#"{{"actor":{{"id":"u","role":"{role}"}},"now":{}{id}}}"#,
        JSON::stringify(&now).unwrap().as_string().unwrap()
    ))
}

fn engine() -> Engine {
    let (policy, snapshot, _) = fixture();
    Engine::new(policy, snapshot).map_err(|e| JSON::stringify(&e).unwrap()).unwrap()
}

/// Fails on anything JSON would not write: `undefined`, a `Map`, a class instance.
fn assert_plain(v: &JsValue, path: &str) {
    assert!(!v.is_undefined(), "{path} is undefined");
    if v.is_null() || v.as_string().is_some() || v.as_f64().is_some() || v.as_bool().is_some() {
        return;
    }
    assert!(!v.is_instance_of::<js_sys::Map>(), "{path} is a Map");
    if Array::is_array(v) {
        for (i, x) in Array::from(v).iter().enumerate() {
            assert_plain(&x, &format!("{path}[{i}]"));
        }
        return;
    }
    let proto = Object::get_prototype_of(v);
    assert!(proto == Object::get_prototype_of(&Object::new().into()), "{path} is not a plain object");
    for key in Object::keys(v.unchecked_ref::<Object>()).iter() {
        let k = key.as_string().unwrap();
        assert_plain(&get(v, &k), &format!("{path}.{k}"));
    }
}

#[wasm_bindgen_test]
fn a_preview_is_plain_json_with_null() {
    let e = engine();
    let cmd = js(r#"{"type":"addCredits","clientIds":["c1"],"sessionTypeId":"pt60","quantity":2,"reason":"bonus"}"#);
    let p = e.preview(cmd, ctx("manager", None), JsValue::UNDEFINED);
    assert_plain(&p, "preview");
    assert_eq!(get(&p, "ok"), JsValue::TRUE);
    let added = get(&get(&p, "credits"), "added");
    assert_eq!(Array::from(&added).length(), 2);
    assert!(get(&Array::from(&added).get(0), "bookingId").is_null());
    assert_plain(&e.snapshot(), "snapshot");
}

#[wasm_bindgen_test]
fn an_engine_error_is_an_error_with_issues_and_the_module_keeps_working() {
    let (policy, _, _) = fixture();
    let err = match Engine::new(policy.clone(), js(r#"{"clients":[{"id":"c1"},{"id":"c1"}]}"#)) {
        Ok(_) => panic!("a duplicate client id must be refused"),
        Err(e) => e,
    };
    assert!(err.is_instance_of::<js_sys::Error>());
    assert_eq!(get(&err, "name").as_string().as_deref(), Some("EngineError"));
    let issues = Array::from(&get(&err, "issues"));
    assert_eq!(get(&issues.get(0), "code").as_string().as_deref(), Some("duplicate"));
    assert_eq!(get(&issues.get(0), "path").as_string().as_deref(), Some("clients.1.id"));
    // the module, and an engine made before, still answer
    let e = engine();
    let v = e.validate(js(r#"{"type":"expireCredits"}"#), ctx("owner", None));
    assert_eq!(get(&v, "ok"), JsValue::TRUE);
}

#[wasm_bindgen_test]
fn garbage_is_answered_with_issues_never_a_trap() {
    let e = engine();
    let cyclic = Object::new();
    Reflect::set(&cyclic, &"self".into(), &cyclic).unwrap();
    let deep = js(&format!("{}{}", "[".repeat(5000), "]".repeat(5000)));
    let inputs = [
        JsValue::UNDEFINED,
        JsValue::NULL,
        JsValue::from_f64(f64::NAN),
        JsValue::from_str("addCredits"),
        cyclic.into(),
        deep,
        js(r#"{"type":7}"#),
    ];
    for input in inputs {
        let v = e.preview(input.clone(), ctx("manager", None), JsValue::UNDEFINED);
        assert_eq!(get(&v, "ok"), JsValue::FALSE);
        assert!(Array::from(&get(&v, "errors")).length() > 0);
        let verdict = validate_policy(input);
        assert_eq!(get(&verdict, "ok"), JsValue::FALSE);
    }
    let v = e.validate(js(r#"{"type":"expireCredits"}"#), ctx("owner", None));
    assert_eq!(get(&v, "ok"), JsValue::TRUE);
}

#[wasm_bindgen_test]
fn apply_moves_the_state_and_the_json_forms_agree() {
    let mut e = engine();
    let cmd = r#"{"type":"cancelBooking","bookingId":"b1"}"#;
    let context = JSON::stringify(&ctx("manager", Some("c-1"))).unwrap().as_string().unwrap();
    let preview = String::from(e.preview_json(JsValue::from_str(cmd), JsValue::from_str(&context), JsValue::UNDEFINED));
    let applied = e.apply(js(cmd), js(&context), JsValue::UNDEFINED);
    // The same answer but for the entry ids, once both are written by JSON.stringify.
    let preview = JSON::stringify(&JSON::parse(&preview).unwrap()).unwrap().as_string().unwrap();
    assert_eq!(
        JSON::stringify(&applied).unwrap().as_string().unwrap().replace("c-1#", "preview#"),
        preview.replace("c-1#", "preview#")
    );
    let b1 = Array::from(&get(&e.snapshot(), "bookings"))
        .iter()
        .find(|b| get(b, "id").as_string().as_deref() == Some("b1"))
        .unwrap();
    assert_eq!(get(&b1, "status").as_string().as_deref(), Some("cancelled"));
    let again = e.apply(js(cmd), js(&context), JsValue::UNDEFINED);
    assert_eq!(get(&again, "ok"), JsValue::FALSE);
}

#[wasm_bindgen_test]
fn balances_refuses_a_bad_as_of_with_an_engine_error() {
    let e = engine();
    let err = e.balances(js(r#"{"asOf":"soon"}"#)).err().unwrap();
    assert_eq!(get(&err, "name").as_string().as_deref(), Some("EngineError"));
    let rows = e.balances(JsValue::UNDEFINED).unwrap();
    assert_plain(&rows, "balances");
    assert!(Array::from(&rows).length() > 0);
}

#[wasm_bindgen_test]
fn a_summary_leaves_out_the_records_and_a_refused_patch_throws_and_changes_nothing() {
    let mut e = engine();
    let cmd = js(r#"{"type":"changeCreditType","creditIds":["k1","k2"],"toSessionTypeId":"yoga"}"#);
    let summary = e.preview(cmd, ctx("manager", None), js(r#"{"detail":"summary"}"#));
    assert_plain(&summary, "summary");
    assert!(get(&summary, "credits").is_undefined());
    assert_eq!(get(&get(&summary, "counts"), "creditsChanged"), JsValue::from_f64(2.0));
    let before = e.snapshot_json();
    let err = e.patch(js(r#"{"credits":[{"id":"kz","clientId":"ghost"}]}"#)).unwrap_err();
    assert_eq!(get(&err, "name"), JsValue::from_str("EngineError"));
    assert!(Array::from(&get(&err, "issues")).length() > 0);
    assert_eq!(e.snapshot_json(), before);
    let copy = e.clone_engine();
    assert_eq!(copy.snapshot_json(), before);
}
