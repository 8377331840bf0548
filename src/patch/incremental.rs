//! The snapshot rules, checked on what a patch touches only: each record of the changes against
//! the state as the patch leaves it, and the records of the state that point at a changed or
//! removed one (found through the indexes by client). Cost: the size of the changes and of the
//! clients they touch, never the studio's.
use crate::issue::{at, join, Code, Issue, Issues};
use crate::model::{Booking, BookingStatus, Credit, CreditStatus, Id, Membership, Snapshot};
use crate::state::State;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

/// The state as the patch would leave it: its records first, then the state's; removed bookings gone.
struct View<'a> {
    state: &'a State,
    clients: HashSet<&'a str>,
    types: HashSet<&'a str>,
    memberships: HashMap<&'a str, &'a Membership>,
    credits: HashMap<&'a str, &'a Credit>,
    bookings: HashMap<&'a str, &'a Booking>,
    removed: HashSet<&'a str>,
}

impl<'a> View<'a> {
    fn client(&self, id: &str) -> bool {
        self.clients.contains(id) || self.state.client(id).is_some()
    }
    fn session_type(&self, id: &str) -> bool {
        self.types.contains(id) || self.state.session_type(id).is_some()
    }
    fn membership(&self, id: &str) -> Option<&'a Membership> {
        self.memberships.get(id).copied().or_else(|| self.state.membership(id))
    }
    fn credit(&self, id: &str) -> Option<&'a Credit> {
        self.credits.get(id).copied().or_else(|| self.state.credit(id))
    }
    fn booking(&self, id: &str) -> Option<&'a Booking> {
        if self.removed.contains(id) {
            return None;
        }
        self.bookings.get(id).copied().or_else(|| self.state.booking(id))
    }
}

fn inconsistent(path: String, message: String) -> Issue {
    Issue::new(Code::Inconsistent, path, message)
}

/// Checks the records of `incoming` and the removal of `removed` bookings (with their positions in
/// `remove.bookings`) against `state`.
pub fn check(state: &State, incoming: &Snapshot, removed: Option<&HashMap<Id, usize>>) -> Issues {
    let view = View {
        state,
        clients: incoming.clients.iter().map(|c| &*c.id).collect(),
        types: incoming.session_types.iter().map(|t| &*t.id).collect(),
        memberships: incoming.memberships.iter().map(|m| (&*m.id, m)).collect(),
        credits: incoming.credits.iter().map(|c| (&*c.id, c)).collect(),
        bookings: incoming.bookings.iter().map(|b| (&*b.id, b)).collect(),
        removed: removed.into_iter().flat_map(|r| r.keys().map(|k| &**k)).collect(),
    };
    let mut issues = Issues::default();
    for (j, m) in incoming.memberships.iter().enumerate() {
        membership(&view, j, m, &mut issues);
    }
    for (j, c) in incoming.credits.iter().enumerate() {
        credit(&view, j, c, &mut issues);
    }
    for (j, b) in incoming.bookings.iter().enumerate() {
        booking(&view, j, b, &mut issues);
    }
    if let Some(removed) = removed {
        let mut order: Vec<(&Id, &usize)> = removed.iter().collect();
        order.sort_by_key(|(_, k)| **k);
        for (id, k) in order {
            // A credit the patch leaves alone that still names the removed booking, of any client.
            let dangling = state
                .credits_naming(id)
                .iter()
                .filter_map(|&n| state.credits.get(n as usize))
                .any(|c| !view.credits.contains_key(&*c.id));
            if dangling {
                issues.error(Issue::unknown(Code::UnknownBooking, at("remove.bookings", *k), id));
            }
        }
    }
    issues
}

