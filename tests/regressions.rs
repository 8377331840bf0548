//! Regressions: each defect found while fuzzing and stress-testing, reproduced as a plain test.
//! (A crash found by `scripts/fuzz.sh` goes here too: its input from `fuzz/artifacts/<target>/`,
//! run through the same entry point the target called.)
//!
//! The fuzz campaigns (snapshot_json, command_json, policy_json, ten minutes each) found no crash.
//! The defects below were found by measuring memory on hostile inputs; tests/limits.rs measures
//! the memory itself, these check the behaviour cheaply.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests fail loudly"
)]
use serde_json::{json, Value};
use session_credits::limits::{MAX_BATCH_ERRORS, MAX_CREATED, MAX_LIST_ITEMS, MAX_LOAD_ISSUES, MAX_POLICY_VALUES};
use session_credits::{validate_policy, Engine};

fn fixture() -> (Value, Value) {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/studio.json")).unwrap();
    let fx: Value = serde_json::from_str(&text).unwrap();
    (fx["policy"].clone(), fx["snapshot"].clone())
}

fn ctx() -> Value {
    json!({ "actor": { "id": "s1", "role": "owner" }, "now": "2026-11-24T17:00:00Z", "commandId": "reg" })
}

fn error_keys(v: &impl serde::Serialize) -> Vec<String> {
    let v = serde_json::to_value(v).unwrap();
    v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| format!("{}@{}", i["code"].as_str().unwrap(), i["path"].as_str().unwrap()))
        .collect()
}

/// MAX_CREATED bounded each addCredits, not the call: a batch of 10,000 grants of 200,000 credits
/// (a megabyte of JSON) asked for two billion credits, and the wasm module ran out of memory.
#[test]
fn a_batch_of_grants_cannot_exceed_the_credits_one_call_may_create() {
    let (mut policy, snapshot) = fixture();
    policy["maxQuantity"] = json!(100_000);
    let e = Engine::new(&policy, &snapshot).unwrap();
    // Two clients × (MAX_CREATED / 4 + 1): just over half the bound per command.
    let quarter = MAX_CREATED / 4 + 1;
    let add = json!({ "type": "addCredits", "clientIds": ["c1", "c3"], "sessionTypeId": "pt60", "quantity": quarter, "reason": "r" });
    assert!(e.validate(&add, &ctx()).ok);
    let verdict = e.validate(&json!({ "type": "batch", "commands": [add, add] }), &ctx());
    assert_eq!(error_keys(&verdict), vec!["limit_exceeded@commands.1.quantity"]);
}

