//! Shared by the integration tests.
#![allow(clippy::unwrap_used, clippy::panic, dead_code, reason = "tests fail loudly; not every test uses every helper")]
use serde_json::Value;
use session_credits::issue::{Code, ParamKind};
use session_credits::Engine;

/// One call to the engine, as JSON text in and out or as values: `validate`, `apply`, else `preview`.
/// Every issue of the answer is checked against its code's row of the catalog.
pub fn call(engine: &mut Engine, op: &str, json_form: bool, command: &Value, ctx: &Value) -> Value {
    let answer = call_unchecked(engine, op, json_form, command, ctx);
    for issue in issues_of(&answer) {
        check_params(issue);
    }
    answer
}

fn call_unchecked(engine: &mut Engine, op: &str, json_form: bool, command: &Value, ctx: &Value) -> Value {
    if json_form {
        let (c, x) = (command.to_string(), ctx.to_string());
        let text = match op {
            "validate" => engine.validate_json(&c, &x),
            "apply" => engine.apply_json(&c, &x),
            _ => engine.preview_json(&c, &x),
        };
        serde_json::from_str(&text).unwrap()
    } else {
        match op {
            "validate" => serde_json::to_value(engine.validate(command, ctx)).unwrap(),
            "apply" => serde_json::to_value(engine.apply(command, ctx)).unwrap(),
            _ => serde_json::to_value(engine.preview(command, ctx)).unwrap(),
        }
    }
}

/// The issues of an answer: its errors and warnings, and those of its items.
pub fn issues_of(answer: &Value) -> Vec<&Value> {
    let lists = std::iter::once(answer).chain(answer["items"].as_array().into_iter().flatten());
    lists.flat_map(|v| ["errors", "warnings"].map(|k| &v[k])).filter_map(Value::as_array).flatten().collect()
}

/// An issue carries the params its code declares, named and typed as declared, the ones every
/// issue of the code carries included, and no other.
pub fn check_params(issue: &Value) {
    let code = issue["code"].as_str().unwrap();
    let declared = Code::ALL.iter().find(|c| c.as_str() == code).and_then(|c| c.declaration());
    let declared = declared.unwrap_or_else(|| panic!("{code} is not in the catalog"));
    let params = issue["params"].as_object().cloned().unwrap_or_default();
    for (name, value) in &params {
        let param = declared.params.iter().find(|p| p.name == name);
        if param.is_none() && std::env::var_os("SURVEY").is_some() {
            eprintln!("SURVEY {code} carries {name}");
            continue;
        }
        let param =
            param.unwrap_or_else(|| panic!("{code} carries {name}, which its catalog row does not name: {issue}"));
        let fits = match param.kind {
            ParamKind::Text => value.is_string(),
            ParamKind::Number => value.is_number(),
        };
        assert!(fits, "{code}.{name} is not a {:?}: {issue}", param.kind);
    }
    for p in declared.params.iter().filter(|p| p.always) {
        if std::env::var_os("SURVEY").is_some() && !params.contains_key(p.name) {
            eprintln!("SURVEY {code} lacks {}", p.name);
            continue;
        }
        assert!(params.contains_key(p.name), "{code} lacks {}: {issue}", p.name);
    }
}

/// The message with each param's value put back as `{name}`: the shape of the sentence.
pub fn message_shape(issue: &Value) -> String {
    let mut message = issue["message"].as_str().unwrap().to_owned();
    let mut params: Vec<(String, String)> = issue["params"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, v)| (k.clone(), v.as_str().map_or_else(|| v.to_string(), str::to_owned)))
        .filter(|(_, v)| v.len() > 1)
        .collect();
    // Longest values first, so that "k10" is not taken for "k1".
    params.sort_by_key(|(_, v)| std::cmp::Reverse(v.len()));
    for (name, value) in params {
        message = replace_word(&message, &value, &format!("{{{name}}}"));
    }
    format!("{}: {message}", issue["code"].as_str().unwrap())
}

/// Replaces `value` where it stands as a word of its own (not "bo" inside "booking").
fn replace_word(text: &str, value: &str, with: &str) -> String {
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find(value) {
        let (before, after) = (&rest[..at], &rest[at + value.len()..]);
        let alone = !word(before.chars().last()) && !word(after.chars().next());
        out.push_str(before);
        out.push_str(if alone { with } else { value });
        rest = after;
    }
    out.push_str(rest);
    out
}

/// A generated file (or block of one) against what the declarations write now: with `BLESS=1` it
/// is written anew, else a difference fails with `hint`, the command that writes it.
pub fn bless_or_compare(path: &std::path::Path, fresh: &str, hint: &str) {
    if std::env::var_os("BLESS").is_some() {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).unwrap();
        }
        std::fs::write(path, fresh).unwrap();
    }
    let pinned = std::fs::read_to_string(path).unwrap_or_default();
    assert!(pinned == fresh, "{} is stale: run `{hint}` and review the diff", path.display());
}
