//! patch — server-side changes brought into the engine's state, all or nothing: records replaced
//! by id or added, ids removed, and every snapshot rule checked on the result. Problems are
//! reported with paths into the changes (`credits.3.clientId`, `remove.clients.0`).
mod incremental;

use crate::input::{invalid, object};
use crate::issue::{at, join, Code, Issue, Issues, Param};
use crate::limits::{MAX_COMMAND_ID_CHARS, MAX_ID_CHARS, MAX_LIST_ITEMS};
use crate::model::{Booking, Client, Credit, Id, Membership, SessionType, Snapshot};
use crate::policy::Policy;
use crate::state::State;
use crate::{call, load};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde_json::value::RawValue;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// A patch read and checked: how the state takes it, and the commandIds it adds.
pub struct Patched {
    pub result: Outcome,
    pub applied_command_ids: Vec<String>,
}

pub enum Outcome {
    /// Records to replace or add, bookings to remove: checked against the state, brought in place.
    InPlace { incoming: Snapshot, removed_bookings: Vec<Id> },
    /// A patch that removes other records (rare): the whole merged snapshot, checked whole.
    Rebuilt(Snapshot),
}

trait Record {
    fn id(&self) -> &Id;
}
macro_rules! record {
    ($($t:ty),*) => { $(impl Record for $t { fn id(&self) -> &Id { &self.id } })* };
}
record!(SessionType, Client, Membership, Credit, Booking);

/// Where a record of the merged snapshot came from.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Origin {
    Kept,
    Changed(usize),
}

/// Merges `changes` of one collection into `records`: replaced in place, or appended; removed ids
/// go. Returns the origin of each merged record.
fn merge<T: Record>(records: &mut Vec<T>, changes: Vec<T>, remove: &HashSet<Id>) -> Vec<Origin> {
    let position: HashMap<Id, usize> = records.iter().enumerate().map(|(n, r)| (r.id().clone(), n)).collect();
    let mut origins = vec![Origin::Kept; records.len()];
    for (j, record) in changes.into_iter().enumerate() {
        match position.get(record.id()) {
            Some(&n) => {
                if let (Some(slot), Some(origin)) = (records.get_mut(n), origins.get_mut(n)) {
                    *slot = record;
                    *origin = Origin::Changed(j);
                }
            }
            None => {
                records.push(record);
                origins.push(Origin::Changed(j));
            }
        }
    }
    if !remove.is_empty() {
        let mut keep = records.iter().map(|r| !remove.contains(r.id()));
        let flags: Vec<bool> = keep.by_ref().collect();
        let mut n = 0;
        records.retain(|_| {
            n += 1;
            flags.get(n - 1).copied().unwrap_or(true)
        });
        let mut m = 0;
        origins.retain(|_| {
            m += 1;
            flags.get(m - 1).copied().unwrap_or(true)
        });
    }
    origins
}

fn ids_of<T: Record>(records: &[T]) -> HashSet<&str> {
    records.iter().map(|r| &**r.id()).collect()
}

/// Reads `changes` and checks it against `state`; every problem at its path into `changes`.
pub fn read(changes: &Value, state: &State, policy: &Policy) -> Result<Patched, Issues> {
    let mut issues = Issues::default();
    let Some(obj) = object(changes, "", "changes", &mut issues) else {
        return Err(issues);
    };
    unknown_keys(obj.keys().map(String::as_str), &mut issues);
    let records: Map<String, Value> =
        obj.iter().filter(|(k, _)| load::is_collection(k)).map(|(k, v)| (k.clone(), v.clone())).collect();
    let incoming = load::records_from_value(&Value::Object(records), policy);
    checked(incoming, obj.get("remove"), obj.get("appliedCommandIds"), state, issues)
}

/// The same from JSON text: the records are read once, straight from the text (a patch from a
/// server's feed arrives as text, and its size is what a patch's cost may grow with).
pub fn read_text(text: &str, state: &State, policy: &Policy) -> Result<Patched, Issues> {
    let mut issues = Issues::default();
    let parts: BTreeMap<&str, &RawValue> = match serde_json::from_str(text) {
        Ok(parts) => parts,
        // Not an object of values: the tree reader says exactly what it is.
        Err(_) => {
            let v = call::parse_json(text, "changes", &mut issues);
            if issues.has_errors() {
                return Err(issues);
            }
            return read(&v, state, policy);
        }
    };
    unknown_keys(parts.keys().copied(), &mut issues);
    let mut records = String::from("{");
    for (key, raw) in parts.iter().filter(|(k, _)| load::is_collection(k)) {
        if records.len() > 1 {
            records.push(',');
        }
        records.push_str(&format!("\"{key}\":{}", raw.get()));
    }
    records.push('}');
    let incoming = load::records_from_str(&records, policy);
    let small = |key: &str| parts.get(key).and_then(|raw| serde_json::from_str::<Value>(raw.get()).ok());
    let (remove, applied) = (small("remove"), small("appliedCommandIds"));
    checked(incoming, remove.as_ref(), applied.as_ref(), state, issues)
}

