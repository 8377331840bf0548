//! Loading a snapshot: records are read one at a time (never the whole document as a tree), every
//! problem is reported with its path, then references and the credit/booking pairs are checked.
use crate::input::{invalid, object, required, Reader};
use crate::issue::{at, join, Issue, Issues};
use crate::limits::{MAX_LOAD_ISSUES, MAX_RECORDS, MAX_TEXT_CHARS};
use crate::model::*;
use crate::policy::Policy;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;
use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Collection {
    SessionTypes,
    Clients,
    Memberships,
    Credits,
    Bookings,
}

impl Collection {
    const ALL: [(&'static str, Collection); 5] = [
        ("sessionTypes", Collection::SessionTypes),
        ("clients", Collection::Clients),
        ("memberships", Collection::Memberships),
        ("credits", Collection::Credits),
        ("bookings", Collection::Bookings),
    ];
    fn key(self) -> &'static str {
        Collection::ALL.iter().find(|(_, c)| *c == self).map_or("", |(k, _)| k)
    }
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
}

fn pick<T: Copy>(r: &mut Reader, key: &str, options: &[(&str, T)], required_field: bool) -> Option<T> {
    match r.present(key) {
        None => {
            if required_field {
                r.issues.error(required(r.path(key), key));
            }
            None
        }
        Some(v) => {
            let found = v.as_str().and_then(|s| options.iter().find(|(name, _)| *name == s)).map(|(_, t)| *t);
            if found.is_none() {
                let names: Vec<&str> = options.iter().map(|(n, _)| *n).collect();
                r.issues.error(invalid(r.path(key), &format!("one of {}", names.join(", "))));
            }
            found
        }
    }
}

fn id(s: &str) -> Id {
    Arc::from(s)
}

impl<'p> Loader<'p> {
    fn record(&mut self, collection: Collection, n: usize, v: &Value) {
        if n >= MAX_RECORDS {
            if n == MAX_RECORDS {
                let issue = Issue::new(
                    "too_many",
                    collection.key(),
                    format!("A snapshot may hold at most {MAX_RECORDS} {}.", collection.key()),
                );
                self.issues.error(issue.with("max", MAX_RECORDS));
            }
            return;
        }
        // Paths are relative to the record until there is an issue to carry one.
        let mut issues = Issues::default();
        if let Some(obj) = object(v, "", "record", &mut issues) {
            let before = self.len(collection);
            let r = Reader::new(obj, "", &mut issues);
            match collection {
                Collection::SessionTypes => self.session_type(r),
                Collection::Clients => self.client(r),
                Collection::Memberships => self.membership(r),
                Collection::Credits => self.credit(r),
                Collection::Bookings => self.booking(r),
            }
            if self.len(collection) == before {
                if let Some(Value::String(ident)) = obj.get("id") {
                    self.broken.insert(format!("{}:{ident}", collection.key()));
                }
            }
        }
        if issues.has_errors() {
            let path = at(collection.key(), n);
            for issue in &mut issues.errors {
                issue.path = join(&path, &issue.path);
            }
        }
        // Warnings (unknown fields) are not reported for snapshots: a constructor has no answer to carry them.
        let room = MAX_LOAD_ISSUES.saturating_sub(self.issues.errors.len());
        self.dropped += issues.errors.len().saturating_sub(room);
        self.issues.errors.extend(issues.errors.into_iter().take(room));
    }

    /// Reads a well-formed credit or booking straight into the model; `false` (and nothing done)
    /// for anything the full reader must look at, which then reports the problems.
    fn fast(&mut self, collection: Collection, text: &str) -> bool {
        match collection {
            Collection::Credits => serde_json::from_str::<FastCredit>(text)
                .ok()
                .and_then(|c| c.build(self.policy))
                .map(|c| self.snapshot.credits.push(c))
                .is_some(),
            Collection::Bookings => serde_json::from_str::<FastBooking>(text)
                .ok()
                .and_then(FastBooking::build)
                .map(|b| self.snapshot.bookings.push(b))
                .is_some(),
            _ => false,
        }
    }

