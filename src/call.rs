//! The parts of a call around the command: its context (who acts, when, with which commandId),
//! the options of a preview, and JSON text in and out.
use crate::answer::Detail;
use crate::input::{blank, invalid, object, over_length, required, trimmed, Reader};
use crate::issue::{Code, Issue, Issues};
use crate::limits::{MAX_COMMAND_ID_CHARS, MAX_ID_CHARS};
use crate::load::syntax_issue;
use crate::policy::{Policy, Role};
use crate::time::Time;
use serde_json::Value;
use std::borrow::Cow;

/// The parsed context of one call.
pub(crate) struct Context<'p> {
    pub(crate) role: &'p Role,
    /// Borrowed from a replay entry's text, else a copy (as `command_id`).
    pub(crate) actor_id: Cow<'p, str>,
    pub(crate) now: Time,
    pub(crate) command_id: Cow<'p, str>,
    /// Given by the caller (not the `preview` default), so it must be new.
    pub(crate) explicit: bool,
}

/// A call's context: a JSON value, or a replay entry's of the usual shape, read as its strings.
#[derive(Clone, Copy)]
pub(crate) enum CtxRef<'v> {
    Value(&'v Value),
    Plain(PlainCtx<'v>),
}

/// `{ actor: { id, role }, now, commandId }`, every field a string, each given once.
#[derive(Clone, Copy)]
pub(crate) struct PlainCtx<'a> {
    pub(crate) actor_id: &'a str,
    pub(crate) role: &'a str,
    pub(crate) now: &'a str,
    pub(crate) command_id: &'a str,
}

impl<'v> CtxRef<'v> {
    /// `commandId`, when it is a string.
    pub(crate) fn command_id(self) -> Option<&'v str> {
        match self {
            CtxRef::Value(v) => v.get("commandId").and_then(Value::as_str),
            CtxRef::Plain(p) => Some(p.command_id),
        }
    }

    /// The context as [`parse_context`] reads it; a plain one is read without building its
    /// `Value` when every field is valid (the same context, no issue).
    pub(crate) fn parse<'p>(self, policy: &'p Policy, for_apply: bool, issues: &mut Issues) -> Option<Context<'p>>
    where
        'v: 'p,
    {
        match self {
            CtxRef::Value(v) => parse_context(v, policy, for_apply, issues),
            CtxRef::Plain(p) => match p.context(policy, for_apply) {
                Some(context) => Some(context),
                None => parse_context(&p.to_value(), policy, for_apply, issues),
            },
        }
    }
}

impl<'a> PlainCtx<'a> {
    /// What [`parse_context`] reads from these strings when it finds no issue; `None` otherwise.
    fn context<'p>(&self, policy: &'p Policy, for_apply: bool) -> Option<Context<'p>>
    where
        'a: 'p,
    {
        let id = |s: &str| !blank(s) && !over_length(s, MAX_ID_CHARS);
        if !id(self.actor_id) || !id(self.role) || blank(self.now) || blank(self.command_id) {
            return None;
        }
        let c = self.command_id;
        if c.chars().count() > MAX_COMMAND_ID_CHARS || (for_apply && trimmed(c) == "preview") {
            return None;
        }
        let role = policy.roles.get(self.role)?;
        let now = crate::time::parse_instant(self.now)?;
        Some(Context {
            role,
            actor_id: Cow::Borrowed(self.actor_id),
            now,
            command_id: Cow::Borrowed(c),
            explicit: true,
        })
    }

    fn to_value(self) -> Value {
        serde_json::json!({
            "actor": { "id": self.actor_id, "role": self.role },
            "now": self.now,
            "commandId": self.command_id,
        })
    }
}

