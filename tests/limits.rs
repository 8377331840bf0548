//! The hard limits of `src/limits.rs`: each is refused with a clear issue, never by exhausting
//! memory or time. Memory is measured per test thread by a counting allocator.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests fail loudly"
)]
use serde_json::{json, Value};
use session_credits::limits::*;
use session_credits::Engine;
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

// ---- a per-thread peak-memory meter ---------------------------------------------------------

struct Meter;

thread_local! {
    static LIVE: Cell<usize> = const { Cell::new(0) };
    static PEAK: Cell<usize> = const { Cell::new(0) };
}

unsafe impl GlobalAlloc for Meter {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc(layout);
        if !p.is_null() {
            let _ = LIVE.try_with(|l| {
                let now = l.get() + layout.size();
                l.set(now);
                let _ = PEAK.try_with(|p| p.set(p.get().max(now)));
            });
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout);
        let _ = LIVE.try_with(|l| l.set(l.get().saturating_sub(layout.size())));
    }
}

#[global_allocator]
static METER: Meter = Meter;

/// Runs `f`; returns its result and the most memory it held at once, in bytes.
fn peak<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let base = LIVE.with(Cell::get);
    PEAK.with(|p| p.set(base));
    let out = f();
    (out, PEAK.with(Cell::get).saturating_sub(base))
}

const MB: usize = 1 << 20;

// ---- the fixture ----------------------------------------------------------------------------

fn fixture() -> (Value, Value) {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/studio.json")).unwrap();
    let fx: Value = serde_json::from_str(&text).unwrap();
    (fx["policy"].clone(), fx["snapshot"].clone())
}

fn engine_with(policy_changes: Value) -> Engine {
    let (mut policy, snapshot) = fixture();
    for (k, v) in policy_changes.as_object().unwrap() {
        policy[k] = v.clone();
    }
    Engine::new(&policy, &snapshot).unwrap()
}

fn engine() -> Engine {
    engine_with(json!({}))
}

fn ctx() -> Value {
    json!({ "actor": { "id": "s1", "role": "owner" }, "now": "2026-11-24T17:00:00Z", "commandId": "lim" })
}

fn keys(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|i| format!("{}@{}", i["code"].as_str().unwrap(), i["path"].as_str().unwrap()))
        .collect()
}

fn errors(answer: &impl serde::Serialize) -> Vec<String> {
    keys(&serde_json::to_value(answer).unwrap()["errors"])
}

#[track_caller]
fn assert_error(answer: &impl serde::Serialize, want: &str) {
    let got = errors(answer);
    assert!(got.iter().any(|k| k == want), "expected {want}, got {got:?}");
}

fn load_errors(policy: &Value, snapshot: &str) -> Vec<session_credits::Issue> {
    match Engine::from_json(&policy.to_string(), snapshot) {
        Ok(_) => panic!("the snapshot was accepted"),
        Err(e) => e.issues,
    }
}

fn issue_keys(issues: &[session_credits::Issue]) -> Vec<String> {
    issues.iter().map(|i| i.key()).collect()
}

// ---- records per collection -----------------------------------------------------------------

