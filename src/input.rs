//! Reading fields of JSON objects that may be half-filled forms: each missing or malformed field
//! becomes an issue at its path, and reading goes on.
use crate::issue::{at, clip, join, Code, Issue, Issues};
use crate::limits::{MAX_ID_CHARS, MAX_LIST_ITEMS, MAX_UNKNOWN_FIELDS};
use crate::time::{self, Time};
use serde_json::{Map, Value};

pub type Obj = Map<String, Value>;

/// What a field is called in a sentence ("Choose a session type.").
pub fn noun(key: &str) -> &str {
    match key {
        "clientIds" => "at least one client",
        "clientId" => "a client",
        "creditIds" => "at least one credit",
        "creditId" => "a credit",
        "sessionTypeId" | "toSessionTypeId" => "a session type",
        "quantity" => "a quantity",
        "reason" => "a reason",
        "bookingId" => "a booking",
        "startsAt" => "a start time",
        "days" => "a number of days or a new expiry date",
        "commands" => "at least one command",
        "type" => "a command type",
        "now" => "the current time (now)",
        "commandId" => "a command id",
        "actor" => "the acting staff member",
        "role" => "a role",
        "id" => "an id",
        "timezone" => "a time zone",
        "roles" => "the roles",
        "permissions" => "a list of permissions",
        "name" => "a name",
        _ => key,
    }
}

pub fn required(path: String, key: &str) -> Issue {
    Issue::new(Code::Required, path, format!("Enter {}.", noun(key))).with("field", key)
}

pub fn invalid(path: String, what: &str) -> Issue {
    Issue::new(Code::InvalidInput, path, format!("This must be {what}.")).with("expected", what)
}

fn too_long(path: String, max: usize) -> Issue {
    Issue::new(Code::TooLong, path, format!("This is longer than the {max} characters allowed.")).with("max", max)
}

/// Code points in `s`, counting no further than `max + 1`.
pub fn over_length(s: &str, max: usize) -> bool {
    s.len() > max && s.chars().nth(max).is_some()
}

/// The largest whole number a JavaScript number holds exactly (2^53 − 1): anything larger could
/// not come back in `params` as the number that was given.
pub const MAX_WHOLE: u64 = 9_007_199_254_740_991;

/// A whole number from JSON: an integer, a float with no fractional part, or a string of digits,
/// at most [`MAX_WHOLE`]. `None` for anything else, negatives included.
pub fn whole_number(v: &Value) -> Option<u64> {
    whole(v).filter(|&n| n <= MAX_WHOLE)
}

fn whole(v: &Value) -> Option<u64> {
    match v {
        Value::Number(n) => {
            if let Some(u) = n.as_u64() {
                Some(u)
            } else if let Some(f) = n.as_f64() {
                // 2^53: beyond it a float is not an exact integer any more.
                (f.is_finite() && f >= 0.0 && f.fract() == 0.0 && f <= 9_007_199_254_740_992.0).then_some(f as u64)
            } else {
                None
            }
        }
        Value::String(s) => {
            let s = s.trim();
            if s.is_empty() || s.len() > 19 || !s.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            s.parse().ok()
        }
        _ => None,
    }
}

/// A field read as a whole number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Count {
    Missing,
    Invalid,
    Value(u64),
}

/// `s.trim()`, without looking further when `s` begins and ends with a visible ASCII character
/// (no whitespace to trim): ids and instants do, and every field read asks.
pub fn trimmed(s: &str) -> &str {
    match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(a), Some(z)) if a.is_ascii_graphic() && z.is_ascii_graphic() => s,
        _ => s.trim(),
    }
}

/// Whether `s` is empty or whitespace, as `s.trim().is_empty()`.
pub fn blank(s: &str) -> bool {
    trimmed(s).is_empty()
}

/// A field's value; `null` and blank strings count as missing (a half-filled form's empty field).
pub fn present<'a>(obj: &'a Obj, key: &str) -> Option<&'a Value> {
    match obj.get(key) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if blank(s) => None,
        Some(v) => Some(v),
    }
}

