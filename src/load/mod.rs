//! Loading a snapshot: records are read one at a time (never the whole document as a tree), every
//! problem is reported with its path, then references and the credit/booking pairs are checked.
//!
//! One part per job: `stream` walks the document, `records` reads one record (the typed `fast`
//! path first, the full reader for anything unusual), `references` checks the whole; this file
//! holds the entry points.
mod fast;
mod records;
mod references;
pub mod shapes;
mod stream;

use crate::input::{invalid, object, required, Reader};
use crate::issue::{at, join, Code, Issue, Issues};
use crate::limits::{MAX_LOAD_ISSUES, MAX_RECORDS, MAX_TEXT_CHARS};
use crate::model::*;
use crate::policy::Policy;
use references::check_references;
pub(crate) use references::credit_path;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::Value;
use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;
use stream::Top;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Collection {
    SessionTypes,
    Clients,
    Memberships,
    Credits,
    Bookings,
}

/// Each collection of a snapshot: its key, and the code a reference to a missing record of it
/// gives. The one place they are paired (the loader and the patch both ask).
const COLLECTIONS: [(&str, Collection, Code); 5] = [
    ("sessionTypes", Collection::SessionTypes, Code::UnknownSessionType),
    ("clients", Collection::Clients, Code::UnknownClient),
    ("memberships", Collection::Memberships, Code::UnknownMembership),
    ("credits", Collection::Credits, Code::UnknownCredit),
    ("bookings", Collection::Bookings, Code::UnknownBooking),
];

impl Collection {
    fn key(self) -> &'static str {
        COLLECTIONS.iter().find(|(_, c, _)| *c == self).map_or("", |(k, ..)| k)
    }
}

/// The snapshot's collections, by key, in the order the snapshot lists them.
pub(crate) fn collection_keys() -> impl Iterator<Item = &'static str> {
    COLLECTIONS.iter().map(|(k, ..)| *k)
}

pub(crate) fn is_collection(key: &str) -> bool {
    collection_keys().any(|k| k == key)
}

struct Loader<'p> {
    policy: &'p Policy,
    snapshot: Snapshot,
    issues: Issues,
    /// Problems of records beyond the first MAX_LOAD_ISSUES: counted, not kept, so that a hostile
    /// snapshot (a million `{}` records) cannot turn into gigabytes of issues.
    dropped: usize,
    seen: Vec<Collection>,
    /// Ids of records refused for their shape: references to them are not reported again.
    broken: HashSet<String>,
    shared: fast::Shared,
}

/// One of an enum's values, by the name serde gives it (the names are spelled once, on the enum).
fn pick<T: Copy + serde::Serialize>(r: &mut Reader, key: &str, all: &[T], required_field: bool) -> Option<T> {
    let named = |t: &T| serde_json::to_value(t).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
    match r.present(key) {
        None => {
            if required_field {
                r.issues.error(required(r.path(key), key));
            }
            None
        }
        Some(v) => {
            let found = v.as_str().and_then(|s| all.iter().find(|t| named(t) == s)).copied();
            if found.is_none() {
                let names: Vec<String> = all.iter().map(named).collect();
                r.issues.error(invalid(r.path(key), &format!("one of {}", names.join(", "))));
            }
            found
        }
    }
}

fn id(s: &str) -> Id {
    Arc::from(s)
}

// ---- entry points ---------------------------------------------------------------------------

/// The issue for JSON text that does not parse.
pub fn syntax_issue(path: &str, what: &str, e: &serde_json::Error) -> Issue {
    Issue::new(Code::InvalidInput, path, format!("The {what} is not valid JSON: {e}."))
        .with("line", e.line())
        .with("column", e.column())
}

/// The collection an unknown-reference code points into.
pub(crate) fn collection_of(code: Code) -> Option<&'static str> {
    COLLECTIONS.iter().find(|(.., c)| *c == code).map(|(k, ..)| *k)
}

/// The unknown-reference code of a collection.
pub(crate) fn unknown_code(collection: &str) -> Code {
    COLLECTIONS.iter().find(|(k, ..)| *k == collection).map_or(Code::UnknownBooking, |(.., c)| *c)
}

/// Where reference problems go: only as many are kept as will be listed, the rest are counted,
/// and a reference to a record refused for its shape is not a second problem.
struct Sink<'l> {
    issues: &'l mut Issues,
    broken: &'l HashSet<String>,
    dropped: &'l mut usize,
}

impl Sink<'_> {
    fn error(&mut self, issue: Issue) {
        if let (Some(collection), Some(crate::issue::Param::Text(id))) =
            (collection_of(issue.code), issue.params.get("id"))
        {
            if self.broken.contains(&format!("{collection}:{id}")) {
                return;
            }
        }
        if self.issues.errors.len() < MAX_LOAD_ISSUES {
            self.issues.error(issue);
        } else {
            *self.dropped += 1;
        }
    }
}

fn finish(mut loader: Loader) -> Result<Snapshot, Issues> {
    let mut sink = Sink { issues: &mut loader.issues, broken: &loader.broken, dropped: &mut loader.dropped };
    check_references(&mut loader.snapshot, &mut sink);
    let mut issues = loader.issues;
    if issues.has_errors() {
        // A collection over the record limit is said first: it explains what follows.
        issues.errors.sort_by_key(|i| i.code != Code::TooMany || i.path.contains('.'));
        let total = issues.errors.len() + loader.dropped;
        if total > MAX_LOAD_ISSUES {
            issues.errors.truncate(MAX_LOAD_ISSUES);
            let more = total - MAX_LOAD_ISSUES;
            issues.errors.push(
                Issue::new(Code::TooMany, "", format!("{more} more problems were found and are not listed."))
                    .with("count", more),
            );
        }
        return Err(issues);
    }
    Ok(loader.snapshot)
}

