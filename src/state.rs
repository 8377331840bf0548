//! The engine's state: the snapshot's records with indexes by id and by client, so that checking
//! one form touches one client's records, never the whole studio.
use crate::model::{Booking, Client, Credit, Id, Membership, SessionType, Snapshot};
use rustc_hash::FxHashMap as HashMap;

/// A record's position in its collection.
pub type Ix = u32;

#[derive(Debug, Clone, Default)]
pub struct State {
    pub session_types: Vec<SessionType>,
    pub clients: Vec<Client>,
    pub memberships: Vec<Membership>,
    pub credits: Vec<Credit>,
    /// Deleted bookings leave `None`, so that positions stay stable.
    pub bookings: Vec<Option<Booking>>,
    type_ix: HashMap<Id, Ix>,
    client_ix: HashMap<Id, Ix>,
    membership_ix: HashMap<Id, Ix>,
    /// Hold id → its membership: a generated id is checked against it on every new record.
    hold_ix: HashMap<Id, Ix>,
    credit_ix: HashMap<Id, Ix>,
    booking_ix: HashMap<Id, Ix>,
    /// Booking id → the credits whose `bookingId` names it, whatever their status or client: a
    /// deleted booking must take every link with it, and an imported credit may keep one.
    credits_naming: HashMap<Id, Vec<Ix>>,
    /// By client position.
    memberships_by_client: Vec<Vec<Ix>>,
    credits_by_client: Vec<Vec<Ix>>,
    bookings_by_client: Vec<Vec<Ix>>,
}

fn ix(n: usize) -> Ix {
    Ix::try_from(n).unwrap_or(Ix::MAX)
}

fn index_of<T>(items: &[T], id: impl Fn(&T) -> &Id) -> HashMap<Id, Ix> {
    let mut map = HashMap::with_capacity_and_hasher(items.len(), Default::default());
    for (n, item) in items.iter().enumerate() {
        map.entry(id(item).clone()).or_insert(ix(n));
    }
    map
}

/// Every hold id, with its membership's position.
fn holds_of(memberships: &[Membership]) -> HashMap<Id, Ix> {
    let mut map = HashMap::default();
    for (n, m) in memberships.iter().enumerate() {
        for h in &m.holds {
            map.entry(h.id.clone()).or_insert(ix(n));
        }
    }
    map
}

/// Moves record `n` from one client's list to another's.
fn move_in(lists: &mut [Vec<Ix>], clients: &HashMap<Id, Ix>, n: Ix, from: &str, to: &str) {
    if let Some(list) = clients.get(from).and_then(|&c| lists.get_mut(c as usize)) {
        list.retain(|&k| k != n);
    }
    if let Some(list) = clients.get(to).and_then(|&c| lists.get_mut(c as usize)) {
        list.push(n);
    }
}

/// Changes a draft made, ready to be committed.
#[derive(Debug, Default)]
pub struct Changes {
    pub memberships_changed: Vec<(Ix, Membership)>,
    pub credits_changed: Vec<(Ix, Credit)>,
    pub credits_added: Vec<Credit>,
    pub bookings_changed: Vec<(Ix, Option<Booking>)>,
    pub bookings_added: Vec<Booking>,
}

impl State {
    /// Builds the indexes. The snapshot must have passed [`crate::load`]'s checks.
    pub fn new(snapshot: Snapshot) -> State {
        let Snapshot { session_types, clients, memberships, credits, bookings } = snapshot;
        let client_ix = index_of(&clients, |c| &c.id);
        let mut state = State {
            type_ix: index_of(&session_types, |t| &t.id),
            membership_ix: index_of(&memberships, |m| &m.id),
            hold_ix: holds_of(&memberships),
            credit_ix: index_of(&credits, |c| &c.id),
            booking_ix: index_of(&bookings, |b| &b.id),
            credits_naming: HashMap::default(),
            memberships_by_client: vec![Vec::new(); clients.len()],
            credits_by_client: vec![Vec::new(); clients.len()],
            bookings_by_client: vec![Vec::new(); clients.len()],
            client_ix,
            session_types,
            clients,
            memberships: Vec::new(),
            credits: Vec::new(),
            bookings: Vec::new(),
        };
        for (n, m) in memberships.iter().enumerate() {
            if let Some(list) = state.client_slot(&m.client_id).and_then(|c| state.memberships_by_client.get_mut(c)) {
                list.push(ix(n));
            }
        }
        for (n, c) in credits.iter().enumerate() {
            if let Some(list) = state.client_slot(&c.client_id).and_then(|c| state.credits_by_client.get_mut(c)) {
                list.push(ix(n));
            }
            if let Some(b) = &c.booking_id {
                state.credits_naming.entry(b.clone()).or_default().push(ix(n));
            }
        }
        for (n, b) in bookings.iter().enumerate() {
            if let Some(list) = state.client_slot(&b.client_id).and_then(|c| state.bookings_by_client.get_mut(c)) {
                list.push(ix(n));
            }
        }
        state.memberships = memberships;
        state.credits = credits;
        state.bookings = bookings.into_iter().map(Some).collect();
        state
    }

