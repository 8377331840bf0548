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
        let source = pick(&mut r, "source", &Source::ALL, true);
        let membership = r.opt_id("membershipId");
        let granted_at = r.required_instant("grantedAt");
        let expires_at = r.expiry("expiresAt", &self.policy.timezone);
        let status = pick(&mut r, "status", &CreditStatus::ALL, true);
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
        let status = pick(&mut r, "status", &BookingStatus::ALL, true);
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
