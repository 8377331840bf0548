//! A copy-on-write view of the state: commands read and change the draft, never the state, so a
//! preview changes nothing and an apply commits exactly what the preview showed.
use crate::added::AddedIndex;
use crate::answer::{BalanceChange, BookingChanges, Change, Counts, CreditChanges, Detail, LedgerEntry};
use crate::model::{Booking, Credit, CreditStatus, Id, Membership};
use crate::state::{Changes, Ix, State};
use crate::time::Time;
use rustc_hash::FxHashMap as HashMap;

pub struct Draft<'s> {
    pub base: &'s State,
    command_id: &'s str,
    next_id: u32,
    next_entry: u32,
    /// A generated id that already exists in the state.
    pub id_clash: bool,
    credits: HashMap<Ix, Credit>,
    credits_order: Vec<Ix>,
    added_credits: Vec<Credit>,
    added_credit_ix: AddedIndex,
    added_credits_by_client: AddedIndex,
    /// State credits this draft moved to another client (a transfer), by their new client.
    moved_credits_by_client: HashMap<Id, Vec<Ix>>,
    /// Credits the running command made available (granted, returned, changed, extended,
    /// transferred in): the only ones autopay may spend.
    pub fresh: Vec<Ix>,
    bookings: HashMap<Ix, Option<Booking>>,
    bookings_order: Vec<Ix>,
    added_bookings: Vec<Option<Booking>>,
    added_booking_ix: AddedIndex,
    added_bookings_by_client: AddedIndex,
    /// Memberships a hold changed (holds, `endsAt`); a preview does not list them.
    memberships: HashMap<Ix, Membership>,
    memberships_order: Vec<Ix>,
    pub ledger: Vec<LedgerEntry>,
    pub steps: Vec<String>,
    /// Whether the answer has steps and a ledger (a replay's keeps only the verdict).
    pub narrate: bool,
}

/// What a finished draft changed, in both forms: for the answer and for the commit.
pub struct Outcome {
    /// `None` when the record lists were not asked for.
    pub credits: Option<CreditChanges>,
    pub bookings: Option<BookingChanges>,
    pub balances: Vec<BalanceChange>,
    pub counts: Counts,
    pub deferred_change: i64,
    pub changes: Changes,
}

/// What a credit holds of deferred revenue: its value while it is available or assigned.
pub fn deferred_value(c: &Credit) -> i64 {
    match c.status {
        CreditStatus::Available | CreditStatus::Assigned => i64::try_from(c.value.unwrap_or(0)).unwrap_or(i64::MAX),
        _ => 0,
    }
}

fn ix(n: usize) -> Ix {
    Ix::try_from(n).unwrap_or(Ix::MAX)
}

