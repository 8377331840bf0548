//! The writer against serde_json, on random values and on answers.
use super::to_ascii_json;
use proptest::prelude::*;
use serde_json::Value;

/// serde_json's text of the same value, non-ASCII escaped: what the writer must equal.
fn reference(v: &Value) -> String {
    let mut out = String::new();
    for c in serde_json::to_string(v).unwrap_or_default().chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            for unit in c.encode_utf16(&mut [0; 2]) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        }
    }
    out
}

fn any_string() -> impl Strategy<Value = String> {
    // Plain text, every escape the writer knows, and characters beyond the BMP.
    prop_oneof![
        "[a-zA-Z0-9 _.:-]{0,40}",
        "[\\x00-\\x7f]{0,24}",
        "\\PC{0,16}",
        ".{0,12}",
        Just("plain words that are long enough for several eight-byte words: \"quoted\" \\ tab\t 🧘".to_owned()),
    ]
}

fn any_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        any_string().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::btree_map(any_string(), inner, 0..8).prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2048, ..ProptestConfig::default() })]
    #[test]
    fn writes_what_serde_json_writes_in_ascii(v in any_value()) {
        let (text, want) = (to_ascii_json(&v), reference(&v));
        prop_assert_eq!(text.as_deref(), Some(want.as_str()));
        prop_assert!(text.is_some_and(|t| t.is_ascii()));
    }
}

#[test]
fn every_control_character_and_delete() {
    let all: String = (0u8..=0x7f).map(char::from).collect();
    let v = Value::String(all);
    assert_eq!(to_ascii_json(&v), Some(reference(&v)));
}