    fn client_slot(&self, client_id: &str) -> Option<usize> {
        self.client_ix.get(client_id).map(|&i| i as usize)
    }

    pub fn session_type(&self, id: &str) -> Option<&SessionType> {
        self.type_ix.get(id).and_then(|&i| self.session_types.get(i as usize))
    }

    /// Where a session type stands in the snapshot's list (rows of balances follow that order).
    pub fn type_position(&self, id: &str) -> Option<Ix> {
        self.type_ix.get(id).copied()
    }

    pub fn client(&self, id: &str) -> Option<&Client> {
        self.client_ix.get(id).and_then(|&i| self.clients.get(i as usize))
    }

    pub fn membership(&self, id: &str) -> Option<&Membership> {
        self.membership_ix.get(id).and_then(|&i| self.memberships.get(i as usize))
    }

    pub fn booking(&self, id: &str) -> Option<&Booking> {
        self.booking_ix(id).and_then(|n| self.bookings.get(n as usize)).and_then(Option::as_ref)
    }

    pub fn credit(&self, id: &str) -> Option<&Credit> {
        self.credit_ix(id).and_then(|n| self.credits.get(n as usize))
    }

    /// The credits and bookings of a client, as records.
    pub fn client_credits(&self, client_id: &str) -> impl Iterator<Item = &Credit> {
        self.client_credit_ixs(client_id).iter().filter_map(|&n| self.credits.get(n as usize))
    }

    pub fn client_bookings(&self, client_id: &str) -> impl Iterator<Item = &Booking> {
        self.client_booking_ixs(client_id)
            .iter()
            .filter_map(|&n| self.bookings.get(n as usize).and_then(Option::as_ref))
    }

    pub fn credit_ix(&self, id: &str) -> Option<Ix> {
        self.credit_ix.get(id).copied()
    }

    pub fn booking_ix(&self, id: &str) -> Option<Ix> {
        self.booking_ix.get(id).copied()
    }

    fn by_client<'a>(&'a self, lists: &'a [Vec<Ix>], client_id: &str) -> &'a [Ix] {
        self.client_slot(client_id).and_then(|c| lists.get(c)).map_or(&[], Vec::as_slice)
    }

    pub fn client_memberships(&self, client_id: &str) -> impl Iterator<Item = &Membership> {
        self.by_client(&self.memberships_by_client, client_id).iter().filter_map(|&i| self.memberships.get(i as usize))
    }

    /// The membership holding the hold with this id.
    pub fn hold_membership(&self, id: &str) -> Option<Ix> {
        self.hold_ix.get(id).copied()
    }

    /// Replaces membership `n`, keeping the hold index right.
    fn set_membership(&mut self, n: usize, m: Membership) {
        if let Some(old) = self.memberships.get(n) {
            for h in &old.holds {
                self.hold_ix.remove(&h.id);
            }
        }
        for h in &m.holds {
            self.hold_ix.entry(h.id.clone()).or_insert(ix(n));
        }
        if let Some(slot) = self.memberships.get_mut(n) {
            *slot = m;
        }
    }

    pub fn membership_ix(&self, id: &str) -> Option<Ix> {
        self.membership_ix.get(id).copied()
    }

    pub fn client_membership_ixs(&self, client_id: &str) -> &[Ix] {
        self.by_client(&self.memberships_by_client, client_id)
    }

    pub fn client_credit_ixs(&self, client_id: &str) -> &[Ix] {
        self.by_client(&self.credits_by_client, client_id)
    }

    pub fn client_booking_ixs(&self, client_id: &str) -> &[Ix] {
        self.by_client(&self.bookings_by_client, client_id)
    }

    /// Moves a draft's changes in.
    pub fn commit(&mut self, changes: Changes) {
        // A command changes a membership's holds and dates, never its client.
        for (n, m) in changes.memberships_changed {
            self.set_membership(n as usize, m);
        }
        for (n, credit) in changes.credits_changed {
            self.set_credit(n, credit);
        }
        for credit in changes.credits_added {
            let n = ix(self.credits.len());
            if let Some(list) = self.client_slot(&credit.client_id).and_then(|c| self.credits_by_client.get_mut(c)) {
                list.push(n);
            }
            if let Some(b) = &credit.booking_id {
                self.credits_naming.entry(b.clone()).or_default().push(n);
            }
            self.credit_ix.insert(credit.id.clone(), n);
            self.credits.push(credit);
        }
        for (n, booking) in changes.bookings_changed {
            if booking.is_none() {
                if let Some(Some(old)) = self.bookings.get(n as usize) {
                    self.booking_ix.remove(&old.id);
                }
            }
            if let Some(slot) = self.bookings.get_mut(n as usize) {
                *slot = booking;
            }
        }
        for booking in changes.bookings_added {
            let n = ix(self.bookings.len());
            if let Some(list) = self.client_slot(&booking.client_id).and_then(|c| self.bookings_by_client.get_mut(c)) {
                list.push(n);
            }
            self.booking_ix.insert(booking.id.clone(), n);
            self.bookings.push(Some(booking));
        }
    }