fn unknown_keys<'k>(keys: impl Iterator<Item = &'k str>, issues: &mut Issues) {
    for key in keys {
        if !load::is_collection(key) && key != "remove" && key != "appliedCommandIds" {
            let shown = crate::issue::clip(key);
            issues.error(
                Issue::new(Code::InvalidInput, shown.clone(), format!("A patch has no {shown}.")).with("field", shown),
            );
        }
    }
}

/// Checks the records read, the removals and the commandIds against the state.
fn checked(
    incoming: Result<Snapshot, Issues>,
    remove: Option<&Value>,
    applied: Option<&Value>,
    state: &State,
    mut issues: Issues,
) -> Result<Patched, Issues> {
    let incoming = match incoming {
        Ok(s) => s,
        Err(more) => {
            issues.append(more);
            Snapshot::default()
        }
    };
    repeated_ids(&incoming, &mut issues);
    let applied_command_ids = command_ids(applied, &mut issues);
    let removals = removals(remove, state, &incoming, &mut issues);
    if issues.has_errors() {
        return Err(issues);
    }
    if removals.iter().all(|(c, (set, _))| *c == "bookings" || set.is_empty()) {
        let removed_bookings: Vec<Id> =
            removals.get("bookings").map(|(set, _)| set.iter().cloned().collect()).unwrap_or_default();
        let found = incremental::check(state, &incoming, removals.get("bookings").map(|(_, pos)| pos));
        if found.has_errors() {
            return Err(found);
        }
        return Ok(Patched { result: Outcome::InPlace { incoming, removed_bookings }, applied_command_ids });
    }

    let mut merged = state.to_snapshot();
    let empty = HashSet::default();
    let rm = |c: &str| removals.get(c).map_or(&empty, |(set, _)| set);
    let origins: [Vec<Origin>; 5] = [
        merge(&mut merged.session_types, incoming.session_types, rm("sessionTypes")),
        merge(&mut merged.clients, incoming.clients, rm("clients")),
        merge(&mut merged.memberships, incoming.memberships, rm("memberships")),
        merge(&mut merged.credits, incoming.credits, rm("credits")),
        merge(&mut merged.bookings, incoming.bookings, rm("bookings")),
    ];
    let found = load::check_snapshot(&mut merged);
    if found.has_errors() {
        return Err(repath(found, &origins, &removals));
    }
    Ok(Patched { result: Outcome::Rebuilt(merged), applied_command_ids })
}

/// The same id twice in one collection of the changes: the later one is the duplicate.
fn repeated_ids(incoming: &Snapshot, issues: &mut Issues) {
    fn check<T: Record>(records: &[T], key: &str, issues: &mut Issues) {
        let mut seen = HashSet::default();
        for (j, r) in records.iter().enumerate() {
            if !seen.insert(r.id().clone()) {
                let issue = Issue::new(
                    Code::Duplicate,
                    join(&at(key, j), "id"),
                    format!("The id {} is given twice in {key}.", r.id()),
                );
                issues.error(issue.with("id", r.id().to_string()));
            }
        }
    }
    check(&incoming.session_types, "sessionTypes", issues);
    check(&incoming.clients, "clients", issues);
    check(&incoming.memberships, "memberships", issues);
    check(&incoming.credits, "credits", issues);
    check(&incoming.bookings, "bookings", issues);
}

/// `appliedCommandIds`: commandIds the server accepted, which the engine then refuses.
fn command_ids(v: Option<&Value>, issues: &mut Issues) -> Vec<String> {
    let path = "appliedCommandIds";
    match v {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(list)) if list.len() > MAX_LIST_ITEMS => {
            issues.error(
                Issue::new(Code::TooMany, path, format!("At most {MAX_LIST_ITEMS} commandIds may be given at once."))
                    .with("max", MAX_LIST_ITEMS),
            );
            Vec::new()
        }
        Some(Value::Array(list)) => {
            let mut ids = Vec::with_capacity(list.len());
            for (i, v) in list.iter().enumerate() {
                match v {
                    Value::String(s) if s.trim().is_empty() => issues.error(
                        Issue::new(
                            Code::Required,
                            at(path, i),
                            "This entry is empty: enter a commandId, or remove the entry.",
                        )
                        .with("field", path),
                    ),
                    Value::String(s) if s.chars().count() > MAX_COMMAND_ID_CHARS => issues.error(
                        Issue::new(
                            Code::TooLong,
                            at(path, i),
                            format!("A command id may have at most {MAX_COMMAND_ID_CHARS} characters."),
                        )
                        .with("max", MAX_COMMAND_ID_CHARS),
                    ),
                    Value::String(s) => ids.push(s.clone()),
                    _ => issues.error(invalid(at(path, i), "a commandId (a string)")),
                }
            }
            ids
        }
        Some(_) => {
            issues.error(invalid(path.to_owned(), "a list of commandIds"));
            Vec::new()
        }
    }
}