    fn len(&self, collection: Collection) -> usize {
        let s = &self.snapshot;
        match collection {
            Collection::SessionTypes => s.session_types.len(),
            Collection::Clients => s.clients.len(),
            Collection::Memberships => s.memberships.len(),
            Collection::Credits => s.credits.len(),
            Collection::Bookings => s.bookings.len(),
        }
    }

    fn session_type(&mut self, mut r: Reader) {
        let ident = r.id("id");
        let name = r.text("name", MAX_TEXT_CHARS);
        let kind = pick(&mut r, "kind", &[("service", Kind::Service), ("class", Kind::Class)], true);
        let duration_minutes = match r.count("durationMinutes") {
            crate::input::Count::Missing => None,
            crate::input::Count::Value(n) => u32::try_from(n).ok(),
            crate::input::Count::Invalid => {
                r.issues.error(invalid(r.path("durationMinutes"), "a whole number of minutes"));
                None
            }
        };
        let active = r.bool("active").unwrap_or(true);
        if let (Some(i), Some(kind)) = (ident, kind) {
            let name = name.unwrap_or(i).to_owned();
            self.snapshot.session_types.push(SessionType { id: id(i), name, kind, duration_minutes, active });
        }
    }

    fn client(&mut self, mut r: Reader) {
        let ident = r.id("id");
        let name = r.text("name", MAX_TEXT_CHARS);
        if let Some(i) = ident {
            let name = name.unwrap_or(i).to_owned();
            self.snapshot.clients.push(Client { id: id(i), name });
        }
    }

    fn membership(&mut self, mut r: Reader) {
        let ident = r.id("id");
        let client = r.id("clientId");
        let status = pick(
            &mut r,
            "status",
            &[
                ("active", MembershipStatus::Active),
                ("frozen", MembershipStatus::Frozen),
                ("expired", MembershipStatus::Expired),
                ("cancelled", MembershipStatus::Cancelled),
            ],
            true,
        );
        let ends_at = r.expiry("endsAt", &self.policy.timezone);
        let cancelled_at = r.instant("cancelledAt");
        if status == Some(MembershipStatus::Cancelled) && !r.has("cancelledAt") {
            r.issues.error(required(r.path("cancelledAt"), "cancelledAt"));
        }
        let recurring = r.bool("recurring").unwrap_or(false);
        let mut eligible = Vec::new();
        for item in r.string_list("eligibleSessionTypeIds").unwrap_or_default() {
            match item {
                Ok(t) => eligible.push(id(t)),
                Err(issue) => r.issues.error(issue),
            }
        }
        if let (Some(i), Some(c), Some(status)) = (ident, client, status) {
            self.snapshot.memberships.push(Membership {
                id: id(i),
                client_id: id(c),
                status,
                ends_at,
                cancelled_at,
                recurring,
                eligible_session_type_ids: eligible,
            });
        }
    }

    fn credit(&mut self, mut r: Reader) {
        let ident = r.id("id");
        let client = r.id("clientId");
        let session_type = r.id("sessionTypeId");
        let source = pick(
            &mut r,
            "source",
            &[("purchased", Source::Purchased), ("recurring", Source::Recurring), ("manual", Source::Manual)],
            true,
        );
        let membership = r.opt_id("membershipId");
        let granted_at = r.required_instant("grantedAt");
        let expires_at = r.expiry("expiresAt", &self.policy.timezone);
        let status = pick(
            &mut r,
            "status",
            &[
                ("available", CreditStatus::Available),
                ("assigned", CreditStatus::Assigned),
                ("used", CreditStatus::Used),
                ("forfeited", CreditStatus::Forfeited),
                ("expired", CreditStatus::Expired),
                ("removed", CreditStatus::Removed),
            ],
            true,
        );
        let booking = r.opt_id("bookingId");
        let revocable = r.bool("revocable");
        if let (Some(i), Some(c), Some(t), Some(source), Some(granted_at), Some(status)) =
            (ident, client, session_type, source, granted_at, status)
        {
            let revocable = revocable.unwrap_or(source != Source::Manual || self.policy.manual_credits_revocable);
            self.snapshot.credits.push(Credit {
                id: id(i),
                client_id: id(c),
                session_type_id: id(t),
                source,
                membership_id: membership.map(id),
                granted_at,
                expires_at,
                status,
                booking_id: booking.map(id),
                revocable,
            });
        }
    }

