//! Reading one record: the typed fast path when it can, else the full reader, which reports every
//! problem of the record at its path.
use super::fast::{FastBooking, FastCredit, Record};
use super::*;

impl<'p> Loader<'p> {
    pub(super) fn record(&mut self, collection: Collection, n: usize, v: &Value) {
        if n >= MAX_RECORDS {
            if n == MAX_RECORDS {
                let issue = Issue::new(
                    Code::TooMany,
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
    pub(super) fn fast(&mut self, collection: Collection, record: &Record) -> bool {
        match collection {
            Collection::Credits => record
                .typed::<FastCredit>()
                .and_then(|c| c.build(self.policy, &mut self.shared))
                .map(|c| self.snapshot.credits.push(c))
                .is_some(),
            Collection::Bookings => record
                .typed::<FastBooking>()
                .and_then(|b| b.build(&mut self.shared))
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
        let kind = pick(&mut r, "kind", &Kind::ALL, true);
        let duration_minutes = match r.count("durationMinutes") {
            crate::input::Count::Missing => None,
            crate::input::Count::Value(n) => u32::try_from(n).ok(),
            crate::input::Count::Invalid => {
                r.issues.error(invalid(r.path("durationMinutes"), "a whole number of minutes"));
                None
            }
        };
        let active = r.bool("active").unwrap_or(true);
        let credit_cost = match r.count("creditCost") {
            crate::input::Count::Missing => 1,
            crate::input::Count::Value(n) if (1..=MAX_CREDIT_COST).contains(&n) => n as u32,
            _ => {
                let issue = invalid(r.path("creditCost"), "a whole number of credits from 1 to 20");
                r.issues.error(issue.with("min", 1u64).with("max", MAX_CREDIT_COST));
                1
            }
        };
        if let (Some(i), Some(kind)) = (ident, kind) {
            let name = name.unwrap_or(i).to_owned();
            self.snapshot.session_types.push(SessionType {
                id: id(i),
                name,
                kind,
                duration_minutes,
                active,
                credit_cost,
            });
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
        let status = pick(&mut r, "status", &MembershipStatus::ALL, true);
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
        let usage_limits = self.usage_limits(&mut r);
        let holds = self.holds(&mut r);
        if let (Some(i), Some(c), Some(status)) = (ident, client, status) {
            self.snapshot.memberships.push(Membership {
                id: id(i),
                client_id: id(c),
                status,
                ends_at,
                cancelled_at,
                recurring,
                eligible_session_type_ids: eligible,
                usage_limits,
                holds,
            });
        }
    }

    fn credit(&mut self, mut r: Reader) {
        let ident = r.id("id");
        let client = r.id("clientId");
        let session_type = r.id("sessionTypeId");
        let source = pick(&mut r, "source", &Source::ALL, true);
        let membership = r.opt_id("membershipId");
        let granted_at = r.required_instant("grantedAt");
        let expires_at = r.expiry("expiresAt", &self.policy.timezone);
        let status = pick(&mut r, "status", &CreditStatus::ALL, true);
        let booking = r.opt_id("bookingId");
        let revocable = r.bool("revocable");
        let value = credit_value(&mut r);
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
                value,
            });
        }
    }

    fn booking(&mut self, mut r: Reader) {
        let ident = r.id("id");
        let client = r.id("clientId");
        let session_type = r.id("sessionTypeId");
        let starts_at = r.required_instant("startsAt");
        let status = pick(&mut r, "status", &BookingStatus::ALL, true);
        let credit_ids = booking_credits(&mut r);
        if let (Some(i), Some(c), Some(t), Some(starts_at), Some(status)) =
            (ident, client, session_type, starts_at, status)
        {
            self.snapshot.bookings.push(Booking {
                id: id(i),
                client_id: id(c),
                session_type_id: id(t),
                starts_at,
                status,
                credit_ids,
            });
        }
    }
}

/// The most credits one booking of a type may take.
const MAX_CREDIT_COST: u64 = 20;
/// The largest value a JavaScript number holds exactly (2^53 − 1).
const MAX_VALUE: u64 = crate::input::MAX_WHOLE;
const MAX_USAGE: u64 = 1000;

/// A credit's `value`: a whole number of minor units, or null (not tracked).
fn credit_value(r: &mut Reader) -> Option<u64> {
    match r.count("value") {
        crate::input::Count::Missing => None,
        crate::input::Count::Value(v) if v <= MAX_VALUE => Some(v),
        _ => {
            let issue = invalid(r.path("value"), "a whole number of minor currency units, or null");
            r.issues.error(issue.with("min", 0u64).with("max", MAX_VALUE));
            None
        }
    }
}

/// A booking's credits: `creditIds`, or `creditId` alone; both given must agree.
fn booking_credits(r: &mut Reader) -> Vec<Id> {
    let single = r.opt_id("creditId");
    if r.obj.get("creditIds").map_or(true, Value::is_null) {
        return single.map(id).into_iter().collect();
    }
    let Some(items) = r.string_list("creditIds") else {
        return Vec::new();
    };
    let mut ids = Vec::with_capacity(items.len());
    for item in items {
        match item {
            Ok(k) => ids.push(id(k)),
            Err(issue) => r.issues.error(issue),
        }
    }
    // `creditId` is the mirror of the first: absent is fine, null or another id disagrees.
    let mirror_given = r.obj.contains_key("creditId");
    if mirror_given && single.map(str::trim) != ids.first().map(|k| k.trim()) {
        let issue = Issue::new(
            Code::Inconsistent,
            r.path("creditIds"),
            "The booking's creditId must be the first of its creditIds (or null when it has none).",
        );
        r.issues.error(issue);
    }
    ids
}

/// A list of records inside a record (`usageLimits`, `holds`), with its path; absent is empty,
/// anything but a list `invalid_input`.
fn nested_list<'a>(r: &mut Reader<'a, '_>, key: &str, what: &str) -> (String, &'a [Value]) {
    let path = r.path(key);
    match r.present(key) {
        None => (path, &[]),
        Some(Value::Array(list)) => (path, list.as_slice()),
        Some(_) => {
            r.issues.error(invalid(path.clone(), what));
            (path, &[])
        }
    }
}

impl Loader<'_> {
    fn usage_limits(&mut self, r: &mut Reader) -> Vec<UsageLimit> {
        let (path, list) = nested_list(r, "usageLimits", "a list of usage limits");
        let mut limits = Vec::new();
        for (j, v) in list.iter().enumerate() {
            let at_j = at(&path, j);
            let Some(obj) = object(v, &at_j, "usage limit", r.issues) else { continue };
            let mut lr = Reader::new(obj, &at_j, r.issues);
            let period = pick(&mut lr, "period", &Period::ALL, true);
            let max = match lr.count("max") {
                crate::input::Count::Missing => {
                    lr.issues.error(required(lr.path("max"), "max"));
                    None
                }
                crate::input::Count::Value(n) if (1..=MAX_USAGE).contains(&n) => Some(n as u32),
                _ => {
                    let issue = invalid(lr.path("max"), "a whole number of bookings from 1 to 1000");
                    lr.issues.error(issue.with("min", 1u64).with("max", MAX_USAGE));
                    None
                }
            };
            let mut types: Vec<Id> = Vec::new();
            let types_path = lr.path("sessionTypeIds");
            for (i, item) in lr.string_list("sessionTypeIds").unwrap_or_default().into_iter().enumerate() {
                match item {
                    Ok(t) if types.iter().any(|seen| &**seen == t) => {
                        lr.issues.error(crate::commands::duplicate_item(t, &at(&types_path, i)));
                    }
                    Ok(t) => types.push(id(t)),
                    Err(issue) => lr.issues.error(issue),
                }
            }
            // Kept even when refused (the snapshot is then refused too), so that later paths keep their index.
            limits.push(UsageLimit {
                period: period.unwrap_or(Period::Day),
                max: max.unwrap_or(1),
                session_type_ids: types,
            });
        }
        limits
    }

    fn holds(&mut self, r: &mut Reader) -> Vec<Hold> {
        let (path, list) = nested_list(r, "holds", "a list of holds");
        let mut holds: Vec<Hold> = Vec::new();
        for (j, v) in list.iter().enumerate() {
            let at_j = at(&path, j);
            let Some(obj) = object(v, &at_j, "hold", r.issues) else { continue };
            let mut hr = Reader::new(obj, &at_j, r.issues);
            let ident = hr.id("id");
            let starts_on = hr.plain_date("startsOn");
            let ends_on = hr.plain_date("endsOn");
            let mut credit_ids = Vec::new();
            for item in hr.string_list("creditIds").unwrap_or_default() {
                match item {
                    Ok(k) => credit_ids.push(id(k)),
                    Err(issue) => hr.issues.error(issue),
                }
            }
            let extended_ends_at = hr.bool("extendedEndsAt").unwrap_or(false);
            // Kept even when refused (the snapshot is then refused too), so that later paths keep their index.
            let (starts_on, ends_on) = match (starts_on, ends_on) {
                (Some(s), Some(e)) => {
                    if e < s {
                        hr.issues.error(invalid(hr.path("endsOn"), "a date on or after startsOn"));
                    } else if let Some(other) =
                        holds.iter().find(|h| h.starts_on <= e && s <= h.ends_on && h.starts_on <= h.ends_on)
                    {
                        let issue = invalid(hr.path("startsOn"), "a date outside the membership's other holds");
                        hr.issues.error(issue.with("holdId", &*other.id));
                    }
                    (s, e)
                }
                (s, e) => {
                    let placeholder = s.or(e).unwrap_or(crate::time::Date(chrono::NaiveDate::MIN));
                    (s.unwrap_or(placeholder), e.unwrap_or(placeholder))
                }
            };
            holds.push(Hold { id: id(ident.unwrap_or("")), starts_on, ends_on, credit_ids, extended_ends_at });
        }
        holds
    }
}