/// The ids to remove, by collection, each with its position in `remove.<collection>`.
type Removals = HashMap<&'static str, (HashSet<Id>, HashMap<Id, usize>)>;

fn removals(v: Option<&Value>, state: &State, incoming: &Snapshot, issues: &mut Issues) -> Removals {
    let mut out = Removals::default();
    let obj = match v {
        None | Some(Value::Null) => return out,
        Some(Value::Object(o)) => o,
        Some(_) => {
            issues.error(invalid("remove".to_owned(), "an object of id lists by collection"));
            return out;
        }
    };
    for key in obj.keys().filter(|k| !load::is_collection(k)) {
        let shown = crate::issue::clip(key);
        issues.error(Issue::new(
            Code::InvalidInput,
            join("remove", &shown),
            format!("There is no collection called {shown}."),
        ));
    }
    for collection in load::collection_keys() {
        let Some(v) = obj.get(collection).filter(|v| !v.is_null()) else { continue };
        let path = join("remove", collection);
        let Value::Array(list) = v else {
            issues.error(invalid(path, "a list of ids"));
            continue;
        };
        let exists = |id: &str| match collection {
            "sessionTypes" => state.session_type(id).is_some(),
            "clients" => state.client(id).is_some(),
            "memberships" => state.membership(id).is_some(),
            "credits" => state.credit(id).is_some(),
            _ => state.booking(id).is_some(),
        };
        let given = match collection {
            "sessionTypes" => ids_of(&incoming.session_types),
            "clients" => ids_of(&incoming.clients),
            "memberships" => ids_of(&incoming.memberships),
            "credits" => ids_of(&incoming.credits),
            _ => ids_of(&incoming.bookings),
        };
        let (set, positions) = out.entry(collection).or_default();
        for (k, v) in list.iter().enumerate() {
            let p = at(&path, k);
            let id = match v {
                Value::String(s) if s.trim().is_empty() => {
                    issues.error(Issue::new(
                        Code::Required,
                        p,
                        "This entry is empty: enter an id, or remove the entry.",
                    ));
                    continue;
                }
                Value::String(s) if s.chars().count() > MAX_ID_CHARS => {
                    issues.error(
                        Issue::new(Code::TooLong, p, format!("An id may have at most {MAX_ID_CHARS} characters."))
                            .with("max", MAX_ID_CHARS),
                    );
                    continue;
                }
                Value::String(s) => s.as_str(),
                _ => {
                    issues.error(invalid(p, "an id (a non-empty string)"));
                    continue;
                }
            };
            if set.contains(id) {
                issues.error(Issue::new(Code::Duplicate, p, format!("{id} is listed more than once.")).with("id", id));
            } else if !exists(id) {
                issues.error(
                    Issue::new(
                        load::unknown_code(collection),
                        p,
                        format!("There is nothing with the id {id} in {collection} to remove."),
                    )
                    .with("id", id),
                );
            } else if given.contains(id) {
                issues.error(
                    Issue::new(Code::InvalidInput, p, format!("{id} is both given as a record and removed."))
                        .with("id", id),
                );
            } else {
                let id: Id = Id::from(id);
                set.insert(id.clone());
                positions.insert(id, k);
            }
        }
    }
    out
}

/// Puts the merged snapshot's issue paths into the changes: a changed record's at its place in
/// `changes`, a dangling reference a removal caused at `remove.<collection>.<k>` (once per removal).
fn repath(found: Issues, origins: &[Vec<Origin>; 5], removals: &Removals) -> Issues {
    let mut out = Issues::default();
    let mut reported_removals: HashSet<String> = HashSet::default();
    for mut issue in found.errors {
        let mut parts = issue.path.splitn(3, '.');
        let (collection, n, rest) = (parts.next().unwrap_or(""), parts.next(), parts.next());
        let Some(ci) = load::collection_keys().position(|c| c == collection) else {
            out.error(issue);
            continue;
        };
        let origin =
            n.and_then(|n| n.parse::<usize>().ok()).and_then(|n| origins.get(ci).and_then(|o| o.get(n)).copied());
        // A reference to a removed record is that removal's problem.
        let referenced = match issue.params.get("id") {
            Some(Param::Text(id)) => Some(id.clone()),
            _ => None,
        };
        let removal = referenced.as_ref().and_then(|id| {
            let target = crate::load::collection_of(issue.code)?;
            removals.get(target).and_then(|(_, pos)| pos.get(id.as_str())).map(|k| at(&join("remove", target), *k))
        });
        match (origin, removal) {
            (Some(Origin::Changed(j)), _) => {
                issue.path = match rest {
                    Some(rest) => join(&at(collection, j), rest),
                    None => at(collection, j),
                };
                out.error(issue);
            }
            (_, Some(path)) => {
                if reported_removals.insert(format!("{}@{path}", issue.code)) {
                    issue.path = path;
                    out.error(issue);
                }
            }
            // A record the patch left alone, made inconsistent by a changed one: said for the whole patch.
            (_, None) => {
                issue.path = String::new();
                out.error(issue);
            }
        }
    }
    out
}
