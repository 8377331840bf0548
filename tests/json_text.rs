//! The `…Json` forms write ASCII: every other character as its `\u` escape, the same value to any
//! JSON reader (the package reads large ASCII answers faster in Node, `src/wasm.rs`).
#![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "tests fail loudly")]

use serde_json::{json, Value};
use session_credits::Engine;

#[test]
fn answers_are_ascii_and_keep_every_character() {
    let mut fx: Value = serde_json::from_str(include_str!("fixtures/studio.json")).unwrap();
    let name = "Zoë Ångström 🧘";
    fx["snapshot"]["clients"][0]["name"] = json!(name);
    let client = fx["snapshot"]["clients"][0]["id"].clone();
    let e = Engine::new(&fx["policy"], &fx["snapshot"]).unwrap();
    let credits: Vec<Value> = fx["snapshot"]["credits"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["clientId"] == client && c["status"] == "available")
        .map(|c| c["id"].clone())
        .collect();
    assert!(!credits.is_empty(), "the fixture's first client has available credits");
    let cmd =
        json!({ "type": "changeCreditType", "creditIds": credits, "toSessionTypeId": "pt30", "mode": "skipInvalid" });
    let ctx = json!({ "actor": { "id": "u", "role": "owner" }, "now": fx["now"] });

    let text = e.preview_json(&cmd.to_string(), &ctx.to_string());
    assert!(text.is_ascii(), "{text}");
    assert!(text.contains(r"Zo\u00eb \u00c5ngstr\u00f6m \ud83e\uddd8"), "{text}");
    let answer: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(answer, serde_json::to_value(e.preview(&cmd, &ctx)).unwrap());
    assert!(answer["steps"].as_array().unwrap().iter().any(|s| s.as_str().unwrap().contains(name)));

    let snapshot = e.snapshot_json();
    assert!(snapshot.is_ascii());
    let back: Value = serde_json::from_str(&snapshot).unwrap();
    assert_eq!(back["clients"][0]["name"], json!(name));
}

#[test]
fn a_snapshot_read_from_a_reader_is_the_snapshot_read_from_text() {
    let fx: Value = serde_json::from_str(include_str!("fixtures/studio.json")).unwrap();
    let (policy, snapshot) = (fx["policy"].to_string(), fx["snapshot"].to_string());
    let whole = Engine::from_json(&policy, &snapshot).unwrap();
    let read = Engine::from_json_reader(&policy, snapshot.as_bytes()).unwrap();
    assert_eq!(read.snapshot_json(), whole.snapshot_json());
    // A broken text is refused with the same issue either way.
    let cut = &snapshot[..snapshot.len() - 3];
    let a = Engine::from_json(&policy, cut).err().unwrap();
    let b = Engine::from_json_reader(&policy, cut.as_bytes()).err().unwrap();
    assert_eq!(a.issues, b.issues);
}
