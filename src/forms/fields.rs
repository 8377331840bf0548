//! How a command's fields are read. The command table gives each field a kind; a command's typed
//! input holds one value of that kind per field, which knows its JSON name and whether the table
//! requires it. A command reads a field when its rules get to it (some fields are read only when
//! another is given), and each problem becomes an issue at the field's path.
use crate::input::{invalid, Count, Obj, Reader};
use crate::issue::{Code, Issue, Issues};
use crate::limits::MAX_TEXT_CHARS;
use crate::policy::Policy;
use crate::time::{Date, Time, Zone};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// How a bulk command treats items with a problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Mode {
    AllOrNothing,
    SkipInvalid,
}

/// One field of a command as given: where it is, and what the table says of it.
#[derive(Clone, Copy)]
pub struct Field<'a> {
    obj: &'a Obj,
    /// Its JSON name, which is also its path.
    pub key: &'static str,
    pub required: bool,
    /// The command's `type`.
    pub command: &'static str,
}

impl<'a> Field<'a> {
    pub fn new(obj: &'a Obj, key: &'static str, required: bool, command: &'static str) -> Self {
        Field { obj, key, required, command }
    }

    fn reader<'i>(&self, issues: &'i mut Issues) -> Reader<'a, 'i> {
        Reader::new(self.obj, "", issues)
    }

    /// Reads with `required` or `optional`, as the table says of the field.
    fn read_with<T>(
        &self,
        issues: &mut Issues,
        required: impl FnOnce(&mut Reader<'a, '_>, &str) -> T,
        optional: impl FnOnce(&mut Reader<'a, '_>, &str) -> T,
    ) -> T {
        let mut r = self.reader(issues);
        if self.required {
            required(&mut r, self.key)
        } else {
            optional(&mut r, self.key)
        }
    }

    /// The value, unless it is missing, `null` or blank.
    pub fn value(&self) -> Option<&'a Value> {
        crate::input::present(self.obj, self.key)
    }

    /// The same field, required: one of two forms, required once that form is chosen.
    pub fn as_required(self) -> Self {
        Field { required: true, ..self }
    }

    /// Whether a value was given at all (it may still be a wrong one).
    pub fn given(&self) -> bool {
        self.value().is_some()
    }
}

/// The kinds of field, each a [`Field`] with its own way of reading.
macro_rules! kinds {
    ($($(#[$doc:meta])* $kind:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy)]
        pub struct $kind<'a>(pub Field<'a>);

        impl<'a> std::ops::Deref for $kind<'a> {
            type Target = Field<'a>;
            fn deref(&self) -> &Field<'a> {
                &self.0
            }
        }
    )*};
}

kinds! {
    /// An id.
    Id,
    /// A list of ids.
    Ids,
    /// A free text (a `note`), trimmed.
    Text,
    /// The `reason`: required where the policy's `requireReasonFor` names the command.
    Reason,
    /// A whole number (a quantity, days, a value); its range is the command's rule.
    Quantity,
    /// An instant with an offset.
    Instant,
    /// An expiry: an instant, or a plain date usable through that local day.
    Expiry,
    /// `true` or `false`.
    Flag,
    /// `mode`: `allOrNothing` (the default) or `skipInvalid`.
    BulkMode,
    /// A plain date (`2026-12-01`).
    PlainDate,
    /// A value the command reads itself (`credit`: auto, none or an id; `commands`).
    Raw,
}

impl<'a> Id<'a> {
    pub fn read(&self, issues: &mut Issues) -> Option<&'a str> {
        self.read_with(issues, |r, key| r.id(key), |r, key| r.opt_id(key))
    }
}

impl<'a> Ids<'a> {
    /// The entries, each an id or the issue that it is not one (the caller decides where it goes).
    pub fn read(&self, issues: &mut Issues) -> Option<Vec<Result<&'a str, Issue>>> {
        self.read_with(issues, |r, key| r.id_list(key), |r, key| r.string_list(key))
    }
}

impl Text<'_> {
    pub fn read(&self, issues: &mut Issues) -> Option<String> {
        self.reader(issues).text(self.key, MAX_TEXT_CHARS).map(|t| t.trim().to_owned())
    }
}

impl Reason<'_> {
    pub fn read(&self, issues: &mut Issues, policy: &Policy) -> Option<String> {
        let mut r = self.reader(issues);
        let text = if policy.requires_reason(self.command) {
            let missing = Issue::new(Code::ReasonRequired, self.key, "Give a reason: it goes into the audit trail.")
                .with("command", self.command);
            r.required_text(self.key, MAX_TEXT_CHARS, missing)
        } else {
            r.text(self.key, MAX_TEXT_CHARS)
        };
        text.map(|t| t.trim().to_owned())
    }
}

impl Quantity<'_> {
    pub fn read(&self, issues: &mut Issues) -> Count {
        self.reader(issues).count(self.key)
    }
}

impl Instant<'_> {
    pub fn read(&self, issues: &mut Issues) -> Option<Time> {
        self.read_with(issues, |r, key| r.required_instant(key), |r, key| r.instant(key))
    }
}

impl Expiry<'_> {
    pub fn read(&self, issues: &mut Issues, tz: &Zone) -> Option<Time> {
        self.reader(issues).expiry(self.key, tz)
    }
}

impl Flag<'_> {
    pub fn read(&self, issues: &mut Issues) -> Option<bool> {
        self.reader(issues).bool(self.key)
    }
}

impl BulkMode<'_> {
    pub fn read(&self, issues: &mut Issues) -> Mode {
        match self.value() {
            None => Mode::AllOrNothing,
            Some(Value::String(s)) if s == "allOrNothing" => Mode::AllOrNothing,
            Some(Value::String(s)) if s == "skipInvalid" => Mode::SkipInvalid,
            Some(_) => {
                issues.error(invalid(self.key.into(), "allOrNothing or skipInvalid"));
                Mode::AllOrNothing
            }
        }
    }
}

impl PlainDate<'_> {
    pub fn read(&self, issues: &mut Issues) -> Option<Date> {
        self.reader(issues).plain_date(self.key)
    }
}

impl<'a> Raw<'a> {
    /// Reads the value as an id, for a field that is an id or a keyword.
    pub fn id(&self, issues: &mut Issues) -> Option<&'a str> {
        self.reader(issues).id(self.key)
    }
}