    fn booking(&mut self, mut r: Reader) {
        let ident = r.id("id");
        let client = r.id("clientId");
        let session_type = r.id("sessionTypeId");
        let starts_at = r.required_instant("startsAt");
        let status = pick(
            &mut r,
            "status",
            &[
                ("booked", BookingStatus::Booked),
                ("cancelled", BookingStatus::Cancelled),
                ("lateCancelled", BookingStatus::LateCancelled),
                ("attended", BookingStatus::Attended),
                ("noShow", BookingStatus::NoShow),
            ],
            true,
        );
        let credit = r.opt_id("creditId");
        if let (Some(i), Some(c), Some(t), Some(starts_at), Some(status)) =
            (ident, client, session_type, starts_at, status)
        {
            self.snapshot.bookings.push(Booking {
                id: id(i),
                client_id: id(c),
                session_type_id: id(t),
                starts_at,
                status,
                credit_id: credit.map(id),
            });
        }
    }
}

// ---- the fast path: typed, borrowed records --------------------------------------------------

/// A required id as the full reader would accept it.
fn fast_id(s: &str) -> Option<Id> {
    (!s.trim().is_empty() && !crate::input::over_length(s, crate::limits::MAX_ID_CHARS)).then(|| id(s))
}

/// An optional id: blank is missing; too long is for the full reader to report.
fn fast_opt_id(s: Option<&Cow<str>>) -> Option<Option<Id>> {
    match s {
        None => Some(None),
        Some(s) if s.trim().is_empty() => Some(None),
        Some(s) => fast_id(s).map(Some),
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FastCredit<'a> {
    #[serde(borrow)]
    id: Cow<'a, str>,
    #[serde(borrow)]
    client_id: Cow<'a, str>,
    #[serde(borrow)]
    session_type_id: Cow<'a, str>,
    source: Source,
    #[serde(borrow, default)]
    membership_id: Option<Cow<'a, str>>,
    #[serde(borrow)]
    granted_at: Cow<'a, str>,
    #[serde(borrow, default)]
    expires_at: Option<Cow<'a, str>>,
    status: CreditStatus,
    #[serde(borrow, default)]
    booking_id: Option<Cow<'a, str>>,
    #[serde(default)]
    revocable: Option<bool>,
}

impl FastCredit<'_> {
    fn build(self, policy: &Policy) -> Option<Credit> {
        let expires_at = match self.expires_at.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(s) => Some(crate::time::parse_expiry(s, &policy.timezone)?),
        };
        Some(Credit {
            id: fast_id(&self.id)?,
            client_id: fast_id(&self.client_id)?,
            session_type_id: fast_id(&self.session_type_id)?,
            source: self.source,
            membership_id: fast_opt_id(self.membership_id.as_ref())?,
            granted_at: crate::time::parse_instant(&self.granted_at)?,
            expires_at,
            status: self.status,
            booking_id: fast_opt_id(self.booking_id.as_ref())?,
            revocable: self.revocable.unwrap_or(self.source != Source::Manual || policy.manual_credits_revocable),
        })
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FastBooking<'a> {
    #[serde(borrow)]
    id: Cow<'a, str>,
    #[serde(borrow)]
    client_id: Cow<'a, str>,
    #[serde(borrow)]
    session_type_id: Cow<'a, str>,
    #[serde(borrow)]
    starts_at: Cow<'a, str>,
    status: BookingStatus,
    #[serde(borrow, default)]
    credit_id: Option<Cow<'a, str>>,
}

impl FastBooking<'_> {
    fn build(self) -> Option<Booking> {
        Some(Booking {
            id: fast_id(&self.id)?,
            client_id: fast_id(&self.client_id)?,
            session_type_id: fast_id(&self.session_type_id)?,
            starts_at: crate::time::parse_instant(&self.starts_at)?,
            status: self.status,
            credit_id: fast_opt_id(self.credit_id.as_ref())?,
        })
    }
}

// ---- streaming over the document ------------------------------------------------------------