pub(crate) fn parse_context<'p>(
    v: &Value,
    policy: &'p Policy,
    for_apply: bool,
    issues: &mut Issues,
) -> Option<Context<'p>> {
    let obj = object(v, "", "context", issues)?;
    let mut r = Reader::new(obj, "", issues);
    let mut role = None;
    let mut actor_id = None;
    match r.present("actor") {
        None => r.issues.error(required("actor".into(), "actor")),
        Some(Value::Object(actor)) => {
            let mut a = Reader::new(actor, "actor", r.issues);
            actor_id = a.id("id");
            if let Some(name) = a.id("role") {
                role = policy.roles.get(name);
                if role.is_none() {
                    let issue = Issue::new(
                        Code::UnknownRole,
                        "actor.role",
                        format!("There is no role called {}.", crate::issue::clip(name)),
                    );
                    a.issues.error(issue.with("role", crate::issue::clip(name)));
                }
            }
        }
        Some(_) => r.issues.error(invalid("actor".into(), "an object with id and role")),
    }
    let now = r.required_instant("now");
    let command_id = match r.present("commandId") {
        None if for_apply => {
            r.issues.error(required("commandId".into(), "commandId"));
            None
        }
        None => Some((Cow::Borrowed("preview"), false)),
        Some(Value::String(s)) if s.chars().count() > MAX_COMMAND_ID_CHARS => {
            let issue = Issue::new(
                Code::TooLong,
                "commandId",
                format!("A command id may have at most {MAX_COMMAND_ID_CHARS} characters."),
            );
            r.issues.error(issue.with("max", MAX_COMMAND_ID_CHARS));
            None
        }
        Some(Value::String(s)) if for_apply && s.trim() == "preview" => {
            let issue = Issue::new(
                Code::InvalidInput,
                "commandId",
                "The command id preview is the previews' default: give the command an id of its own.",
            );
            r.issues.error(issue.with("commandId", "preview"));
            None
        }
        Some(Value::String(s)) => Some((Cow::Owned(s.clone()), true)),
        Some(_) => {
            r.issues.error(invalid("commandId".into(), "a string"));
            None
        }
    };
    match (role, actor_id, now, command_id) {
        (Some(role), Some(actor_id), Some(now), Some((command_id, explicit))) => {
            Some(Context { role, actor_id: Cow::Owned(actor_id.to_owned()), now, command_id, explicit })
        }
        _ => None,
    }
}

/// Parses JSON text given to a `…Json` entry point; a syntax error becomes an issue.
pub(crate) fn parse_json(text: &str, what: &str, issues: &mut Issues) -> Value {
    match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            issues.error(syntax_issue("", what, &e));
            Value::Null
        }
    }
}

/// Reads `{ detail?: "full" | "summary" }`; undefined or null is full detail.
pub(crate) fn parse_options(options: &Value, issues: &mut Issues) -> Detail {
    let obj = match options {
        Value::Null => return Detail::Full,
        Value::Object(o) => o,
        _ => {
            issues.error(invalid("options".into(), "an object like { detail: \"summary\" }"));
            return Detail::Full;
        }
    };
    let mut r = Reader::new(obj, "options", issues);
    r.unknown_fields(&["detail"]);
    match obj.get("detail") {
        None | Some(Value::Null) => Detail::Full,
        Some(Value::String(s)) if s == "full" => Detail::Full,
        Some(Value::String(s)) if s == "summary" => Detail::Summary,
        // A blank detail is missing, as every blank field is.
        Some(Value::String(s)) if s.trim().is_empty() => Detail::Full,
        Some(_) => {
            r.issues.error(invalid("options.detail".into(), "full or summary"));
            Detail::Full
        }
    }
}

/// The options of a `…Json` call: absent or blank text is no options.
pub(crate) fn options_value(text: Option<&str>, issues: &mut Issues) -> Value {
    match text {
        Some(t) if !t.trim().is_empty() => {
            let mut parse = Issues::default();
            let v = parse_json(t, "options", &mut parse);
            for mut i in parse.errors {
                i.path = "options".to_owned();
                issues.error(i);
            }
            v
        }
        _ => Value::Null,
    }
}

/// Answers as JSON text, every character beyond ASCII written as a `\u` escape (the same value
/// to any JSON reader): ASCII text crosses into JavaScript as a one-byte string, several times
/// faster than UTF-8 decoding (`src/wasm.rs`). The writer (`src/json.rs`) writes every shape the
/// answers have; were one ever beyond it, the caller gets an answer saying so, not a trap.
pub(crate) fn to_json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    crate::json::to_ascii_json(value).unwrap_or_else(|| {
        r#"{"ok":false,"errors":[{"code":"invalid_input","path":"","message":"The answer could not be written."}],"warnings":[]}"#.to_owned()
    })
}
