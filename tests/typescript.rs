//! The shipped TypeScript names what the Rust declarations declare: the generated block of
//! `js/index.d.ts` is exactly what they write (after a change, `cargo run --example gen_types`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, reason = "tests fail loudly")]
mod common;
use session_credits::typescript::{declarations, BEGIN, END};

#[test]
fn the_shipped_declarations_are_what_the_rust_types_generate() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/js/index.d.ts")).unwrap();
    let (a, b) = (text.find(BEGIN).expect("no generated block"), text.find(END).expect("no end marker"));
    let shipped = &text[a..b + END.len() + 1];
    assert_eq!(shipped, declarations(), "js/index.d.ts is stale: run cargo run --example gen_types");
}

#[test]
fn every_issue_code_is_spelled_snake_case_once() {
    let codes: Vec<String> = session_credits::issue::Code::ALL.iter().map(|c| c.as_str().to_owned()).collect();
    let mut unique = codes.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), codes.len());
    for (c, code) in session_credits::issue::Code::ALL.iter().zip(&codes) {
        assert_eq!(serde_json::to_value(c).unwrap(), serde_json::json!(code), "serde and as_str disagree");
        assert!(code.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'), "{code}");
    }
}

/// `docs/issue-codes.md` carries the catalog's tables (codes, when, params) between markers; a
/// stale one fails here. `BLESS=1` writes them anew.
#[test]
fn the_issue_code_docs_are_the_catalog() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/issue-codes.md");
    let doc = std::fs::read_to_string(path).unwrap();
    let begin = doc.find("<!-- generated from the issue catalog").expect("no generated block");
    let begin = begin + doc[begin..].find("-->\n").unwrap() + 4;
    let end = doc.find("<!-- end of generated -->").expect("no end marker");
    let fresh = format!("{}{}{}", &doc[..begin], session_credits::issue::markdown(), &doc[end..]);
    common::bless_or_compare(path.as_ref(), &fresh, "BLESS=1 cargo test --test typescript");
}

#[test]
fn every_code_is_in_the_catalog_once() {
    use session_credits::issue::{Code, CATALOG};
    assert_eq!(CATALOG.len(), Code::ALL.len());
    for code in Code::ALL {
        assert_eq!(CATALOG.iter().filter(|d| d.code == *code).count(), 1, "{code}");
    }
}