/// A visitor's answers to a scalar where an object or list belongs: an issue, not a parse error.
macro_rules! scalars_are {
    ($answer:ident) => {
        fn visit_bool<E>(self, _: bool) -> Result<(), E> {
            self.$answer()
        }
        fn visit_i64<E>(self, _: i64) -> Result<(), E> {
            self.$answer()
        }
        fn visit_u64<E>(self, _: u64) -> Result<(), E> {
            self.$answer()
        }
        fn visit_f64<E>(self, _: f64) -> Result<(), E> {
            self.$answer()
        }
        fn visit_str<E>(self, _: &str) -> Result<(), E> {
            self.$answer()
        }
    };
}

struct Top<'l, 'p>(&'l mut Loader<'p>);
struct Records<'l, 'p>(&'l mut Loader<'p>, Collection);

impl<'de> Visitor<'de> for Top<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a snapshot object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut unknown = 0usize;
        while let Some(key) = map.next_key::<String>()? {
            match Collection::ALL.iter().find(|(k, _)| *k == key) {
                Some((_, c)) if !self.0.seen.contains(c) => {
                    self.0.seen.push(*c);
                    map.next_value_seed(Records(&mut *self.0, *c))?;
                }
                Some((k, _)) => {
                    map.next_value::<IgnoredAny>()?;
                    self.0.issues.error(Issue::new("duplicate", *k, format!("The snapshot has {k} twice.")));
                }
                None => {
                    map.next_value::<IgnoredAny>()?;
                    unknown += 1;
                }
            }
        }
        // Other top-level fields are the caller's business and are ignored.
        let _ = unknown;
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        self.0.issues.error(required(String::new(), "snapshot"));
        Ok(())
    }
    scalars_are!(not_object);
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        self.not_object()
    }
}

impl Top<'_, '_> {
    fn not_object<E>(self) -> Result<(), E> {
        self.0.issues.error(invalid(String::new(), "an object (the snapshot)"));
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for Top<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Records<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of records")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut n = 0;
        // Each record as the slice of text it is; a whole, well-formed credit or booking is read
        // straight into the model, anything else through the reader that reports every problem.
        while let Some(raw) = seq.next_element::<&'de RawValue>()? {
            if n >= MAX_RECORDS || !self.0.fast(self.1, raw.get()) {
                match serde_json::from_str::<Value>(raw.get()) {
                    Ok(v) => self.0.record(self.1, n, &v),
                    Err(e) => self.0.issues.error(syntax_issue(&at(self.1.key(), n), "record", &e)),
                }
            }
            n += 1;
        }
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(()) // null: an empty collection
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        self.not_list()
    }
    scalars_are!(not_list);
}