/// Reads the fields of one object, with paths under `prefix`.
pub struct Reader<'a, 'i> {
    pub obj: &'a Obj,
    pub prefix: &'a str,
    pub issues: &'i mut Issues,
}

impl<'a, 'i> Reader<'a, 'i> {
    pub fn new(obj: &'a Obj, prefix: &'a str, issues: &'i mut Issues) -> Self {
        Reader { obj, prefix, issues }
    }

    pub fn path(&self, key: &str) -> String {
        join(self.prefix, key)
    }

    /// The field's value; `null` and blank strings count as missing.
    pub fn present(&self, key: &str) -> Option<&'a Value> {
        present(self.obj, key)
    }

    pub fn has(&self, key: &str) -> bool {
        self.present(key).is_some()
    }

    /// A string of at most `max` code points; `None` (with an issue) when it is not one.
    fn string_of(&mut self, key: &str, v: &'a Value, max: usize) -> Option<&'a str> {
        match v {
            Value::String(s) if over_length(s, max) => {
                self.issues.error(too_long(self.path(key), max));
                None
            }
            Value::String(s) => Some(s.as_str()),
            _ => {
                self.issues.error(invalid(self.path(key), "a string"));
                None
            }
        }
    }

    /// A required id.
    pub fn id(&mut self, key: &str) -> Option<&'a str> {
        match self.present(key) {
            None => {
                self.issues.error(required(self.path(key), key));
                None
            }
            Some(v) => self.string_of(key, v, MAX_ID_CHARS),
        }
    }

    /// An optional id.
    pub fn opt_id(&mut self, key: &str) -> Option<&'a str> {
        let v = self.present(key)?;
        self.string_of(key, v, MAX_ID_CHARS)
    }

    /// An optional text of at most `max` code points.
    pub fn text(&mut self, key: &str, max: usize) -> Option<&'a str> {
        let v = self.present(key)?;
        self.string_of(key, v, max)
    }

    /// A required text of at most `max` code points; missing is reported with `code`.
    pub fn required_text(&mut self, key: &str, max: usize, missing: Issue) -> Option<&'a str> {
        match self.present(key) {
            None => {
                self.issues.error(missing);
                None
            }
            Some(v) => self.string_of(key, v, max),
        }
    }

    pub fn bool(&mut self, key: &str) -> Option<bool> {
        match self.present(key)? {
            Value::Bool(b) => Some(*b),
            _ => {
                self.issues.error(invalid(self.path(key), "true or false"));
                None
            }
        }
    }

    /// A whole number; range checks are the caller's, with the code that fits the field.
    pub fn count(&mut self, key: &str) -> Count {
        match self.present(key) {
            None => Count::Missing,
            Some(v) => whole_number(v).map_or(Count::Invalid, Count::Value),
        }
    }

    fn date_issue(&mut self, key: &str, what: &str) {
        let issue = Issue::new(Code::InvalidDate, self.path(key), format!("This is not {what}."));
        self.issues.error(issue.with("expected", what));
    }

    /// An optional instant (RFC 3339 with an offset).
    pub fn instant(&mut self, key: &str) -> Option<Time> {
        let v = self.present(key)?;
        let parsed = v.as_str().and_then(time::parse_instant);
        if parsed.is_none() {
            self.date_issue(key, "a date and time with an offset, like 2026-11-24T17:00:00Z");
        }
        parsed
    }

    /// A required instant.
    pub fn required_instant(&mut self, key: &str) -> Option<Time> {
        if !self.has(key) {
            self.issues.error(required(self.path(key), key));
            return None;
        }
        self.instant(key)
    }

    /// A required plain date (`2026-12-01`): an instant or anything else is `invalid_date`.
    pub fn plain_date(&mut self, key: &str) -> Option<time::Date> {
        let Some(v) = self.present(key) else {
            self.issues.error(required(self.path(key), key));
            return None;
        };
        let date = v.as_str().and_then(time::Date::parse);
        if date.is_none() {
            let issue = Issue::new(Code::InvalidDate, self.path(key), "This is not a date like 2026-12-01.");
            self.issues.error(issue.with("expected", "a date like 2026-12-01"));
        }
        date
    }

    /// An optional expiry: an instant or a plain date (usable through that local day).
    pub fn expiry(&mut self, key: &str, tz: &crate::time::Zone) -> Option<Time> {
        let v = self.present(key)?;
        let parsed = v.as_str().and_then(|s| time::parse_expiry(s, tz));
        if parsed.is_none() {
            self.date_issue(key, "a date like 2027-06-30 or a date and time with an offset");
        }
        parsed
    }

    /// An optional list of ids. Elements that are not ids come back as their issue, so that the
    /// caller decides where it goes (a bulk item, or the answer) and the others are still checked.
    pub fn string_list(&mut self, key: &str) -> Option<Vec<Result<&'a str, Issue>>> {
        let value = self.present(key)?;
        // The path only once the field is there: most forms leave their lists out.
        let path = self.path(key);
        match value {
            Value::Array(list) if list.len() > MAX_LIST_ITEMS => {
                let issue = Issue::new(
                    Code::TooMany,
                    path,
                    format!("At most {MAX_LIST_ITEMS} may be handled at once; {} were given.", list.len()),
                );
                self.issues.error(issue.with("max", MAX_LIST_ITEMS).with("count", list.len()));
                None
            }
            Value::Array(list) => Some(
                list.iter()
                    .enumerate()
                    .map(|(i, v)| match v {
                        Value::String(s) if over_length(s, MAX_ID_CHARS) => Err(too_long(at(&path, i), MAX_ID_CHARS)),
                        Value::String(s) if !s.trim().is_empty() => Ok(s.as_str()),
                        // A blank entry counts as missing, as a blank field does.
                        Value::String(_) | Value::Null => Err(Issue::new(
                            Code::Required,
                            at(&path, i),
                            "This entry is empty: enter an id, or remove the entry.",
                        )
                        .with("field", key)),
                        _ => Err(invalid(at(&path, i), "an id (a non-empty string)")),
                    })
                    .collect(),
            ),
            _ => {
                self.issues.error(invalid(path, "a list of ids"));
                None
            }
        }
    }

    /// A required, non-empty list of ids.
    pub fn id_list(&mut self, key: &str) -> Option<Vec<Result<&'a str, Issue>>> {
        match self.string_list(key) {
            None if !self.has(key) => {
                self.issues.error(required(self.path(key), key));
                None
            }
            Some(l) if l.is_empty() => {
                self.issues.error(required(self.path(key), key));
                None
            }
            other => other,
        }
    }

    /// A warning for each field not in `known` (at most a few, however many there are).
    pub fn unknown_fields(&mut self, known: &[&str]) {
        let mut unknown = self.obj.keys().filter(|k| !known.contains(&k.as_str()));
        for key in unknown.by_ref().take(MAX_UNKNOWN_FIELDS) {
            let shown = clip(key);
            let issue = Issue::new(
                Code::UnknownField,
                self.path(&shown),
                format!("The field {shown} is not known and is ignored."),
            );
            self.issues.warn(issue.with("field", shown));
        }
        let more = unknown.count();
        if more > 0 {
            let issue = Issue::new(
                Code::UnknownField,
                self.prefix.to_owned(),
                format!("{more} more unknown fields are ignored."),
            );
            self.issues.warn(issue.with("count", more));
        }
    }
}

/// The object inside `v`, or an `invalid_input` issue at `path`.
pub fn object<'a>(v: &'a Value, path: &str, what: &str, issues: &mut Issues) -> Option<&'a Obj> {
    match v {
        Value::Object(o) => Some(o),
        Value::Null => {
            issues.error(required(path.to_owned(), what));
            None
        }
        _ => {
            issues.error(invalid(path.to_owned(), &format!("an object ({what})")));
            None
        }
    }
}
