//! Issues: errors and warnings as data, each with a stable code, a path and one plain sentence.
use serde::Serialize;
use std::collections::BTreeMap;
use ts_rs::TS;

/// A value in an issue's `params`, for translation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(untagged)]
pub enum Param {
    Text(String),
    Number(#[ts(type = "number")] i64),
}

impl From<&str> for Param {
    fn from(s: &str) -> Self {
        Param::Text(s.to_owned())
    }
}
impl From<String> for Param {
    fn from(s: String) -> Self {
        Param::Text(s)
    }
}
impl From<i64> for Param {
    fn from(n: i64) -> Self {
        Param::Number(n)
    }
}
impl From<u64> for Param {
    fn from(n: u64) -> Self {
        Param::Number(i64::try_from(n).unwrap_or(i64::MAX))
    }
}
impl From<u32> for Param {
    fn from(n: u32) -> Self {
        Param::Number(i64::from(n))
    }
}
impl From<usize> for Param {
    fn from(n: usize) -> Self {
        Param::Number(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

mod catalog;
pub use catalog::{
    markdown, typescript as catalog_typescript, Code, CodeDeclaration, ParamDeclaration, ParamKind, Severity, CATALOG,
};

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Issue {
    pub code: Code,
    pub path: String,
    pub message: String,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    #[ts(optional, type = "Record<string, string | number>")]
    pub params: BTreeMap<&'static str, Param>,
}

impl Issue {
    pub fn new(code: Code, path: impl Into<String>, message: impl Into<String>) -> Self {
        Issue { code, path: path.into(), message: message.into(), params: BTreeMap::new() }
    }

    #[must_use]
    pub fn with(mut self, key: &'static str, value: impl Into<Param>) -> Self {
        self.params.insert(key, value.into());
        self
    }

    /// An id that names nothing: "There is no client with the id c9.", with the code of its kind.
    pub fn unknown(code: Code, path: impl Into<String>, id: &str) -> Self {
        let what = match code {
            Code::UnknownClient => "client",
            Code::UnknownCredit => "credit",
            Code::UnknownBooking => "booking",
            Code::UnknownSessionType => "session type",
            Code::UnknownMembership => "membership",
            _ => "record",
        };
        Issue::new(code, path, format!("There is no {what} with the id {id}.")).with("id", id)
    }

    /// `code@path`, the form tests and logs use.
    pub fn key(&self) -> String {
        format!("{}@{}", self.code, self.path)
    }
}

/// Joins path segments with dots, leaving out empty ones.
pub fn join(prefix: &str, key: &str) -> String {
    match (prefix.is_empty(), key.is_empty()) {
        (true, _) => key.to_owned(),
        (_, true) => prefix.to_owned(),
        _ => [prefix, ".", key].concat(),
    }
}

/// A path segment for a list index (a bulk command makes one per item: no formatting machinery).
pub fn at(prefix: &str, index: usize) -> String {
    join(prefix, itoa::Buffer::new().format(index))
}

/// Errors and warnings gathered while checking one thing.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Issues {
    pub errors: Vec<Issue>,
    pub warnings: Vec<Issue>,
}

impl Issues {
    pub fn error(&mut self, issue: Issue) {
        self.errors.push(issue);
    }
    pub fn warn(&mut self, issue: Issue) {
        self.warnings.push(issue);
    }
    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }
    pub fn append(&mut self, other: Issues) {
        self.errors.extend(other.errors);
        self.warnings.extend(other.warnings);
    }
    /// Moves `other` in with every path put under `prefix` (a batch's `commands.3`).
    pub fn append_prefixed(&mut self, other: Issues, prefix: &str) {
        let fix = |mut i: Issue| {
            i.path = join(prefix, &i.path);
            i
        };
        self.errors.extend(other.errors.into_iter().map(fix));
        self.warnings.extend(other.warnings.into_iter().map(fix));
    }
}

/// Shortens user-supplied text (an unknown key, say) before it goes into a message or path.
pub fn clip(s: &str) -> String {
    const MAX: usize = 64;
    match s.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", s.get(..cut).unwrap_or_default()),
        None => s.to_owned(),
    }
}