/// Every problem of every snapshot record was kept until the end: a million `{}` credits (three
/// megabytes of text) held 3.6 GB of issues before all but a thousand were dropped.
#[test]
fn snapshot_problems_past_the_listed_thousand_are_only_counted() {
    let (policy, _) = fixture();
    let text = format!(r#"{{"credits":[{}{{}}]}}"#, "{},".repeat(1999));
    let issues = Engine::from_json(&policy.to_string(), &text).err().unwrap().issues;
    assert_eq!(issues.len(), MAX_LOAD_ISSUES + 1);
    assert_eq!(issues[0].key(), "required@credits.0.id");
    let last = serde_json::to_value(issues.last().unwrap()).unwrap();
    assert_eq!(
        (last["code"].as_str(), &last["params"]["count"]),
        (Some("too_many"), &json!(6 * 2000 - MAX_LOAD_ISSUES))
    );
}

/// Each element of a list of ids was examined (and each bad one became an issue) before the list's
/// length was checked: two million zeros in `clientIds` (four megabytes) held 1.4 GB of issues.
#[test]
fn a_list_of_ids_past_any_bulk_limit_is_one_issue() {
    let (policy, snapshot) = fixture();
    let e = Engine::new(&policy, &snapshot).unwrap();
    let zeros = Value::Array(vec![json!(0); MAX_LIST_ITEMS + 1]);
    let v =
        e.validate(&json!({ "type": "removeCredits", "clientId": "c1", "creditIds": zeros, "reason": "r" }), &ctx());
    assert_eq!(error_keys(&v), vec!["too_many@creditIds"]);
}

/// A batch gathered the issues of all its commands: forty commands of 50,000 bad ids each.
#[test]
fn a_batch_stops_checking_once_it_has_enough_problems() {
    let (policy, snapshot) = fixture();
    let e = Engine::new(&policy, &snapshot).unwrap();
    let n = MAX_BATCH_ERRORS / 2 + 1;
    let bad = json!({ "type": "removeCredits", "clientId": "c1", "creditIds": Value::Array(vec![json!(0); n]), "reason": "r" });
    let v = e.validate(&json!({ "type": "batch", "commands": [bad, bad, bad, bad] }), &ctx());
    assert_eq!(v.errors.len(), 2 * n + 1);
    assert_eq!(v.errors.last().unwrap().key(), "too_many@commands.2");
}

/// Every bad element of a policy was an issue, with no bound: two million bad substitutes (a
/// four-megabyte JS array) took 1.4 GB of wasm memory and four minutes in validatePolicy.
#[test]
fn a_policy_past_its_size_bound_is_refused_whole() {
    let (mut policy, _) = fixture();
    policy["substitutes"] = json!({ "pt30": Value::Array(vec![json!(1); MAX_POLICY_VALUES]) });
    assert_eq!(error_keys(&validate_policy(&policy)), vec!["too_many@"]);
}

/// Text that does not parse is one issue: the context was not also reported as missing.
#[test]
fn unparseable_json_text_is_one_issue() {
    let (policy, snapshot) = fixture();
    let e = Engine::new(&policy, &snapshot).unwrap();
    let answer: Value = serde_json::from_str(&e.validate_json("{", &ctx().to_string())).unwrap();
    let keys: Vec<String> =
        answer["errors"].as_array().unwrap().iter().map(|i| format!("{}@{}", i["code"], i["path"])).collect();
    assert_eq!(keys, vec![r#""invalid_input"@"""#]);
}

/// Reference problems past the listed thousand are counted as they are found, not kept.
#[test]
fn reference_problems_past_the_listed_thousand_are_only_counted() {
    let (policy, _) = fixture();
    let credit = |n: usize| {
        format!(
            r#"{{"id":"k{n}","clientId":"ghost","sessionTypeId":"pt60","source":"manual","grantedAt":"2026-11-01T00:00:00Z","status":"available"}}"#
        )
    };
    let credits: Vec<String> = (0..MAX_LOAD_ISSUES + 500).map(credit).collect();
    let text = format!(r#"{{"sessionTypes":[{{"id":"pt60","kind":"service"}}],"credits":[{}]}}"#, credits.join(","));
    let issues = Engine::from_json(&policy.to_string(), &text).err().unwrap().issues;
    assert_eq!(issues.len(), MAX_LOAD_ISSUES + 1);
    assert_eq!(issues.last().unwrap().key(), "too_many@");
    assert_eq!(issues.last().unwrap().params.get("count"), Some(&session_credits::Param::Number(500)));
}

/// Found by random sequences and hostile input (revision 3's review): a bulk command over
/// `maxBulkItems` still lists and counts its items; a quantity JavaScript cannot hold exactly is
/// refused, never echoed back rounded; a replay entry without a context is `required` at `""`.
#[test]
fn r3_review_points() {
    use serde_json::json;
    let fixture: serde_json::Value = serde_json::from_str(include_str!("fixtures/studio.json")).unwrap();
    let mut policy = fixture["policy"].clone();
    policy["maxBulkItems"] = json!(2);
    let mut e = session_credits::Engine::new(&policy, &fixture["snapshot"]).unwrap();
    let ctx = json!({ "actor": { "id": "u", "role": "owner" }, "now": "2026-11-24T17:00:00Z" });
    let cmd = json!({ "type": "changeCreditType", "creditIds": ["k1", "k2", "k3"], "toSessionTypeId": "pt30" });
    let summary = e.preview_with(&cmd, &ctx, &json!({ "detail": "summary" }));
    assert_eq!(summary.errors.first().map(|i| i.key()), Some("too_many@creditIds".to_owned()));
    assert_eq!(summary.items.as_ref().map(Vec::len), Some(0), "a summary lists only items with an issue");
    assert_eq!(summary.counts.items, 3);
    assert_eq!(e.preview(&cmd, &ctx).items.as_ref().map(Vec::len), Some(3));

    let huge = json!({ "type": "removeCredits", "clientId": "c1", "sessionTypeId": "pt60", "quantity": 10_000_000_000_000_000_000u64 });
    let answer = e.preview(&huge, &ctx);
    assert!(answer.errors.iter().any(|i| i.key() == "invalid_quantity@quantity"), "{:?}", answer.errors);
    assert!(answer.errors.iter().all(|i| !i.params.contains_key("requested")));

    let replay = e.replay(&json!([{ "command": { "type": "expireCredits" } }]));
    assert_eq!(replay.results.first().and_then(|r| r.errors.first()).map(|i| i.key()), Some("required@".to_owned()));
}

/// A deleted booking took only the links of the credits it listed: an available credit an export
/// left naming it (of its client or of another) kept the link, so the engine's own snapshot no
/// longer loaded; and a cancelled booking listing a credit that now pays another booking cleared
/// that credit's link to the other booking. Found by random patches (a removal let through).
#[test]
fn deleting_a_booking_takes_every_link_to_it_and_no_other() {
    let (policy, mut s) = fixture();
    let granted = "2026-11-01T00:00:00Z";
    s["bookings"].as_array_mut().unwrap().push(json!({ "id": "bx", "clientId": "c1", "sessionTypeId": "pt60",
        "startsAt": "2026-12-20T10:00:00Z", "status": "cancelled", "creditIds": ["k5"] }));
    for (id, client) in [("kx", "c1"), ("ky", "c2")] {
        s["credits"].as_array_mut().unwrap().push(json!({ "id": id, "clientId": client, "sessionTypeId": "pt60",
            "source": "purchased", "grantedAt": granted, "status": "available", "bookingId": "bx" }));
    }
    let mut e = Engine::new(&policy, &s).unwrap();
    // A patch may not remove it while those credits still name it, whoever holds them.
    let refused = e.patch(&json!({ "remove": { "bookings": ["bx"] } })).unwrap_err();
    assert_eq!(refused.issues.iter().map(|i| i.key()).collect::<Vec<_>>(), vec!["unknown_booking@remove.bookings.0"]);
    let answer = e.apply(&json!({ "type": "deleteBooking", "bookingId": "bx" }), &ctx());
    assert!(answer.ok, "{:?}", answer.errors);
    let snap: Value = serde_json::from_str(&e.snapshot_json()).unwrap();
    let credit = |id: &str| snap["credits"].as_array().unwrap().iter().find(|c| c["id"] == id).unwrap().clone();
    assert_eq!(credit("kx")["bookingId"], Value::Null);
    assert_eq!(credit("ky")["bookingId"], Value::Null);
    assert_eq!(credit("k5")["bookingId"], "b1", "k5 pays b1 still");
    Engine::from_json(&policy.to_string(), &e.snapshot_json()).unwrap();
}

/// `replayJson` reads its text as a list and frees each entry once it has run: the answers, and
/// what text is refused whole before any entry applies (a number out of range, a lone surrogate,
/// deep nesting, bad syntax), are those of reading it as one value.
#[test]
fn replay_json_answers_as_reading_the_whole_text_would() {
    let (policy, snapshot) = fixture();
    let book = |i: usize, extra: &str| {
        format!(
            r#"{{"command":{{"type":"book","clientId":"c1","sessionTypeId":"pt60","startsAt":"2026-12-0{}T10:00:00Z"{extra}}},"ctx":{{"actor":{{"id":"s1","role":"owner"}},"now":"2026-11-24T17:00:00Z","commandId":"rp-{i}"}}}}"#,
            i + 1
        )
    };
    let texts = [
        format!("[{},{},{}]", book(0, ""), book(1, r#","credit":"none""#), book(2, r#","x":1.5"#)),
        format!("[{},{}]", book(0, ""), book(1, r#","x":1e400"#)),
        format!("[{},{}]", book(0, ""), book(1, r#","x":"\ud800""#)),
        format!("[{},{}]", book(0, ""), book(1, &format!(r#","x":{}1{}"#, "[".repeat(126), "]".repeat(126)))),
        format!("[{},{}]", book(0, ""), book(1, r#","note":"a \"quoted\" note""#)),
        format!("[{},{}", book(0, ""), book(1, "")),
        // Entries read as their command and context alone: shapes that are not { command, ctx }.
        format!(r#"[1,"x",null,true,[{}],{{}},{{"ctx":{{}}}},{}]"#, book(0, ""), book(1, "")),
        format!(
            r#"[{},{{"command":{{"type":"book"}},"command":{{"type":"cancelBooking"}},"ctx":null,"ctx":{{}}}}]"#,
            book(0, "")
        ),
        format!(
            r#"[{{"comm\u0061nd":{{"type":"book"}},"ctx":{{"commandId":"e"}},"other":[1,{{"a":2}}]}},{}]"#,
            book(0, "")
        ),
        format!(r#"[{},{{"other":1e400,"command":null}}]"#, book(0, "")),
        format!(r#"[{},{{"$serde_json::private::RawValue":"{{\"command\":1}}"}}]"#, book(0, "")),
        format!(r#"[{},{{"ctx":{{}},"$serde_json::private::RawValue":"1"}}]"#, book(0, "")),
        format!(r#"[{},{{"$serde_json::private::RawValue":"["}}]"#, book(0, "")),
    ];
    // Contexts read as their strings when they are { actor: { id, role }, now, commandId }, and
    // as Values otherwise: every way of not being that shape, or of being it with a bad field.
    let cmd = r#"{"type":"book","clientId":"c1","sessionTypeId":"pt60","startsAt":"2026-12-01T10:00:00Z"}"#;
    let ctxs = [
        r#"{"actor":{"id":"s1","role":"owner"},"now":"2026-11-24T17:00:00Z","commandId":"k"}"#,
        r#"{"commandId":"k","now":"2026-11-24T17:00:00Z","actor":{"role":"owner","id":"s1"}}"#,
        r#"{"actor":{"id":"s1","role":"owner"},"now":"2026-11-24T17:00:00Z","commandId":"k","x":1}"#,
        r#"{"x":[1],"actor":{"id":"s1","role":"owner"},"now":"2026-11-24T17:00:00Z","commandId":"k"}"#,
        r#"{"actor":{"id":"s1","role":"owner"},"now":"2026-11-24T17:00:00Z","commandId":"k","now":"bad"}"#,
        r#"{"actor":{"id":"s1","role":"owner"},"now":"2026-11-24T17:00:00Z","commandId":"k","commandId":"j"}"#,
        r#"{"actor":{"id":"s1","role":"owner","id":"s2"},"now":"2026-11-24T17:00:00Z","commandId":"k"}"#,
        r#"{"actor":{"id":"s1","role":"owner","x":null},"now":"2026-11-24T17:00:00Z","commandId":"k"}"#,
        r#"{"actor":{"id":7,"role":"owner"},"now":"2026-11-24T17:00:00Z","commandId":"k"}"#,
        r#"{"actor":{"id":"s1"},"now":"2026-11-24T17:00:00Z","commandId":"k"}"#,
        r#"{"actor":"s1","now":"2026-11-24T17:00:00Z","commandId":"k"}"#,
        r#"{"actor":{"id":"s1","role":"owner"},"now":"2026-11-24T17:00:00Z"}"#,
        r#"{"actor":{"id":"s1","role":"owner"},"now":null,"commandId":"k"}"#,
        r#"{"actor":{"id":"s1","role":"owner"},"now":"2026-11-24","commandId":"k"}"#,
        r#"{"actor":{"id":" ","role":"owner"},"now":"2026-11-24T17:00:00Z","commandId":"k"}"#,
        r#"{"actor":{"id":"s1","role":"nobody"},"now":"2026-11-24T17:00:00Z","commandId":"k"}"#,
        r#"{"actor":{"id":"s1","role":"owner"},"now":" ","commandId":"k"}"#,
        r#"{"actor":{"id":"s1","role":"owner"},"now":"2026-11-24T17:00:00Z","commandId":" preview "}"#,
        r#"{"actor":{"id":"s1","role":"owner"},"now":"2026-11-24T17:00:00Z","commandId":""}"#,
        r#"{"actor":{"id":"s\u0031","role":"own\u0065r"},"now":"2026-11-24T17:00:00Z","commandId":"\u00e9t\u00e9"}"#,
        r#"{"actor":{"id":"s1","role":"owner"},"now":"2026-11-24T17:00:00Z","commandId":"k","commandId":7}"#,
        r#"{"$serde_json::private::RawValue":"{}","actor":{"id":"s1","role":"owner"}}"#,
        r#"{"actor":{"$serde_json::private::RawValue":"{}"},"now":"2026-11-24T17:00:00Z","commandId":"k"}"#,
        r#"{"actor":{"id":"s1","role":"owner"},"$serde_json::private::RawValue":"{}"}"#,
        r#"{}"#,
        r#"[]"#,
        r#""ctx""#,
        r#"null"#,
        r#"1.5"#,
    ];
    let long_id = format!(
        r#"{{"actor":{{"id":"{}","role":"owner"}},"now":"2026-11-24T17:00:00Z","commandId":"{}"}}"#,
        "s".repeat(129),
        "k".repeat(65)
    );
    let mut texts = texts.to_vec();
    // Commands of string fields are written into one object, in place: fields that come and go,
    // repeat, change kind, or are not strings; commands that are not objects.
    let c = r#""clientId":"c1","sessionTypeId":"pt60","startsAt":"2026-12-01T10:00:00Z""#;
    let ctx = |i: usize| {
        format!(r#"{{"actor":{{"id":"s1","role":"owner"}},"now":"2026-11-24T17:00:00Z","commandId":"q{i}"}}"#)
    };
    let commands = [
        format!(r#"{{"type":"book",{c},"credit":"none"}}"#),
        format!(r#"{{"type":"book",{c}}}"#),
        format!(r#"{{{c},"type":"book","note":"x","type":"cancelBooking"}}"#),
        format!(r#"{{"type":"book",{c},"credit":7}}"#),
        format!(r#"{{"type":"book",{c},"overrideLimits":true}}"#),
        format!(r#"{{"type":"book",{c},"creditIds":["k1"],"x":"y"}}"#),
        format!(r#"{{"type":"b\u006fok",{c},"cr\u0065dit":"n\u006fne"}}"#),
        r#"{"type":"book","clientId":"c1","sessionTypeId":"","startsAt":" "}"#.to_owned(),
        r#"{"type":"addCredits","clientIds":["c1"],"sessionTypeId":"pt60","quantity":2,"reason":"r"}"#.to_owned(),
        r#"{"type":"addCredits","clientIds":"c1","sessionTypeId":"pt60","quantity":"2","reason":"r"}"#.to_owned(),
        r#"{}"#.to_owned(),
        r#""book""#.to_owned(),
        r#"["book"]"#.to_owned(),
        r#"null"#.to_owned(),
        format!(r#"{{"type":"book",{c}}}"#),
    ];
    let all: Vec<String> =
        commands.iter().enumerate().map(|(i, cmd)| format!(r#"{{"command":{cmd},"ctx":{}}}"#, ctx(i))).collect();
    let ok_ctx = |ctx: &str| serde_json::from_str::<Value>(ctx).is_ok() || ctx.contains("RawValue");
    assert!(ctxs.iter().all(|c| ok_ctx(c)));
    serde_json::from_str::<Value>(&format!("[{}]", all.join(","))).unwrap();
    texts.push(format!("[{}]", all.join(",")));
    texts.push(format!("[{}]", all.iter().rev().cloned().collect::<Vec<_>>().join(",")));
    let raw = r#"{"$serde_json::private::RawValue":"{\"type\":\"book\"}"}"#;
    texts.push(format!(r#"[{},{{"command":{raw},"ctx":{}}}]"#, all.join(","), ctx(99)));
    for (i, ctx) in ctxs.iter().copied().chain([long_id.as_str()]).enumerate() {
        // Twice, so that an accepted commandId is refused the second time.
        texts.push(format!(r#"[{{"command":{cmd},"ctx":{ctx}}},{{"ctx":{ctx},"command":{cmd}}},{}]"#, book(i % 9, "")));
    }
    for text in &texts {
        let mut streamed = Engine::new(&policy, &snapshot).unwrap();
        let answer: Value = serde_json::from_str(&streamed.replay_json(text)).unwrap();
        let mut whole = Engine::new(&policy, &snapshot).unwrap();
        let expected = match serde_json::from_str::<Value>(text) {
            Ok(entries) => serde_json::to_value(whole.replay(&entries)).unwrap(),
            Err(_) => {
                assert_eq!((answer["applied"].as_u64(), answer["refused"].as_u64()), (Some(0), Some(1)), "{text}");
                continue;
            }
        };
        assert_eq!(answer, expected, "{text}");
        assert_eq!(streamed.snapshot_json(), whole.snapshot_json());
    }
}

/// Deleting a late-cancelled booking clears its forfeited credits' links in the booking's own
/// order (as before the index of links), then any other link; the sentence names only the credits
/// that were still its own. (Review of the fix above.)
#[test]
fn deleting_a_booking_changes_its_credits_in_its_order() {
    let (policy, mut s) = fixture();
    s["sessionTypes"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "id": "duo", "name": "Duo", "kind": "service", "durationMinutes": 60, "creditCost": 2 }));
    for id in ["ka", "kb"] {
        s["credits"].as_array_mut().unwrap().push(json!({ "id": id, "clientId": "c1", "sessionTypeId": "duo",
            "source": "purchased", "grantedAt": "2026-11-01T00:00:00Z", "status": "forfeited", "bookingId": "bz" }));
    }
    s["bookings"].as_array_mut().unwrap().push(json!({ "id": "bz", "clientId": "c1", "sessionTypeId": "duo",
        "startsAt": "2026-11-20T10:00:00Z", "status": "lateCancelled", "creditIds": ["kb", "ka"] }));
    let e = Engine::new(&policy, &s).unwrap();
    let answer =
        serde_json::to_value(e.preview(&json!({ "type": "deleteBooking", "bookingId": "bz" }), &ctx())).unwrap();
    let changed: Vec<&str> =
        answer["credits"]["changed"].as_array().unwrap().iter().map(|c| c["after"]["id"].as_str().unwrap()).collect();
    assert_eq!(changed, vec!["kb", "ka"]);
    assert!(answer["steps"][0].as_str().unwrap().contains("stay forfeited"), "{answer}");
}
