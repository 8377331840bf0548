//! batch — several commands, in order, all or nothing; each checked against what the earlier ones leave.
use super::Cx;
use crate::forms::inputs::Batch;
use crate::input::{invalid, required};
use crate::issue::{at, Code, Issue};
use crate::limits::{MAX_BATCH, MAX_BATCH_ERRORS};
use serde_json::Value;

pub fn run(cx: &mut Cx, input: Batch) {
    let key = input.commands.key;
    let commands = match input.commands.value() {
        None => return cx.issues.error(required(key.into(), key)),
        Some(Value::Array(list)) if list.is_empty() => return cx.issues.error(required(key.into(), key)),
        Some(Value::Array(list)) => list,
        Some(_) => return cx.issues.error(invalid(key.into(), "a list of commands")),
    };
    if commands.len() > MAX_BATCH {
        let issue = Issue::new(Code::TooMany, "commands", format!("A batch may hold at most {MAX_BATCH} commands."));
        cx.issues.error(issue.with("max", MAX_BATCH).with("count", commands.len()));
        return;
    }
    for (n, command) in commands.iter().enumerate() {
        if cx.issues.errors.len() >= MAX_BATCH_ERRORS {
            let rest = commands.len() - n;
            let issue = Issue::new(
                Code::TooMany,
                at("commands", n),
                format!(
                    "The batch already has {MAX_BATCH_ERRORS} problems, so the last {rest} commands were not checked."
                ),
            );
            cx.issues.error(issue.with("max", MAX_BATCH_ERRORS).with("count", rest));
            break;
        }
        let outer = std::mem::take(&mut cx.issues);
        super::run(cx, command, true);
        let inner = std::mem::replace(&mut cx.issues, outer);
        cx.issues.append_prefixed(inner, &at("commands", n));
    }
    // A batch answer has no items.
    cx.items = None;
}