/// Two million records: about a minute in a debug build, so it runs on request:
/// `cargo test --release --test limits -- --ignored`.
#[test]
#[ignore = "slow in debug builds: cargo test --release --test limits -- --ignored"]
fn a_collection_over_max_records_is_refused() {
    let (policy, _) = fixture();
    let mut text = String::with_capacity((MAX_RECORDS + 1) * 16);
    text.push_str(r#"{"clients":["#);
    for n in 0..=MAX_RECORDS {
        if n > 0 {
            text.push(',');
        }
        text.push_str(&format!(r#"{{"id":"c{n}"}}"#));
    }
    text.push_str("]}");
    let issues = load_errors(&policy, &text);
    assert!(issue_keys(&issues).contains(&"too_many@clients".to_owned()), "{:?}", issue_keys(&issues));
}

#[test]
fn problems_past_max_load_issues_are_counted_not_kept() {
    let (policy, _) = fixture();
    // 300,000 empty credit records: each has six problems. A megabyte of text must not become a
    // gigabyte of issues (it did: 1.8 million issues were kept until the end).
    let text = format!(r#"{{"credits":[{}{{}}]}}"#, "{},".repeat(300_000));
    let (issues, bytes) = peak(|| load_errors(&policy, &text));
    assert_eq!(issues.len(), MAX_LOAD_ISSUES + 1);
    let last = issues.last().unwrap();
    assert_eq!(last.key(), "too_many@");
    assert_eq!(serde_json::to_value(&last.params).unwrap()["count"], json!(6 * 300_001 - MAX_LOAD_ISSUES));
    assert!(bytes < 64 * MB, "loading held {} MB", bytes / MB);
}

// ---- ids, texts, command ids ----------------------------------------------------------------

#[test]
fn ids_longer_than_128_code_points_are_too_long() {
    let ok = "é".repeat(MAX_ID_CHARS);
    let long = "é".repeat(MAX_ID_CHARS + 1);
    let (policy, snapshot) = fixture();
    let mut s = snapshot.clone();
    s["clients"].as_array_mut().unwrap().push(json!({ "id": long }));
    s["clients"].as_array_mut().unwrap().push(json!({ "id": ok }));
    let issues = match Engine::new(&policy, &s) {
        Ok(_) => panic!("accepted"),
        Err(e) => e.issues,
    };
    assert_eq!(issue_keys(&issues), vec!["too_long@clients.6.id"]);

    let e = engine();
    let book = json!({ "type": "book", "clientId": "c1", "sessionTypeId": "pt60", "startsAt": "2026-12-01T15:00:00Z", "bookingId": long });
    assert_error(&e.validate(&book, &ctx()), "too_long@bookingId");
    let add = json!({ "type": "addCredits", "clientIds": ["c1", long], "sessionTypeId": "pt60", "quantity": 1, "reason": "r" });
    assert_error(&e.validate(&add, &ctx()), "too_long@clientIds.1");
    let role = json!({ "actor": { "id": "s1", "role": long }, "now": "2026-11-24T17:00:00Z" });
    assert_error(&e.validate(&json!({ "type": "expireCredits" }), &role), "too_long@actor.role");
}

#[test]
fn a_ten_megabyte_string_in_any_field_is_refused_without_echoing_it() {
    let huge = "x".repeat(10 * MB);
    let e = engine();
    let commands = [
        json!({ "type": "addCredits", "clientIds": ["c1"], "sessionTypeId": "pt60", "quantity": 1, "reason": "r", "expiresAt": "2027-06-30", "membershipId": "m1", "mode": "allOrNothing" }),
        json!({ "type": "removeCredits", "clientId": "c1", "creditIds": ["k1"], "reason": "r" }),
        json!({ "type": "changeCreditType", "creditIds": ["k1"], "toSessionTypeId": "pt30", "note": "n", "mode": "skipInvalid" }),
        json!({ "type": "extendExpiry", "creditIds": ["k1"], "days": 3, "reason": "r" }),
        json!({ "type": "book", "clientId": "c1", "sessionTypeId": "pt60", "startsAt": "2026-12-01T15:00:00Z", "bookingId": "nb", "credit": "auto" }),
        json!({ "type": "assignCredit", "bookingId": "b3", "creditId": "k2" }),
        json!({ "type": "cancelBooking", "bookingId": "b1", "forgive": true }),
        json!({ "type": "deleteBooking", "bookingId": "b1" }),
        json!({ "type": "forgiveAndRebook", "bookingId": "b1", "startsAt": "2026-12-01T15:00:00Z", "newBookingId": "nb" }),
    ];
    for command in commands {
        let fields: Vec<String> = command.as_object().unwrap().keys().cloned().collect();
        for field in fields {
            let mut c = command.clone();
            c[&field] = if c[&field].is_array() { json!([huge]) } else { json!(huge) };
            let answer = serde_json::to_string(&e.preview(&c, &ctx())).unwrap();
            assert!(answer.len() < 16 * 1024, "{}.{field}: an answer of {} bytes", command["type"], answer.len());
            assert!(answer.contains(r#""ok":false"#), "{}.{field} was accepted", command["type"]);
        }
    }
    // and in the context
    for (key, value) in
        [("now", json!(huge)), ("commandId", json!(huge)), ("actor", json!({ "id": huge, "role": "owner" }))]
    {
        let mut x = ctx();
        x[key] = value;
        let answer = serde_json::to_string(&e.preview(&json!({ "type": "expireCredits" }), &x)).unwrap();
        assert!(
            answer.len() < 16 * 1024 && answer.contains(r#""ok":false"#),
            "context {key}: {}",
            &answer[..200.min(answer.len())]
        );
    }
    // and an unknown field whose name is ten megabytes
    let mut c = json!({ "type": "expireCredits" });
    c[&huge] = json!(1);
    let answer = serde_json::to_string(&e.preview(&c, &ctx())).unwrap();
    assert!(answer.len() < 16 * 1024, "an unknown field's name was echoed: {} bytes", answer.len());
}

#[test]
fn texts_longer_than_500_code_points_are_too_long() {
    let e = engine();
    let ok = "ü".repeat(MAX_TEXT_CHARS);
    let long = "ü".repeat(MAX_TEXT_CHARS + 1);
    let add = |reason: &str| json!({ "type": "addCredits", "clientIds": ["c1"], "sessionTypeId": "pt60", "quantity": 1, "reason": reason });
    assert!(e.validate(&add(&ok), &ctx()).ok);
    assert_error(&e.validate(&add(&long), &ctx()), "too_long@reason");
    let change = json!({ "type": "changeCreditType", "creditIds": ["k1"], "toSessionTypeId": "pt30", "note": long });
    assert_error(&e.validate(&change, &ctx()), "too_long@note");
    let (policy, mut snapshot) = fixture();
    snapshot["clients"][0]["name"] = json!(long);
    match Engine::new(&policy, &snapshot) {
        Ok(_) => panic!("a 501-character name was accepted"),
        Err(err) => assert_eq!(issue_keys(&err.issues), vec!["too_long@clients.0.name"]),
    }
}

#[test]
fn a_command_id_longer_than_64_code_points_is_too_long() {
    let mut e = engine();
    let mut x = ctx();
    x["commandId"] = json!("i".repeat(MAX_COMMAND_ID_CHARS + 1));
    let answer = e.apply(&json!({ "type": "expireCredits" }), &x);
    assert_error(&answer, "too_long@commandId");
    x["commandId"] = json!("i".repeat(MAX_COMMAND_ID_CHARS));
    assert!(e.apply(&json!({ "type": "expireCredits" }), &x).ok);
}

// ---- bulk items, lists ----------------------------------------------------------------------

#[test]
fn max_bulk_items_is_bounded_and_enforced() {
    let (mut policy, _) = fixture();
    policy["maxBulkItems"] = json!(MAX_BULK_ITEMS + 1);
    let verdict = session_credits::validate_policy(&policy);
    assert_error(&verdict, "invalid_input@maxBulkItems");
    policy["maxBulkItems"] = json!(MAX_BULK_ITEMS);
    assert!(session_credits::validate_policy(&policy).ok);

    let e = engine_with(json!({ "maxBulkItems": 3 }));
    let four = json!(["k1", "k2", "k3", "k4"]);
    assert_error(
        &e.validate(&json!({ "type": "changeCreditType", "creditIds": four, "toSessionTypeId": "pt30" }), &ctx()),
        "too_many@creditIds",
    );
    assert_error(
        &e.validate(&json!({ "type": "extendExpiry", "creditIds": four, "days": 5, "reason": "r" }), &ctx()),
        "too_many@creditIds",
    );
    let clients = json!(["c1", "c2", "c3", "c4"]);
    assert_error(&e.validate(&json!({ "type": "addCredits", "clientIds": clients, "sessionTypeId": "pt60", "quantity": 1, "reason": "r" }), &ctx()), "too_many@clientIds");

    // The default (10,000): one more is refused.
    let e = engine();
    let ids: Vec<String> = (0..=10_000).map(|n| format!("c{n}")).collect();
    let verdict = e.validate(
        &json!({ "type": "addCredits", "clientIds": ids, "sessionTypeId": "pt60", "quantity": 1, "reason": "r" }),
        &ctx(),
    );
    assert_eq!(errors(&verdict), vec!["too_many@clientIds"]);
}

#[test]
fn a_list_longer_than_any_bulk_limit_is_refused_before_its_elements_are_read() {
    let e = engine();
    // Two million malformed elements (four megabytes): one issue, not two million.
    let zeros = Value::Array(vec![json!(0); 2_000_000]);
    for command in [
        json!({ "type": "addCredits", "clientIds": zeros, "sessionTypeId": "pt60", "quantity": 1, "reason": "r" }),
        json!({ "type": "removeCredits", "clientId": "c1", "creditIds": zeros, "reason": "r" }),
        json!({ "type": "changeCreditType", "creditIds": zeros, "toSessionTypeId": "pt30" }),
        json!({ "type": "extendExpiry", "creditIds": zeros, "days": 1, "reason": "r" }),
    ] {
        let key = if command["type"] == "addCredits" { "clientIds" } else { "creditIds" };
        let (answer, bytes) = peak(|| e.preview(&command, &ctx()));
        assert_eq!(errors(&answer), vec![format!("too_many@{key}")], "{}", command["type"]);
        assert!(bytes < 16 * MB, "{}: {} MB", command["type"], bytes / MB);
    }
    // removeCredits names credits too: over maxBulkItems it is refused before they are checked.
    let (answer, _) = peak(|| {
        e.preview(&json!({ "type": "removeCredits", "clientId": "c1", "creditIds": Value::Array(vec![json!(0); MAX_LIST_ITEMS]), "reason": "r" }), &ctx())
    });
    assert_eq!(errors(&answer), vec!["too_many@creditIds"]);
}

// ---- batches --------------------------------------------------------------------------------

#[test]
fn a_batch_over_max_batch_is_refused() {
    let e = engine();
    let commands = vec![json!({ "type": "expireCredits" }); MAX_BATCH + 1];
    let verdict = e.validate(&json!({ "type": "batch", "commands": commands }), &ctx());
    assert_eq!(errors(&verdict), vec!["too_many@commands"]);
    let commands = vec![json!({ "type": "expireCredits" }); MAX_BATCH];
    assert!(e.validate(&json!({ "type": "batch", "commands": commands }), &ctx()).ok);
}

#[test]
fn a_batch_stops_checking_after_max_batch_errors() {
    let e = engine_with(json!({ "maxBulkItems": 100_000 }));
    // Each command names 50,000 malformed credits: 50,000 errors apiece.
    let bad = json!({ "type": "removeCredits", "clientId": "c1", "creditIds": Value::Array(vec![json!(0); 50_000]), "reason": "r" });
    let batch = json!({ "type": "batch", "commands": vec![bad; 40] });
    let (answer, bytes) = peak(|| e.validate(&batch, &ctx()));
    assert!(!answer.ok);
    assert_eq!(answer.errors.len(), 50_001);
    assert_eq!(answer.errors.last().unwrap().key(), "too_many@commands.1");
    assert!(bytes < 512 * MB, "{} MB", bytes / MB);
}

// ---- created credits ------------------------------------------------------------------------

#[test]
fn credits_created_by_one_call_are_bounded() {
    let (mut policy, _) = fixture();
    policy["maxQuantity"] = json!(MAX_QUANTITY + 1);
    assert_error(&session_credits::validate_policy(&policy), "invalid_input@maxQuantity");

    let e = engine_with(json!({ "maxQuantity": MAX_QUANTITY }));
    // c1 (active), c3 (cancelled, within grace), c6 (yoga and spin only): 3 × 100,000 > 200,000.
    let add = |clients: Value, q: u64| json!({ "type": "addCredits", "clientIds": clients, "sessionTypeId": "yoga", "quantity": q, "reason": "r" });
    let verdict = e.validate(&add(json!(["c1", "c3", "c6"]), MAX_QUANTITY), &ctx());
    assert_eq!(errors(&verdict), vec!["limit_exceeded@quantity"]);
    assert!(e.validate(&add(json!(["c1", "c3"]), MAX_QUANTITY), &ctx()).ok);
    assert_error(&e.validate(&add(json!(["c1"]), MAX_QUANTITY + 1), &ctx()), "invalid_quantity@quantity");

    // A batch cannot get around it: the bound is for the whole call.
    let batch = json!({ "type": "batch", "commands": vec![add(json!(["c1", "c3"]), 75_000); 10] });
    let (verdict, bytes) = peak(|| e.validate(&batch, &ctx()));
    assert!(errors(&verdict).contains(&"limit_exceeded@commands.1.quantity".to_owned()), "{:?}", errors(&verdict));
    assert!(bytes < 512 * MB, "{} MB", bytes / MB);
}

// ---- numbers, days, unknown fields, nesting --------------------------------------------------

#[test]
fn out_of_range_numbers_are_issues() {
    let e = engine();
    for q in [
        json!(0),
        json!(-1),
        json!(1001),
        json!(1e308),
        json!(-0.0),
        json!("99999999999999999999"),
        json!(u64::MAX),
        json!(0.5),
        json!("1e3"),
    ] {
        let add =
            json!({ "type": "addCredits", "clientIds": ["c1"], "sessionTypeId": "pt60", "quantity": q, "reason": "r" });
        assert_error(&e.validate(&add, &ctx()), "invalid_quantity@quantity");
    }
    for d in [json!(MAX_EXTEND_DAYS + 1), json!(0), json!(-3), json!(1e308)] {
        let ext = json!({ "type": "extendExpiry", "creditIds": ["k1"], "days": d, "reason": "r" });
        assert_error(&e.validate(&ext, &ctx()), "invalid_input@days");
    }
    let ext = json!({ "type": "extendExpiry", "creditIds": ["k1"], "days": MAX_EXTEND_DAYS, "reason": "r" });
    assert!(e.validate(&ext, &ctx()).ok);
}

#[test]
fn unknown_fields_are_reported_up_to_a_bound() {
    let e = engine();
    let mut c = json!({ "type": "expireCredits" });
    for n in 0..10_000 {
        c[format!("f{n}")] = json!(n);
    }
    let verdict = e.validate(&c, &ctx());
    assert!(verdict.ok);
    assert_eq!(verdict.warnings.len(), MAX_UNKNOWN_FIELDS + 1);
    assert_eq!(
        verdict.warnings.last().unwrap().params.get("count"),
        Some(&session_credits::Param::Number(10_000 - MAX_UNKNOWN_FIELDS as i64))
    );
}

#[test]
fn deep_nesting_in_json_text_is_an_issue_not_a_stack_overflow() {
    let e = engine();
    let (policy, snapshot) = fixture();
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let deep_obj = format!("{}1{}", r#"{"a":"#.repeat(10_000), "}".repeat(10_000));
    for text in [&deep, &deep_obj] {
        // Text that does not parse is invalid_input@ (and may be reported as missing too, required@).
        let answer: Value = serde_json::from_str(&e.preview_json(text, &ctx().to_string())).unwrap();
        assert_eq!(keys(&answer["errors"])[0], "invalid_input@");
        // A context that does not parse is also reported as missing (required@): two issues at "".
        let answer: Value = serde_json::from_str(&e.validate_json(r#"{"type":"expireCredits"}"#, text)).unwrap();
        assert_eq!(keys(&answer["errors"])[0], "invalid_input@");
        assert!(Engine::from_json(text, &snapshot.to_string()).is_err());
        if text.starts_with('[') {
            assert!(Engine::from_json(&policy.to_string(), text).is_err());
        } else {
            // Other top-level fields of a snapshot are skipped unread, however deep: an empty studio.
            assert!(Engine::from_json(&policy.to_string(), text).is_ok());
        }
        let in_record = format!(r#"{{"clients":[{{"id":"c1","name":{text}}}]}}"#);
        assert!(Engine::from_json(&policy.to_string(), &in_record).is_err());
        let in_command = format!(r#"{{"type":"batch","commands":[{text}]}}"#);
        let answer: Value = serde_json::from_str(&e.preview_json(&in_command, &ctx().to_string())).unwrap();
        assert_eq!(answer["ok"], json!(false));
    }
    // The limit the engine documents is the parser's.
    let ok_depth = format!("{}{}", "[".repeat(MAX_DEPTH - 1), "]".repeat(MAX_DEPTH - 1));
    let answer: Value = serde_json::from_str(&e.preview_json(&ok_depth, &ctx().to_string())).unwrap();
    assert_eq!(keys(&answer["errors"]), vec!["invalid_input@"]);
    assert!(answer["errors"][0]["message"].as_str().unwrap().contains("must be an object"), "{answer}");
}

// ---- policies -------------------------------------------------------------------------------

#[test]
fn a_policy_of_millions_of_values_is_refused_whole() {
    let (policy, snapshot) = fixture();
    // Four megabytes of bad substitutes: one issue, not two million.
    let mut huge = policy.clone();
    huge["substitutes"] = json!({ "pt30": Value::Array(vec![json!(1); 2_000_000]) });
    let (verdict, bytes) = peak(|| session_credits::validate_policy(&huge));
    assert_eq!(errors(&verdict), vec!["too_many@"]);
    assert!(bytes < 16 * MB, "{} MB", bytes / MB);
    let text = huge.to_string();
    let (refused, bytes) =
        peak(|| Engine::from_json(&text, &snapshot.to_string()).err().map(|e| issue_keys(&e.issues)));
    assert_eq!(refused, Some(vec!["too_many@".to_owned()]));
    assert!(bytes < 128 * MB, "{} MB", bytes / MB);
    // 200,000 roles, each wrong.
    let mut roles = serde_json::Map::new();
    for n in 0..200_000 {
        roles.insert(format!("r{n}"), json!(1));
    }
    let mut many = policy.clone();
    many["roles"] = Value::Object(roles);
    assert_eq!(errors(&session_credits::validate_policy(&many)), vec!["too_many@"]);
    // Up to the bound, every problem is listed.
    let mut big = policy.clone();
    big["substitutes"] = json!({ "pt30": Value::Array(vec![json!(1); MAX_POLICY_VALUES / 2]) });
    assert_eq!(session_credits::validate_policy(&big).errors.len(), MAX_POLICY_VALUES / 2);
}
