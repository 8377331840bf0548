//! References and consistency over a whole snapshot: unique ids, every reference resolves, and a
//! credit is assigned exactly when a booked booking points at it and back.
use super::*;

fn duplicates<T>(items: &[T], key: &str, id: impl Fn(&T) -> &Id, issues: &mut Sink) -> HashMap<Id, usize> {
    let mut seen: HashMap<Id, usize> = HashMap::with_capacity_and_hasher(items.len(), Default::default());
    for (n, item) in items.iter().enumerate() {
        let ident = id(item);
        if let Some(first) = seen.get(ident) {
            let issue =
                Issue::new(Code::Duplicate, join(&at(key, n), "id"), format!("The id {ident} is used twice in {key}."));
            issues.error(issue.with("id", ident.to_string()).with("first", *first));
        } else {
            seen.insert(ident.clone(), n);
        }
    }
    seen
}

/// Points `slot` at the shared copy of the id it names (so a million credits hold a few thousand
/// client and type ids), or reports it with `code` at the path `at` makes (only then made).
fn resolve(
    slot: &mut Id,
    known: &HashMap<Id, usize>,
    code: Code,
    at: impl FnOnce() -> String,
    issues: &mut Sink,
) -> Option<usize> {
    match known.get_key_value(slot.as_ref()) {
        Some((shared, &n)) => {
            if !Arc::ptr_eq(shared, slot) {
                *slot = shared.clone();
            }
            Some(n)
        }
        None => {
            issues.error(Issue::unknown(code, at(), slot));
            None
        }
    }
}

const CLIENT: Code = Code::UnknownClient;
const SESSION_TYPE: Code = Code::UnknownSessionType;
const MEMBERSHIP: Code = Code::UnknownMembership;

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

fn inconsistent(path: String, message: String) -> Issue {
    Issue::new(Code::Inconsistent, path, message)
}