fn membership(view: &View, j: usize, m: &Membership, issues: &mut Issues) {
    let path = at("memberships", j);
    if !view.client(&m.client_id) {
        issues.error(Issue::unknown(Code::UnknownClient, join(&path, "clientId"), &m.client_id));
    }
    for (k, t) in m.eligible_session_type_ids.iter().enumerate() {
        if !view.session_type(t) {
            issues.error(Issue::unknown(Code::UnknownSessionType, at(&join(&path, "eligibleSessionTypeIds"), k), t));
        }
    }
    for (k, limit) in m.usage_limits.iter().enumerate() {
        for (i, t) in limit.session_type_ids.iter().enumerate() {
            if !view.session_type(t) {
                let limit_path = at(&join(&path, "usageLimits"), k);
                issues.error(Issue::unknown(Code::UnknownSessionType, at(&join(&limit_path, "sessionTypeIds"), i), t));
            }
        }
    }
    for (k, hold) in m.holds.iter().enumerate() {
        let hold_path = at(&join(&path, "holds"), k);
        for (i, kid) in hold.credit_ids.iter().enumerate() {
            if view.credit(kid).is_none() {
                issues.error(Issue::unknown(Code::UnknownCredit, at(&join(&hold_path, "creditIds"), i), kid));
            }
        }
        // A hold id is unique in the studio: the other memberships as the patch leaves them.
        let elsewhere = view
            .memberships
            .values()
            .copied()
            .filter(|o| o.id != m.id)
            .any(|o| o.holds.iter().any(|h| h.id == hold.id))
            || view
                .state
                .memberships
                .iter()
                .filter(|o| o.id != m.id && !view.memberships.contains_key(&*o.id))
                .any(|o| o.holds.iter().any(|h| h.id == hold.id));
        if elsewhere {
            let issue = Issue::new(
                Code::Duplicate,
                join(&hold_path, "id"),
                format!("The hold id {} is used twice in the studio.", hold.id),
            );
            issues.error(issue.with("id", &*hold.id));
        }
    }
    // Credits the patch leaves alone that link to this membership must still be of its client.
    if let Some(old) = view.state.membership(&m.id).filter(|old| old.client_id != m.client_id) {
        let stranded = view
            .state
            .client_credits(&old.client_id)
            .find(|c| c.membership_id.as_ref() == Some(&m.id) && !view.credits.contains_key(&*c.id));
        if let Some(c) = stranded {
            let issue = Issue::new(
                Code::MembershipMismatch,
                join(&path, "clientId"),
                format!("Credit {} of another client links to membership {}.", c.id, m.id),
            );
            issues.error(issue.with("membershipId", &*m.id));
        }
    }
}

fn credit(view: &View, j: usize, c: &Credit, issues: &mut Issues) {
    let path = at("credits", j);
    if !view.client(&c.client_id) {
        issues.error(Issue::unknown(Code::UnknownClient, join(&path, "clientId"), &c.client_id));
    }
    if !view.session_type(&c.session_type_id) {
        issues.error(Issue::unknown(Code::UnknownSessionType, join(&path, "sessionTypeId"), &c.session_type_id));
    }
    if let Some(mid) = &c.membership_id {
        match view.membership(mid) {
            None => issues.error(Issue::unknown(Code::UnknownMembership, join(&path, "membershipId"), mid)),
            Some(m) if m.client_id != c.client_id => {
                let issue = Issue::new(
                    Code::MembershipMismatch,
                    join(&path, "membershipId"),
                    format!("Membership {mid} belongs to another client."),
                );
                issues.error(issue.with("membershipId", &**mid));
            }
            Some(_) => {}
        }
    }
    let linked = match &c.booking_id {
        None => None,
        Some(bid) => match view.booking(bid) {
            None => {
                issues.error(Issue::unknown(Code::UnknownBooking, join(&path, "bookingId"), bid));
                return;
            }
            Some(b) => Some(b),
        },
    };
    match (c.status, linked) {
        (CreditStatus::Assigned, Some(b)) if b.status != BookingStatus::Booked || !b.lists(&c.id) => {
            issues.error(inconsistent(
                path.clone(),
                format!("Credit {} is assigned to booking {}, but that booking is not booked with it.", c.id, b.id),
            ));
        }
        (CreditStatus::Assigned, None) => {
            issues.error(inconsistent(path.clone(), format!("Credit {} is assigned but names no booking.", c.id)));
        }
        // Other credits may still name a booking (exports keep the link): nothing more is asked.
        (CreditStatus::Assigned | CreditStatus::Used | CreditStatus::Forfeited, Some(b))
            if b.client_id != c.client_id =>
        {
            issues.error(inconsistent(
                join(&path, "bookingId"),
                format!("Credit {} and booking {} belong to different clients.", c.id, b.id),
            ));
        }
        _ => {}
    }
    // Bookings the patch leaves alone that name this credit: where the state had it, and where it points now.
    let old_client = view.state.credit(&c.id).map(|old| old.client_id.clone());
    let mut pointing: Vec<&Booking> = Vec::new();
    if let Some(client) = &old_client {
        pointing.extend(view.state.client_bookings(client).filter(|b| b.lists(&c.id)));
    }
    if let Some(b) = linked.filter(|b| b.lists(&c.id)) {
        pointing.push(b);
    }
    for b in pointing {
        if view.bookings.contains_key(&*b.id) || view.removed.contains(&*b.id) {
            continue;
        }
        let fits = if b.status == BookingStatus::Booked {
            c.status == CreditStatus::Assigned && c.booking_id.as_ref() == Some(&b.id)
        } else {
            c.client_id == b.client_id
        };
        if !fits {
            issues.error(inconsistent(
                path.clone(),
                format!("Booking {} names credit {}, which no longer fits it.", b.id, c.id),
            ));
            break;
        }
    }
}

