//! The command table (`src/forms/mod.rs`) is the one declaration of every command's shape:
//! each field it declares is read (a wrong value there is an issue at its path, never an
//! `unknown_field`), every other field is an `unknown_field`, and a typed command answers as its
//! JSON does.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "tests fail loudly")]

mod common;
use serde_json::{json, Value};
use session_credits::forms::{self, AddCredits, Book, Command, TYPES};
use session_credits::Engine;

fn engine() -> (Engine, Value) {
    let fx: Value = serde_json::from_str(include_str!("fixtures/studio.json")).unwrap();
    let ctx = json!({ "actor": { "id": "u", "role": "owner" }, "now": fx["now"], "commandId": "f1" });
    (Engine::new(&fx["policy"], &fx["snapshot"]).unwrap(), ctx)
}

fn at(list: &Value, path: &str) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .filter(|i| i["path"] == path)
        .map(|i| i["code"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn every_declared_field_is_read() {
    let (e, ctx) = engine();
    for &t in TYPES {
        for &field in forms::fields(t).unwrap().iter().filter(|f| **f != "type") {
            // A value no field accepts: an object.
            let answer = serde_json::to_value(e.preview(&json!({ "type": t, field: { "x": 1 } }), &ctx)).unwrap();
            let errors = at(&answer["errors"], field);
            let warnings = at(&answer["warnings"], field);
            assert!(!warnings.contains(&"unknown_field".to_owned()), "{t}.{field} is declared but not known");
            assert!(!errors.is_empty(), "{t}.{field} is declared but never read: {answer}");
        }
    }
}

#[test]
fn a_field_not_declared_is_an_unknown_field() {
    let (e, ctx) = engine();
    for &t in TYPES {
        for field in ["note", "reason", "surprise"] {
            if forms::fields(t).unwrap().contains(&field) {
                continue;
            }
            let answer = serde_json::to_value(e.validate(&json!({ "type": t, field: "x" }), &ctx)).unwrap();
            assert_eq!(at(&answer["warnings"], field), vec!["unknown_field"], "{t}.{field}: {answer}");
        }
    }
}

#[test]
fn a_typed_command_answers_as_its_json() {
    let (mut e, ctx) = engine();
    let add = Command::AddCredits(AddCredits {
        client_ids: vec!["c1".into()],
        session_type_id: "pt60".into(),
        quantity: 2,
        expires_at: None,
        reason: Some("bonus".into()),
        membership_id: None,
        mode: None,
        value_per_credit: None,
    });
    assert_eq!(
        add.to_value(),
        json!({ "type": "addCredits", "clientIds": ["c1"], "sessionTypeId": "pt60", "quantity": 2, "reason": "bonus" })
    );
    let via_json = e.preview(&add.to_value(), &ctx);
    assert_eq!(e.preview_command(&add, &ctx), via_json);
    assert!(e.apply_command(&add, &ctx).ok);
    let book = Command::Book(Book {
        client_id: "c1".into(),
        session_type_id: "pt60".into(),
        starts_at: "2026-11-30T15:00:00Z".into(),
        booking_id: Some("bt".into()),
        credit: Some("none".into()),
        credit_ids: None,
        override_limits: None,
    });
    let back: Command = serde_json::from_value(book.to_value()).unwrap();
    assert_eq!(back, book);
    let ctx = json!({ "actor": { "id": "u", "role": "owner" }, "now": "2026-11-24T17:00:00Z" });
    assert!(e.validate_command(&Command::Batch(forms::Batch { commands: vec![book] }), &ctx).ok);
}

/// `docs/commands.md` carries each command's row of the table (signature, permission, reason,
/// ledger kinds, fields) between markers; a stale one fails here. `BLESS=1` writes them anew.
#[test]
fn the_command_docs_are_the_table() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/commands.md");
    let doc = std::fs::read_to_string(path).unwrap();
    let mut fresh = String::new();
    let mut rest = doc.as_str();
    let mut seen = Vec::new();
    while let Some(start) = rest.find("<!-- generated from the command table (") {
        let (before, from) = rest.split_at(start);
        let header_end = from.find("-->\n").unwrap() + 4;
        let header = &from[..header_end];
        let command = header.split('(').nth(1).unwrap().split(')').next().unwrap();
        let end = from.find("<!-- end of generated -->").unwrap();
        let declaration = forms::declaration(command);
        assert!(declaration.is_some(), "docs name {command}, not in the table");
        fresh.push_str(before);
        fresh.push_str(header);
        fresh.push_str(&forms::markdown(declaration.unwrap()));
        rest = &from[end..];
        seen.push(command.to_owned());
    }
    fresh.push_str(rest);
    assert_eq!(seen, TYPES, "every command has its generated block, in the table's order");
    common::bless_or_compare(path.as_ref(), &fresh, "BLESS=1 cargo test --test forms");
}

/// The policy's settings are declared once (`policy::SETTINGS`, which writes `Policy` in
/// `index.d.ts`): each is read (a wrong value there is an error at its path, never an
/// `unknown_field`), and anything else is an `unknown_field`.
#[test]
fn every_policy_setting_is_read() {
    let fx: Value = serde_json::from_str(include_str!("fixtures/studio.json")).unwrap();
    for setting in session_credits::policy::SETTINGS.iter().filter(|s| s.key != "$schema") {
        let mut policy = fx["policy"].clone();
        policy[setting.key] = json!({ "x": 1 });
        let verdict = serde_json::to_value(session_credits::validate_policy(&policy)).unwrap();
        let here = |i: &Value| {
            i["path"] == setting.key || i["path"].as_str().unwrap().starts_with(&format!("{}.", setting.key))
        };
        assert!(
            verdict["errors"].as_array().unwrap().iter().any(here),
            "{} is declared but never read: {verdict}",
            setting.key
        );
        assert!(at(&verdict["warnings"], setting.key).is_empty(), "{}: {verdict}", setting.key);
    }
    let mut policy = fx["policy"].clone();
    policy["surprise"] = json!(true);
    let verdict = serde_json::to_value(session_credits::validate_policy(&policy)).unwrap();
    assert_eq!(at(&verdict["warnings"], "surprise"), vec!["unknown_field"]);
}

/// The snapshot's input shapes are declared once (`shapes::INPUTS`, which writes the `…Input`
/// types of `index.d.ts`): each declared field is read, a wrong value there being an error at
/// its path.
#[test]
fn every_declared_snapshot_field_is_read() {
    let fx: Value = serde_json::from_str(include_str!("fixtures/studio.json")).unwrap();
    for record in session_credits::shapes::INPUTS {
        for field in record.fields {
            let mut snapshot = fx["snapshot"].clone();
            snapshot[record.collection][0][field.key] = json!({ "x": 1 });
            let path = format!("{}.0.{}", record.collection, field.key);
            let refused = Engine::new(&fx["policy"], &snapshot).err();
            let issues = refused.map(|e| e.issues).unwrap_or_default();
            assert!(
                issues.iter().any(|i| i.path == path || i.path.starts_with(&format!("{path}."))),
                "{path} is declared but never read: {issues:?}"
            );
        }
    }
}

/// A field the table says is required is required: left out, it is a `required` issue at its path
/// (so a `req` in the table, which writes the TypeScript and the docs, is what the engine does).
#[test]
fn every_required_field_is_required() {
    let (e, ctx) = engine();
    for d in forms::DECLARATIONS {
        let answer = serde_json::to_value(e.validate(&json!({ "type": d.command }), &ctx)).unwrap();
        for f in d.fields.iter().filter(|f| f.required) {
            assert!(
                at(&answer["errors"], f.json).contains(&"required".to_owned()),
                "{}.{} is req in the table, but leaving it out is not `required`: {answer}",
                d.command,
                f.json
            );
        }
    }
}