pub(super) fn check_references(s: &mut Snapshot, issues: &mut Sink) {
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

    // Which booked booking lists each credit (the first that does).
    let mut listed_by: HashMap<&str, usize> = HashMap::default();
    for (n, b) in s.bookings.iter().enumerate() {
        if b.status != BookingStatus::Booked {
            continue;
        }
        for (i, kid) in b.credit_ids.iter().enumerate() {
            if listed_by.contains_key(kid.as_ref()) {
                let issue = Issue::new(
                    Code::Inconsistent,
                    credit_path(&at("bookings", n), b, i),
                    format!("Credit {kid} pays for more than one booking, or is listed twice."),
                );
                issues.error(issue.with("creditId", kid.to_string()));
            } else {
                listed_by.insert(kid.as_ref(), n);
            }
        }
    }
    let booking_view: Vec<(Id, BookingStatus, Id)> =
        s.bookings.iter().map(|b| (b.id.clone(), b.status, b.client_id.clone())).collect();
    let credit_view: Vec<(CreditStatus, Option<Id>, Id)> =
        s.credits.iter().map(|c| (c.status, c.booking_id.clone(), c.client_id.clone())).collect();

    for (n, c) in s.credits.iter_mut().enumerate() {
        let path = || at("credits", n);
        resolve_owner(&path, (&mut c.client_id, &mut c.session_type_id), (&clients, &types), issues);
        if let Some(mid) = c.membership_id.as_mut() {
            let found = resolve(mid, &memberships, MEMBERSHIP, || join(&path(), "membershipId"), issues);
            if let Some(owner) = found.and_then(|i| membership_clients.get(i)) {
                if **owner != *c.client_id {
                    let message = format!("Membership {mid} belongs to another client.");
                    let issue = Issue::new(Code::MembershipMismatch, join(&path(), "membershipId"), message);
                    issues.error(issue.with("membershipId", mid.to_string()));
                }
            }
        }
        let linked = match c.booking_id.as_ref() {
            None => None,
            Some(bid) => match bookings.get(bid.as_ref()).and_then(|&i| booking_view.get(i).map(|b| (i, b))) {
                None => {
                    issues.error(Issue::unknown(Code::UnknownBooking, join(&path(), "bookingId"), bid));
                    continue;
                }
                Some(b) => Some(b),
            },
        };
        match (c.status, linked) {
            (CreditStatus::Assigned, Some((i, (bid, _, _)))) if listed_by.get(c.id.as_ref()) != Some(&i) => {
                issues.error(inconsistent(
                    path(),
                    format!("Credit {} is assigned to booking {bid}, but that booking is not booked with it.", c.id),
                ));
            }
            (CreditStatus::Assigned, None) => {
                issues.error(inconsistent(path(), format!("Credit {} is assigned but names no booking.", c.id)));
            }
            // A used or forfeited credit stays with its visit, of the same client. Other credits
            // may still name a booking (exports keep the link after a change): nothing more is asked.
            (CreditStatus::Assigned | CreditStatus::Used | CreditStatus::Forfeited, Some((_, (bid, _, bclient))))
                if *bclient != c.client_id =>
            {
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
        for (i, kid) in b.credit_ids.iter().enumerate() {
            let Some((status, back, owner)) = credits.get(kid.as_ref()).and_then(|&k| credit_view.get(k)) else {
                issues.error(Issue::unknown(Code::UnknownCredit, credit_path(&path(), b, i), kid));
                continue;
            };
            if b.status != BookingStatus::Booked {
                if *owner != b.client_id {
                    issues.error(inconsistent(
                        credit_path(&path(), b, i),
                        format!("Booking {} names credit {kid}, which belongs to another client.", b.id),
                    ));
                }
                continue;
            }
            if *status != CreditStatus::Assigned || back.as_deref() != Some(&*b.id) {
                issues.error(inconsistent(
                    path(),
                    format!("Booking {} is paid with credit {kid}, but that credit is not assigned to it.", b.id),
                ));
            }
        }
    }

    check_memberships(s, &types, &credits, issues);
}

/// Where a problem with a booking's `i`th credit stands: `creditId` for a booking paid by one
/// credit (as revision 1 wrote it), else `creditIds.<i>`.
pub(crate) fn credit_path(booking_path: &str, b: &Booking, i: usize) -> String {
    if b.credit_ids.len() == 1 {
        join(booking_path, "creditId")
    } else {
        at(&join(booking_path, "creditIds"), i)
    }
}

/// Usage limits name known session types; hold ids are unique in the studio and name credits.
fn check_memberships(s: &mut Snapshot, types: &HashMap<Id, usize>, credits: &HashMap<Id, usize>, issues: &mut Sink) {
    let mut hold_ids: HashSet<Id> = HashSet::default();
    for (n, m) in s.memberships.iter_mut().enumerate() {
        let path = at("memberships", n);
        for (j, limit) in m.usage_limits.iter_mut().enumerate() {
            let limit_path = at(&join(&path, "usageLimits"), j);
            for (i, t) in limit.session_type_ids.iter_mut().enumerate() {
                resolve(t, types, SESSION_TYPE, || at(&join(&limit_path, "sessionTypeIds"), i), issues);
            }
        }
        for (j, hold) in m.holds.iter().enumerate() {
            let hold_path = at(&join(&path, "holds"), j);
            if !hold_ids.insert(hold.id.clone()) {
                let issue = Issue::new(
                    Code::Duplicate,
                    join(&hold_path, "id"),
                    format!("The hold id {} is used twice in the studio.", hold.id),
                );
                issues.error(issue.with("id", hold.id.to_string()));
            }
            for (i, kid) in hold.credit_ids.iter().enumerate() {
                if !credits.contains_key(kid.as_ref()) {
                    issues.error(Issue::unknown(Code::UnknownCredit, at(&join(&hold_path, "creditIds"), i), kid));
                }
            }
        }
    }
}
