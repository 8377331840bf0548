//! Reading half-filled forms: numbers, blanks, lengths.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "tests fail loudly")]
use serde_json::json;
use session_credits::input::*;
use session_credits::issue::Issues;
#[test]
fn whole_numbers_come_as_integers_or_digit_strings() {
    assert_eq!(whole_number(&json!(3)), Some(3));
    assert_eq!(whole_number(&json!(3.0)), Some(3));
    assert_eq!(whole_number(&json!(" 12 ")), Some(12));
    for bad in [json!(2.5), json!(-1), json!("two"), json!("-2"), json!("1e3"), json!(true), json!(null), json!(1e300)]
    {
        assert_eq!(whole_number(&bad), None, "{bad}");
    }
}

#[test]
fn blank_strings_count_as_missing() {
    let obj = json!({ "reason": "   ", "id": "" });
    let mut issues = Issues::default();
    let mut r = Reader::new(obj.as_object().unwrap(), "", &mut issues);
    assert!(r.present("reason").is_none());
    assert!(r.id("id").is_none());
    assert_eq!(issues.errors[0].key(), "required@id");
}

#[test]
fn lengths_are_counted_in_code_points() {
    let long = "é".repeat(128);
    let obj = json!({ "a": long, "b": format!("{long}x") });
    let mut issues = Issues::default();
    let mut r = Reader::new(obj.as_object().unwrap(), "p", &mut issues);
    assert!(r.id("a").is_some());
    assert!(r.id("b").is_none());
    assert_eq!(issues.errors[0].key(), "too_long@p.b");
}

/// `trimmed` and `blank` answer as `trim` does, whatever the string begins or ends with.
#[test]
fn trimmed_is_trim() {
    let ends =
        ["", "a", " ", "\t", "\u{0B}", "\u{0C}", "\r\n", "\u{A0}", "\u{2003}", "\u{3000}", "é", "~", "\u{7F}", "\0"];
    for a in ends {
        for mid in ["", "x", " ", "a b", "\u{85}"] {
            for z in ends {
                let s = [a, mid, z].concat();
                assert_eq!(session_credits::input::trimmed(&s), s.trim(), "{s:?}");
                assert_eq!(session_credits::input::blank(&s), s.trim().is_empty(), "{s:?}");
            }
        }
    }
}