    /// Replaces credit `n`, keeping the indexes by client and by named booking right.
    fn set_credit(&mut self, n: Ix, credit: Credit) {
        let Some(old) = self.credits.get(n as usize) else { return };
        if old.client_id != credit.client_id {
            let from = old.client_id.clone();
            move_in(&mut self.credits_by_client, &self.client_ix, n, &from, &credit.client_id);
        }
        if let Some(old) = self.credits.get(n as usize).filter(|old| old.booking_id != credit.booking_id) {
            if let Some(b) = old.booking_id.clone() {
                if let Some(list) = self.credits_naming.get_mut(&b) {
                    if let Ok(at) = list.binary_search(&n) {
                        list.remove(at);
                    }
                    if list.is_empty() {
                        self.credits_naming.remove(&b);
                    }
                }
            }
            if let Some(b) = &credit.booking_id {
                let list = self.credits_naming.entry(b.clone()).or_default();
                if let Err(at) = list.binary_search(&n) {
                    list.insert(at, n);
                }
            }
        }
        if let Some(slot) = self.credits.get_mut(n as usize) {
            *slot = credit;
        }
    }

    /// The credits whose `bookingId` names this booking, in snapshot order.
    pub fn credits_naming(&self, booking_id: &str) -> &[Ix] {
        self.credits_naming.get(booking_id).map_or(&[], Vec::as_slice)
    }

    /// Brings a checked patch in, in place: records replaced by id (indexes by client moved when
    /// the client changed) or appended, and bookings removed. Cost: the size of the patch.
    pub fn patch_in_place(&mut self, incoming: Snapshot, removed_bookings: &[Id]) {
        let Snapshot { session_types, clients, memberships, credits, bookings } = incoming;
        for t in session_types {
            match self.type_ix.get(&t.id).map(|&n| n as usize) {
                Some(n) => {
                    if let Some(slot) = self.session_types.get_mut(n) {
                        *slot = t;
                    }
                }
                None => {
                    self.type_ix.insert(t.id.clone(), ix(self.session_types.len()));
                    self.session_types.push(t);
                }
            }
        }
        for c in clients {
            match self.client_slot(&c.id) {
                Some(n) => {
                    if let Some(slot) = self.clients.get_mut(n) {
                        *slot = c;
                    }
                }
                None => {
                    self.client_ix.insert(c.id.clone(), ix(self.clients.len()));
                    self.clients.push(c);
                    self.memberships_by_client.push(Vec::new());
                    self.credits_by_client.push(Vec::new());
                    self.bookings_by_client.push(Vec::new());
                }
            }
        }
        for m in memberships {
            let n = match self.membership_ix.get(&m.id).map(|&n| n as usize) {
                Some(n) => {
                    let from = self.memberships.get(n).map(|old| old.client_id.clone());
                    if let Some(from) = from.filter(|f| *f != m.client_id) {
                        move_in(&mut self.memberships_by_client, &self.client_ix, ix(n), &from, &m.client_id);
                    }
                    self.set_membership(n, m);
                    continue;
                }
                None => ix(self.memberships.len()),
            };
            self.membership_ix.insert(m.id.clone(), n);
            if let Some(list) = self.client_slot(&m.client_id).and_then(|c| self.memberships_by_client.get_mut(c)) {
                list.push(n);
            }
            for h in &m.holds {
                self.hold_ix.entry(h.id.clone()).or_insert(n);
            }
            self.memberships.push(m);
        }
        for c in credits {
            match self.credit_ix(&c.id) {
                Some(n) => self.set_credit(n, c),
                None => self.commit(Changes { credits_added: vec![c], ..Changes::default() }),
            }
        }
        for id in removed_bookings {
            if let Some(n) = self.booking_ix.remove(id) {
                if let Some(slot) = self.bookings.get_mut(n as usize) {
                    *slot = None;
                }
            }
        }
        for b in bookings {
            match self.booking_ix(&b.id) {
                Some(n) => {
                    let from = self.bookings.get(n as usize).and_then(Option::as_ref).map(|old| old.client_id.clone());
                    if let Some(from) = from.filter(|f| *f != b.client_id) {
                        move_in(&mut self.bookings_by_client, &self.client_ix, n, &from, &b.client_id);
                    }
                    if let Some(slot) = self.bookings.get_mut(n as usize) {
                        *slot = Some(b);
                    }
                }
                None => self.commit(Changes { bookings_added: vec![b], ..Changes::default() }),
            }
        }
    }

    pub fn to_snapshot(&self) -> Snapshot {
        Snapshot {
            session_types: self.session_types.clone(),
            clients: self.clients.clone(),
            memberships: self.memberships.clone(),
            credits: self.credits.clone(),
            bookings: self.bookings.iter().flatten().cloned().collect(),
        }
    }
}