fn booking(view: &View, j: usize, b: &Booking, issues: &mut Issues) {
    let path = at("bookings", j);
    if !view.client(&b.client_id) {
        issues.error(Issue::unknown(Code::UnknownClient, join(&path, "clientId"), &b.client_id));
    }
    if !view.session_type(&b.session_type_id) {
        issues.error(Issue::unknown(Code::UnknownSessionType, join(&path, "sessionTypeId"), &b.session_type_id));
    }
    for (i, kid) in b.credit_ids.iter().enumerate() {
        let at_credit = crate::load::credit_path(&path, b, i);
        if b.credit_ids.iter().take(i).any(|seen| seen == kid) {
            issues.error(inconsistent(at_credit, format!("Credit {kid} is listed twice by booking {}.", b.id)));
            continue;
        }
        match view.credit(kid) {
            None => issues.error(Issue::unknown(Code::UnknownCredit, at_credit, kid)),
            Some(c)
                if b.status == BookingStatus::Booked
                    && (c.status != CreditStatus::Assigned || c.booking_id.as_ref() != Some(&b.id)) =>
            {
                issues.error(inconsistent(
                    path.clone(),
                    format!("Booking {} is paid with credit {kid}, but that credit is not assigned to it.", b.id),
                ));
            }
            Some(c) if b.status != BookingStatus::Booked && c.client_id != b.client_id => {
                issues.error(inconsistent(
                    at_credit,
                    format!("Booking {} names credit {kid}, which belongs to another client.", b.id),
                ));
            }
            Some(_) => {}
        }
    }
    // Credits the patch leaves alone that name this booking.
    let state = view.state;
    for c in state.credits_naming(&b.id).iter().filter_map(|&n| state.credits.get(n as usize)) {
        if view.credits.contains_key(&*c.id) {
            continue;
        }
        let paid_by_it = b.status == BookingStatus::Booked && b.lists(&c.id);
        let fits = match c.status {
            CreditStatus::Assigned => paid_by_it && c.client_id == b.client_id,
            CreditStatus::Available | CreditStatus::Expired | CreditStatus::Removed => true,
            CreditStatus::Used | CreditStatus::Forfeited => c.client_id == b.client_id,
        };
        if !fits {
            issues.error(inconsistent(
                path.clone(),
                format!("Credit {} names booking {}, which no longer fits it.", c.id, b.id),
            ));
            return;
        }
    }
}