impl Records<'_, '_> {
    fn not_list<E>(self) -> Result<(), E> {
        self.0.issues.error(invalid(self.1.key().to_owned(), "a list of records"));
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for Records<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

// ---- entry points ---------------------------------------------------------------------------

/// The issue for JSON text that does not parse.
pub fn syntax_issue(path: &str, what: &str, e: &serde_json::Error) -> Issue {
    Issue::new("invalid_input", path, format!("The {what} is not valid JSON: {e}."))
        .with("line", e.line())
        .with("column", e.column())
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
        let collection = match issue.code {
            "unknown_client" => "clients",
            "unknown_session_type" => "sessionTypes",
            "unknown_membership" => "memberships",
            "unknown_credit" => "credits",
            "unknown_booking" => "bookings",
            _ => "",
        };
        if let (false, Some(crate::issue::Param::Text(id))) = (collection.is_empty(), issue.params.get("id")) {
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
        issues.errors.sort_by_key(|i| i.code != "too_many" || i.path.contains('.'));
        let total = issues.errors.len() + loader.dropped;
        if total > MAX_LOAD_ISSUES {
            issues.errors.truncate(MAX_LOAD_ISSUES);
            let more = total - MAX_LOAD_ISSUES;
            issues.errors.push(
                Issue::new("too_many", "", format!("{more} more problems were found and are not listed."))
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
    }
}

/// Reads a snapshot from JSON text.
pub fn snapshot_from_str(text: &str, policy: &Policy) -> Result<Snapshot, Issues> {
    let mut l = loader(policy);
    let mut de = serde_json::Deserializer::from_str(text);
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
    let mut l = loader(policy);
    let text = v.to_string();
    let mut de = serde_json::Deserializer::from_str(&text);
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

// ---- references and consistency -------------------------------------------------------------

fn duplicates<T>(items: &[T], key: &str, id: impl Fn(&T) -> &Id, issues: &mut Sink) -> HashMap<Id, usize> {
    let mut seen: HashMap<Id, usize> = HashMap::with_capacity_and_hasher(items.len(), Default::default());
    for (n, item) in items.iter().enumerate() {
        let ident = id(item);
        if let Some(first) = seen.get(ident) {
            let issue =
                Issue::new("duplicate", join(&at(key, n), "id"), format!("The id {ident} is used twice in {key}."));
            issues.error(issue.with("id", ident.to_string()).with("first", *first));
        } else {
            seen.insert(ident.clone(), n);
        }
    }
    seen
}

/// Points `slot` at the shared copy of the id it names (so a million credits hold a few thousand
/// client and type ids), or reports it as `kind` at the path `at` makes (only then made).
fn resolve(
    slot: &mut Id,
    known: &HashMap<Id, usize>,
    (code, what): RefKind,
    at: impl FnOnce() -> String,
    issues: &mut Sink,
) -> Option<usize> {
    match known.get_key_value(slot.as_ref()) {
        Some((shared, &n)) => {
            *slot = shared.clone();
            Some(n)
        }
        None => {
            issues.error(unknown(code, at(), what, slot));
            None
        }
    }
}

/// An issue code and what the missing record is called.
type RefKind = (&'static str, &'static str);
const CLIENT: RefKind = ("unknown_client", "client");
const SESSION_TYPE: RefKind = ("unknown_session_type", "session type");
const MEMBERSHIP: RefKind = ("unknown_membership", "membership");

/// The client and session type every credit and booking names.
fn resolve_owner(
    path: &dyn Fn() -> String,
    (client, session_type): (&mut Id, &mut Id),
    (clients, types): (&HashMap<Id, usize>, &HashMap<Id, usize>),
    issues: &mut Sink,
) {
    resolve(client, clients, CLIENT, || join(&path(), "clientId"), issues);
    resolve(session_type, types, SESSION_TYPE, || join(&path(), "sessionTypeId"), issues);
}

fn unknown(code: &'static str, path: String, what: &str, ident: &str) -> Issue {
    Issue::new(code, path, format!("There is no {what} with the id {ident}.")).with("id", ident)
}

fn inconsistent(path: String, message: String) -> Issue {
    Issue::new("inconsistent", path, message)
}

fn check_references(s: &mut Snapshot, issues: &mut Sink) {
    let types = duplicates(&s.session_types, "sessionTypes", |t| &t.id, issues);
    let clients = duplicates(&s.clients, "clients", |c| &c.id, issues);
    let memberships = duplicates(&s.memberships, "memberships", |m| &m.id, issues);
    let credits = duplicates(&s.credits, "credits", |c| &c.id, issues);
    let bookings = duplicates(&s.bookings, "bookings", |b| &b.id, issues);
    let membership_clients: Vec<Id> = s.memberships.iter().map(|m| m.client_id.clone()).collect();
    for (n, m) in s.memberships.iter_mut().enumerate() {
        let path = || at("memberships", n);
        resolve(&mut m.client_id, &clients, CLIENT, || join(&path(), "clientId"), issues);
        for (j, t) in m.eligible_session_type_ids.iter_mut().enumerate() {
            resolve(t, &types, SESSION_TYPE, || at(&join(&path(), "eligibleSessionTypeIds"), j), issues);
        }
    }

    let booking_index: Vec<(Id, Option<Id>, BookingStatus, Id)> =
        s.bookings.iter().map(|b| (b.id.clone(), b.credit_id.clone(), b.status, b.client_id.clone())).collect();
    let mut paid_by: HashSet<&str> = HashSet::default();
    let credit_view: Vec<(Id, CreditStatus, Option<Id>, Id)> =
        s.credits.iter().map(|c| (c.id.clone(), c.status, c.booking_id.clone(), c.client_id.clone())).collect();

    for (n, c) in s.credits.iter_mut().enumerate() {
        let path = || at("credits", n);
        resolve_owner(&path, (&mut c.client_id, &mut c.session_type_id), (&clients, &types), issues);
        if let Some(mid) = c.membership_id.as_mut() {
            let found = resolve(mid, &memberships, MEMBERSHIP, || join(&path(), "membershipId"), issues);
            if let Some(owner) = found.and_then(|i| membership_clients.get(i)) {
                if **owner != *c.client_id {
                    let message = format!("Membership {mid} belongs to another client.");
                    let issue = Issue::new("membership_mismatch", join(&path(), "membershipId"), message);
                    issues.error(issue.with("id", mid.to_string()));
                }
            }
        }
        let linked = match c.booking_id.as_ref() {
            None => None,
            Some(bid) => match bookings.get(bid.as_ref()).and_then(|&i| booking_index.get(i)) {
                None => {
                    issues.error(unknown("unknown_booking", join(&path(), "bookingId"), "booking", bid));
                    continue;
                }
                Some(b) => Some(b),
            },
        };
        match (c.status, linked) {
            (CreditStatus::Assigned, Some((bid, bcredit, status, _)))
                if *status != BookingStatus::Booked || bcredit.as_deref() != Some(&*c.id) =>
            {
                issues.error(inconsistent(
                    path(),
                    format!("Credit {} is assigned to booking {bid}, but that booking is not booked with it.", c.id),
                ));
            }
            (CreditStatus::Assigned, None) => {
                issues.error(inconsistent(path(), format!("Credit {} is assigned but names no booking.", c.id)));
            }
            (CreditStatus::Available | CreditStatus::Expired | CreditStatus::Removed, Some((bid, ..))) => {
                issues.error(inconsistent(
                    join(&path(), "bookingId"),
                    format!("Credit {} is not assigned but still names booking {bid}.", c.id),
                ));
            }
            (_, Some((bid, _, _, bclient))) if *bclient != c.client_id => {
                issues.error(inconsistent(
                    join(&path(), "bookingId"),
                    format!("Credit {} and booking {bid} belong to different clients.", c.id),
                ));
            }
            _ => {}
        }
    }

    for (n, b) in s.bookings.iter_mut().enumerate() {
        let path = || at("bookings", n);
        resolve_owner(&path, (&mut b.client_id, &mut b.session_type_id), (&clients, &types), issues);
        let Some(kid) = b.credit_id.as_ref() else {
            continue;
        };
        let Some((_, status, back, owner)) = credits.get(kid.as_ref()).and_then(|&i| credit_view.get(i)) else {
            issues.error(unknown("unknown_credit", join(&path(), "creditId"), "credit", kid));
            continue;
        };
        if b.status != BookingStatus::Booked && *owner != b.client_id {
            issues.error(inconsistent(
                join(&path(), "creditId"),
                format!("Booking {} names credit {kid}, which belongs to another client.", b.id),
            ));
        }
        if !paid_by.insert(kid.as_ref()) && b.status == BookingStatus::Booked {
            issues.error(inconsistent(
                join(&path(), "creditId"),
                format!("Credit {kid} pays for more than one booking."),
            ));
        }
        if b.status == BookingStatus::Booked && (*status != CreditStatus::Assigned || back.as_deref() != Some(&*b.id)) {
            issues.error(inconsistent(
                path(),
                format!("Booking {} is paid with credit {kid}, but that credit is not assigned to it.", b.id),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast path must read exactly what the full reader reads, and leave anything unusual to it.
    #[test]
    fn the_fast_path_reads_what_the_full_reader_reads() -> Result<(), String> {
        let fixture: Value =
            serde_json::from_str(include_str!("../tests/fixtures/studio.json")).map_err(|e| e.to_string())?;
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
        for (collection, v) in records {
            let (mut fast, mut full) = (loader(&policy), loader(&policy));
            assert!(fast.fast(collection, &v.to_string()), "{v}");
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
            assert!(!loader(&policy).fast(Collection::Credits, bad), "{bad}");
        }
        Ok(())
    }
}