impl<'s> Draft<'s> {
    pub fn new(base: &'s State, command_id: &'s str) -> Draft<'s> {
        Draft {
            base,
            command_id,
            next_id: 0,
            next_entry: 0,
            id_clash: false,
            credits: HashMap::default(),
            credits_order: Vec::new(),
            added_credits: Vec::new(),
            added_credit_ix: AddedIndex::default(),
            added_credits_by_client: AddedIndex::default(),
            moved_credits_by_client: HashMap::default(),
            fresh: Vec::new(),
            bookings: HashMap::default(),
            bookings_order: Vec::new(),
            added_bookings: Vec::new(),
            added_booking_ix: AddedIndex::default(),
            added_bookings_by_client: AddedIndex::default(),
            memberships: HashMap::default(),
            memberships_order: Vec::new(),
            ledger: Vec::new(),
            steps: Vec::new(),
            narrate: true,
        }
    }

    // ---- ids ----------------------------------------------------------------------------------

    /// The next id for a record this command creates: `<commandId>:<n>`.
    pub fn new_id(&mut self) -> Id {
        self.next_id += 1;
        // Joined, not formatted: a replay makes one per booking (format was half of new_id in wasm).
        let id = crate::model::joined_id(&[self.command_id, ":", itoa::Buffer::new().format(self.next_id)]);
        if self.credit_exists(&id) || self.booking_exists(&id) || self.hold_exists(&id) {
            self.id_clash = true;
        }
        id
    }

    pub fn entry_id(&mut self) -> String {
        self.next_entry += 1;
        [self.command_id, "#", itoa::Buffer::new().format(self.next_entry)].concat()
    }

    // ---- credits ------------------------------------------------------------------------------

    pub fn credit(&self, n: Ix) -> Option<&Credit> {
        let base_len = self.base.credits.len();
        match (n as usize).checked_sub(base_len) {
            Some(k) => self.added_credits.get(k),
            None => self.credits.get(&n).or_else(|| self.base.credits.get(n as usize)),
        }
    }

    pub fn find_credit(&self, id: &str) -> Option<Ix> {
        self.base.credit_ix(id).or_else(|| self.added_credit_ix.last(id))
    }

    pub fn credit_exists(&self, id: &str) -> bool {
        self.find_credit(id).is_some()
    }

    pub fn client_credits<'a>(&'a self, client_id: &'a str) -> impl Iterator<Item = (Ix, &'a Credit)> + 'a {
        let base = self.base.client_credit_ixs(client_id).iter().copied();
        let moved = self.moved_credits_by_client.get(client_id).into_iter().flatten().copied();
        let added = self.added_credits_by_client.get(client_id);
        base.chain(moved)
            .chain(added)
            .filter_map(move |n| self.credit(n).map(|c| (n, c)))
            .filter(move |(_, c)| crate::model::same_id(&c.client_id, client_id))
    }

    /// Gives a credit to another client (a transfer), keeping the indexes by client right.
    pub fn move_credit(&mut self, n: Ix, to: &Id) {
        let base_len = self.base.credits.len();
        if (n as usize) < base_len {
            self.moved_credits_by_client.entry(to.clone()).or_default().push(n);
        } else {
            self.added_credits_by_client.push(to.clone(), n);
        }
        let to = to.clone();
        self.update_credit(n, |c| c.client_id = to);
    }

    /// Room for `n` more changed credits: a bulk change grows the copies once, not a dozen times.
    pub fn reserve_credits(&mut self, n: usize) {
        self.credits.reserve(n);
        self.credits_order.reserve(n);
    }

    /// Changes one credit (copying it from the state first).
    pub fn update_credit(&mut self, n: Ix, change: impl FnOnce(&mut Credit)) {
        let base_len = self.base.credits.len();
        if let Some(k) = (n as usize).checked_sub(base_len) {
            if let Some(c) = self.added_credits.get_mut(k) {
                change(c);
            }
            return;
        }
        if !self.credits.contains_key(&n) {
            let Some(original) = self.base.credits.get(n as usize) else {
                return;
            };
            self.credits.insert(n, original.clone());
            self.credits_order.push(n);
        }
        if let Some(c) = self.credits.get_mut(&n) {
            change(c);
        }
    }

    /// The credits whose `bookingId` names this booking, whatever their status or client, in order.
    pub fn credits_naming(&self, booking_id: &str) -> Vec<Ix> {
        let base = self.base.credits_naming(booking_id).iter().copied();
        let changed = self.credits_order.iter().copied();
        let added = (0..self.added_credits.len()).map(|k| ix(self.base.credits.len() + k));
        let mut found: Vec<Ix> = base
            .chain(changed)
            .chain(added)
            .filter(|&n| self.credit(n).is_some_and(|c| c.booking_id.as_deref() == Some(booking_id)))
            .collect();
        found.sort_unstable();
        found.dedup();
        found
    }

    pub fn added_credit_count(&self) -> usize {
        self.added_credits.len()
    }

    pub fn add_credit(&mut self, credit: Credit) -> Ix {
        let n = ix(self.base.credits.len() + self.added_credits.len());
        self.added_credit_ix.push(credit.id.clone(), n);
        self.added_credits_by_client.push(credit.client_id.clone(), n);
        self.added_credits.push(credit);
        n
    }

    // ---- bookings -----------------------------------------------------------------------------

    pub fn booking(&self, n: Ix) -> Option<&Booking> {
        let base_len = self.base.bookings.len();
        match (n as usize).checked_sub(base_len) {
            Some(k) => self.added_bookings.get(k).and_then(Option::as_ref),
            None => match self.bookings.get(&n) {
                Some(b) => b.as_ref(),
                None => self.base.bookings.get(n as usize).and_then(Option::as_ref),
            },
        }
    }

    pub fn find_booking(&self, id: &str) -> Option<Ix> {
        let n = self.base.booking_ix(id).or_else(|| self.added_booking_ix.last(id))?;
        self.booking(n).map(|_| n)
    }

    pub fn booking_exists(&self, id: &str) -> bool {
        self.find_booking(id).is_some()
    }

    pub fn client_bookings<'a>(&'a self, client_id: &'a str) -> impl Iterator<Item = (Ix, &'a Booking)> + 'a {
        let base = self.base.client_booking_ixs(client_id).iter().copied();
        let added = self.added_bookings_by_client.get(client_id);
        base.chain(added).filter_map(move |n| self.booking(n).map(|b| (n, b)))
    }

    fn booking_slot(&mut self, n: Ix) -> Option<&mut Option<Booking>> {
        let base_len = self.base.bookings.len();
        if let Some(k) = (n as usize).checked_sub(base_len) {
            return self.added_bookings.get_mut(k);
        }
        if !self.bookings.contains_key(&n) {
            let original = self.base.bookings.get(n as usize)?.clone();
            self.bookings.insert(n, original);
            self.bookings_order.push(n);
        }
        self.bookings.get_mut(&n)
    }

    pub fn update_booking(&mut self, n: Ix, change: impl FnOnce(&mut Booking)) {
        if let Some(Some(b)) = self.booking_slot(n) {
            change(b);
        }
    }

    pub fn remove_booking(&mut self, n: Ix) {
        if let Some(slot) = self.booking_slot(n) {
            *slot = None;
        }
    }

    pub fn add_booking(&mut self, booking: Booking) -> Ix {
        let n = ix(self.base.bookings.len() + self.added_bookings.len());
        self.added_booking_ix.push(booking.id.clone(), n);
        self.added_bookings_by_client.push(booking.client_id.clone(), n);
        self.added_bookings.push(Some(booking));
        n
    }

    // ---- memberships --------------------------------------------------------------------------

    pub fn membership(&self, n: Ix) -> Option<&Membership> {
        self.memberships.get(&n).or_else(|| self.base.memberships.get(n as usize))
    }

    pub fn find_membership(&self, id: &str) -> Option<Ix> {
        self.base.membership_ix(id)
    }

    /// The memberships of a client, as the draft has them.
    pub fn client_memberships<'a>(&'a self, client_id: &'a str) -> impl Iterator<Item = (Ix, &'a Membership)> + 'a {
        self.base.client_membership_ixs(client_id).iter().filter_map(move |&n| self.membership(n).map(|m| (n, m)))
    }

    pub fn update_membership(&mut self, n: Ix, change: impl FnOnce(&mut Membership)) {
        if !self.memberships.contains_key(&n) {
            let Some(original) = self.base.memberships.get(n as usize) else { return };
            self.memberships.insert(n, original.clone());
            self.memberships_order.push(n);
        }
        if let Some(m) = self.memberships.get_mut(&n) {
            change(m);
        }
    }

    /// Is a hold id taken anywhere in the studio (the draft's own holds included)? Looked up in
    /// the state's index, not scanned: every generated id is checked.
    pub fn hold_exists(&self, id: &str) -> bool {
        let in_state = self.base.hold_membership(id).is_some_and(|n| {
            // A membership this draft changed answers for itself.
            self.memberships.get(&n).map_or(true, |m| m.holds.iter().any(|h| &*h.id == id))
        });
        in_state || self.memberships.values().any(|m| m.holds.iter().any(|h| &*h.id == id))
    }

    // ---- ledger -------------------------------------------------------------------------------

    // ---- result -------------------------------------------------------------------------------

    /// Available credits of one client and type in the state, unexpired at `now`.
    fn available_in_state(&self, client_id: &str, session_type_id: &str, now: Time) -> usize {
        let credits = &self.base.credits;
        self.base
            .client_credit_ixs(client_id)
            .iter()
            .filter_map(|&n| credits.get(n as usize))
            .filter(|c| &*c.session_type_id == session_type_id && c.usable_at(now))
            .count()
    }

    /// The draft's changes, for the commit and for the answer: the record lists only in full detail
    /// (a summary leaves them out, and so does not copy 10,000 credits twice), the balances in
    /// every detail but a replay's verdict.
    pub fn finish(mut self, now: Time, detail: Detail) -> Outcome {
        let lists = detail == Detail::Full;
        // Balances first, while the draft's credits are still in place. Only changed and added
        // credits differ from the state, so each balance after is its count before plus theirs.
        let mut touched: Vec<(Id, Id, isize)> = Vec::new();
        let mut seen: HashMap<(Id, Id), usize> = HashMap::default();
        let balances_wanted = detail != Detail::Verdict;
        let mut touch = |client: &Id, session_type: &Id, delta: isize| {
            if !balances_wanted {
                return;
            }
            let n = *seen.entry((client.clone(), session_type.clone())).or_insert_with(|| {
                touched.push((client.clone(), session_type.clone(), 0));
                touched.len() - 1
            });
            if let Some(t) = touched.get_mut(n) {
                t.2 += delta;
            }
        };
        let usable = |c: &Credit| isize::from(c.usable_at(now));
        let mut changed: Vec<Ix> = Vec::with_capacity(self.credits_order.len());
        let mut deferred_change = 0i64;
        for c in &self.added_credits {
            deferred_change = deferred_change.saturating_add(deferred_value(c));
        }
        for &n in &self.credits_order {
            if let (Some(before), Some(after)) = (self.base.credits.get(n as usize), self.credits.get(&n)) {
                if before != after {
                    deferred_change = deferred_change.saturating_add(deferred_value(after) - deferred_value(before));
                    touch(&before.client_id, &before.session_type_id, -usable(before));
                    touch(&after.client_id, &after.session_type_id, usable(after));
                    changed.push(n);
                }
            }
        }
        for c in &self.added_credits {
            touch(&c.client_id, &c.session_type_id, usable(c));
        }
        let balances = touched
            .into_iter()
            .filter(|(_, _, delta)| *delta != 0)
            .map(|(client, session_type, delta)| {
                let before = self.available_in_state(&client, &session_type, now);
                BalanceChange {
                    after: before.saturating_add_signed(delta),
                    client_id: client,
                    session_type_id: session_type,
                    before,
                }
            })
            .collect();
        let mut credits = CreditChanges::default();
        let mut credits_changed = Vec::with_capacity(changed.len());
        for n in changed {
            let (Some(before), Some(after)) = (self.base.credits.get(n as usize), self.credits.remove(&n)) else {
                continue;
            };
            if lists {
                credits.changed.push(Change { before: before.clone(), after: after.clone() });
            }
            credits_changed.push((n, after));
        }
        let mut counts = Counts {
            credits_added: self.added_credits.len(),
            credits_changed: credits_changed.len(),
            ..Counts::default()
        };
        if lists {
            credits.added = self.added_credits.clone();
        }
        let mut bookings = BookingChanges::default();
        let mut bookings_changed = Vec::new();
        for n in &self.bookings_order {
            let before = self.base.bookings.get(*n as usize).and_then(Option::as_ref);
            match (before, self.bookings.get(n)) {
                (Some(b), Some(Some(a))) if b != a => {
                    counts.bookings_changed += 1;
                    if lists {
                        bookings.changed.push(Change { before: b.clone(), after: a.clone() });
                    }
                    bookings_changed.push((*n, Some(a.clone())));
                }
                (Some(b), Some(None)) => {
                    counts.bookings_removed += 1;
                    if lists {
                        bookings.removed.push(b.clone());
                    }
                    bookings_changed.push((*n, None));
                }
                _ => {}
            }
        }
        counts.bookings_added = self.added_bookings.iter().flatten().count();
        if lists {
            bookings.added = self.added_bookings.iter().flatten().cloned().collect();
        }
        let memberships_changed =
            self.memberships_order.iter().filter_map(|n| self.memberships.remove(n).map(|m| (*n, m))).collect();
        // filter_map collects in place, flatten does not: no second buffer per command.
        #[allow(clippy::filter_map_identity)]
        let bookings_added = self.added_bookings.into_iter().filter_map(std::convert::identity).collect();
        let changes = Changes {
            memberships_changed,
            credits_changed,
            credits_added: self.added_credits,
            bookings_changed,
            bookings_added,
        };
        let (credits, bookings) = if lists { (Some(credits), Some(bookings)) } else { (None, None) };
        Outcome { credits, bookings, balances, counts, deferred_change, changes }
    }
}