fn loader(policy: &Policy) -> Loader<'_> {
    Loader {
        policy,
        snapshot: Snapshot::default(),
        issues: Issues::default(),
        dropped: 0,
        seen: Vec::new(),
        broken: HashSet::default(),
        shared: fast::Shared::default(),
    }
}

/// Reads a snapshot from JSON text.
pub fn snapshot_from_str(text: &str, policy: &Policy) -> Result<Snapshot, Issues> {
    snapshot_from(serde_json::Deserializer::from_str(text), policy)
}

/// The same from a reader, for text too large to hold whole (strings are then copied as they are
/// read: a little slower than borrowing them from text in memory).
pub fn snapshot_from_reader(reader: impl std::io::Read, policy: &Policy) -> Result<Snapshot, Issues> {
    snapshot_from(serde_json::Deserializer::from_reader(std::io::BufReader::with_capacity(1 << 16, reader)), policy)
}

fn snapshot_from<'de, R: serde_json::de::Read<'de>>(
    mut de: serde_json::Deserializer<R>,
    policy: &Policy,
) -> Result<Snapshot, Issues> {
    let mut l = loader(policy);
    let parsed = Top(&mut l).deserialize(&mut de).and_then(|()| de.end());
    if let Err(e) = parsed {
        let mut issues = Issues::default();
        issues.error(syntax_issue("", "snapshot", &e));
        return Err(issues);
    }
    finish(l)
}

/// Reads the records of a patch's collections (the object holds only those keys) with every check
/// a snapshot's records get, paths into the patch; references are checked after the merge.
pub fn records_from_value(v: &Value, policy: &Policy) -> Result<Snapshot, Issues> {
    records_from_str(&v.to_string(), policy)
}

/// The same from the text of an object holding only the collections.
pub fn records_from_str(text: &str, policy: &Policy) -> Result<Snapshot, Issues> {
    let mut l = loader(policy);
    let mut de = serde_json::Deserializer::from_str(text);
    if let Err(e) = Top(&mut l).deserialize(&mut de) {
        let mut issues = Issues::default();
        issues.error(syntax_issue("", "changes", &e));
        return Err(issues);
    }
    if l.issues.has_errors() {
        return Err(l.issues);
    }
    Ok(l.snapshot)
}

/// Checks the references and pairs of a whole snapshot (a patched state), paths into it.
pub fn check_snapshot(s: &mut Snapshot) -> Issues {
    let mut issues = Issues::default();
    let broken = HashSet::default();
    let mut dropped = 0;
    let mut sink = Sink { issues: &mut issues, broken: &broken, dropped: &mut dropped };
    check_references(s, &mut sink);
    issues
}

/// Reads a snapshot from a JSON value (through its text: the loader reads records as slices of text).
pub fn snapshot_from_value(v: &Value, policy: &Policy) -> Result<Snapshot, Issues> {
    snapshot_from_str(&v.to_string(), policy)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast path must read exactly what the full reader reads, and leave anything unusual to it.
    #[test]
    fn the_fast_path_reads_what_the_full_reader_reads() -> Result<(), String> {
        let fixture: Value =
            serde_json::from_str(include_str!("../../tests/fixtures/studio.json")).map_err(|e| e.to_string())?;
        let (policy, _) = crate::policy::parse_policy(fixture.get("policy").ok_or("no policy")?);
        let mut records: Vec<(Collection, Value)> = Vec::new();
        for c in fixture.pointer("/snapshot/credits").and_then(Value::as_array).ok_or("no credits")? {
            records.push((Collection::Credits, c.clone()));
        }
        for b in fixture.pointer("/snapshot/bookings").and_then(Value::as_array).ok_or("no bookings")? {
            records.push((Collection::Bookings, b.clone()));
        }
        let odd = serde_json::json!({ "id": " k9 ", "clientId": "c1", "sessionTypeId": "pt60", "source": "manual", "grantedAt": " 2026-11-01T10:00:00.5+01:00 ", "expiresAt": "  ", "status": "available", "membershipId": "", "bookingId": null, "extra": [1] });
        records.push((Collection::Credits, odd));
        let read = |text: &str| -> Result<fast::Record<'static>, String> {
            let owned: &'static str = Box::leak(text.to_owned().into_boxed_str());
            fast::RecordSeed.deserialize(&mut serde_json::Deserializer::from_str(owned)).map_err(|e| e.to_string())
        };
        for (collection, v) in records {
            let (mut fast, mut full) = (loader(&policy), loader(&policy));
            assert!(fast.fast(collection, &read(&v.to_string())?), "{v}");
            full.record(collection, 0, &v);
            assert_eq!(fast.snapshot, full.snapshot, "{v}");
        }
        for bad in [
            r#"{"id":"","clientId":"c1","sessionTypeId":"pt60","source":"manual","grantedAt":"2026-11-01T10:00:00Z","status":"available"}"#,
            r#"{"id":"k1","clientId":"c1","sessionTypeId":"pt60","source":"gift","grantedAt":"2026-11-01T10:00:00Z","status":"available"}"#,
            r#"{"id":"k1","id":"k2","clientId":"c1","sessionTypeId":"pt60","source":"manual","grantedAt":"2026-11-01T10:00:00Z","status":"available"}"#,
            r#"{"id":"k1","clientId":"c1","sessionTypeId":"pt60","source":"manual","grantedAt":"2026-11-01","status":"available"}"#,
            r#"{"id":"k1","clientId":"c1","sessionTypeId":"pt60","source":"manual","grantedAt":"2026-11-01T10:00:00Z","status":"available","revocable":"yes"}"#,
        ] {
            assert!(!loader(&policy).fast(Collection::Credits, &read(bad)?), "{bad}");
        }
        Ok(())
    }
}
