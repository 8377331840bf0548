//! Which credit pays for a booking, and what happens to it when plans change [AF]. Shared by the
//! booking commands.
use super::Cx;
use super::{unavailable, unknown_credit, wrong_client, EntryDetails};
use crate::answer::LedgerKind;
use crate::input::{Obj, Reader};
use crate::issue::{Code, Issue};
use crate::model::{Booking, BookingStatus, Credit, CreditStatus, Id, Source};
use crate::policy::Permission;
use crate::policy::{OrderKey, Policy};
use crate::state::Ix;
use crate::time::{self, Time};
use std::cmp::Ordering;

/// Can `c` pay for a session at `starts_at`? Available, and unexpired both now and then.
pub fn usable(c: &Credit, now: Time, starts_at: Time) -> bool {
    c.usable_at(now) && !c.expired_at(starts_at)
}

/// The policy's consumption order between two credits; ties end on id, ascending.
pub fn compare(a: &Credit, b: &Credit, order: &[OrderKey]) -> Ordering {
    for key in order {
        let o = match key {
            // Credits that never expire go last.
            OrderKey::SoonestExpiry => match (a.expires_at, b.expires_at) {
                (Some(x), Some(y)) => x.cmp(&y),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            },
            OrderKey::OldestGrant => a.granted_at.cmp(&b.granted_at),
            OrderKey::NewestGrant => b.granted_at.cmp(&a.granted_at),
            OrderKey::ManualFirst => (a.source != Source::Manual).cmp(&(b.source != Source::Manual)),
        };
        if o != Ordering::Equal {
            return o;
        }
    }
    a.id.cmp(&b.id)
}

/// The credit `"auto"` picks: the booking's own type first, then all substitutes together, each
/// in the policy's consumption order.
pub fn choose(cx: &Cx, client_id: &str, booking_type: &str, starts_at: Time) -> Option<Ix> {
    choose_among(cx, client_id, booking_type, (cx.now, starts_at), |_| true)
}

/// The credit `"auto"` would pick among those `allowed` lets through (autopay: the fresh ones).
pub fn choose_among(
    cx: &Cx,
    client_id: &str,
    booking_type: &str,
    (now, starts_at): (Time, Time),
    allowed: impl Fn(Ix) -> bool,
) -> Option<Ix> {
    let policy: &Policy = cx.policy;
    let best = |own: bool| {
        cx.draft
            .client_credits(client_id)
            .filter(|(k, c)| allowed(*k) && usable(c, now, starts_at))
            .filter(|(_, c)| {
                if own {
                    &*c.session_type_id == booking_type
                } else {
                    &*c.session_type_id != booking_type && policy.pays_for(&c.session_type_id, booking_type)
                }
            })
            .min_by(|(_, a), (_, b)| compare(a, b, &policy.consumption_order))
            .map(|(k, _)| k)
    };
    best(true).or_else(|| best(false))
}

/// Checks a credit named to pay for a booking of `booking_type` at `starts_at`.
pub fn check_named(
    cx: &Cx,
    credit_id: &str,
    client_id: &str,
    booking_type: &str,
    starts_at: Time,
    path: &str,
) -> Result<Ix, Issue> {
    check_named_at(cx, credit_id, (client_id, booking_type), (cx.now, starts_at), path)
}

/// The same, usable at `now` (for a visit already attended, its start) and at `starts_at`.
fn check_named_at(
    cx: &Cx,
    credit_id: &str,
    (client_id, booking_type): (&str, &str),
    (now, starts_at): (Time, Time),
    path: &str,
) -> Result<Ix, Issue> {
    let k = cx.draft.find_credit(credit_id).ok_or_else(|| unknown_credit(credit_id, path))?;
    let credit = cx.draft.credit(k).ok_or_else(|| unknown_credit(credit_id, path))?;
    if &*credit.client_id != client_id {
        return Err(wrong_client(credit, path));
    }
    if let Some(issue) = unavailable(credit, now, path) {
        return Err(issue);
    }
    if credit.expired_at(starts_at) {
        let when = credit.expires_at.map(|e| time::describe_expiry(e, cx.tz())).unwrap_or_default();
        return Err(Issue::new(
            Code::CreditExpired,
            path,
            format!("Credit {credit_id} expires after {when}, before the session starts."),
        )
        .with("creditId", credit_id));
    }
    if !cx.policy.pays_for(&credit.session_type_id, booking_type) {
        return Err(Issue::new(
            Code::SessionTypeMismatch,
            path,
            format!(
                "Credit {credit_id} is a {} credit and cannot pay for {}.",
                cx.type_name(&credit.session_type_id),
                cx.type_name(booking_type)
            ),
        )
        .with("creditId", credit_id)
        .with("sessionTypeId", booking_type));
    }
    Ok(k)
}

/// The credit that pays an unpaid booking: the one named, else the one `"auto"` picks
/// (`insufficient_credits` at `creditId` when there is none). A visit already attended needs a
/// credit usable at its start only.
pub fn payment(cx: &Cx, b: &Booking, named: Option<&str>) -> Result<Ix, Issue> {
    let now = if b.status == BookingStatus::Attended { b.starts_at } else { cx.now };
    match named {
        Some(id) => check_named_at(cx, id, (&b.client_id, &b.session_type_id), (now, b.starts_at), "creditId"),
        None => choose_among(cx, &b.client_id, &b.session_type_id, (now, b.starts_at), |_| true).ok_or_else(|| {
            Issue::new(
                Code::InsufficientCredits,
                "creditId",
                format!(
                    "{} has no usable {} credit for this session.",
                    cx.client_name(&b.client_id),
                    cx.type_name(&b.session_type_id)
                ),
            )
            .with("available", 0u64)
        }),
    }
}

/// A booking that already has its credit cannot be paid again.
pub fn already_paid(b: &Booking, credit_id: &str, path: &str) -> Issue {
    Issue::new(
        Code::AlreadyPaid,
        path,
        format!(
            "Booking {} is already paid with credit {credit_id}. An assigned credit cannot be swapped directly: cancel and forgive the booking (or delete it), then rebook and attach the credit you want.",
            b.id
        ),
    )
    .with("bookingId", &*b.id)
    .with("creditId", credit_id)
}

/// Is cancelling now late? Less than the window before the start, or after it.
pub fn is_late(policy: &Policy, now: Time, starts_at: Time) -> bool {
    let window = i64::try_from(policy.late_cancel_window_minutes.saturating_mul(60)).unwrap_or(i64::MAX);
    starts_at.0.saturating_sub(now.0) < window
}

/// "Aaron Diaz's Personal Training 60 on Wed 25 Nov 20:00".
pub fn describe(cx: &Cx, b: &Booking) -> String {
    format!(
        "{}'s {} on {}",
        cx.client_name(&b.client_id),
        cx.type_name(&b.session_type_id),
        time::describe_time(b.starts_at, cx.tz())
    )
}

/// The booking kinds of ledger entry cover one credit each.
fn record(cx: &mut Cx, kind: LedgerKind, credit: Ix, booking_id: &Id) {
    let Some(c) = cx.draft.credit(credit) else { return };
    let owner = (c.client_id.clone(), c.session_type_id.clone());
    let ids = vec![c.id.clone()];
    cx.record(kind, owner, ids, EntryDetails { booking_id: Some(booking_id.clone()), ..EntryDetails::default() });
}

/// Attaches a credit to a booking; ledger `assign`.
pub fn assign(cx: &mut Cx, credit: Ix, booking: Ix) {
    let Some(booking_id) = cx.draft.booking(booking).map(|b| b.id.clone()) else {
        return;
    };
    let Some(credit_id) = cx.draft.credit(credit).map(|c| c.id.clone()) else {
        return;
    };
    cx.draft.update_credit(credit, |c| {
        c.status = CreditStatus::Assigned;
        c.booking_id = Some(booking_id.clone());
    });
    cx.draft.update_booking(booking, |b| b.credit_id = Some(credit_id));
    record(cx, LedgerKind::Assign, credit, &booking_id);
}

/// Would the credit come back already expired? (For the `returned_credit_expired` warning.)
pub fn returns_expired(cx: &Cx, credit: Ix) -> bool {
    cx.draft.credit(credit).is_some_and(|c| c.expired_at(cx.now))
}

pub fn returned_expired_warning(cx: &Cx, credit: Ix, path: &str) -> Issue {
    let id = cx.draft.credit(credit).map(|c| c.id.to_string()).unwrap_or_default();
    Issue::new(
        Code::ReturnedCreditExpired,
        path,
        format!("Credit {id} comes back to the client, but it has expired in the meantime."),
    )
    .with("creditId", id)
}

/// Returns a booking's credit to the client: both links cleared, and expired if its date has passed.
/// An unexpired one is fresh for autopay.
pub fn release(cx: &mut Cx, credit: Ix, booking: Ix) {
    let Some(booking_id) = cx.draft.booking(booking).map(|b| b.id.clone()) else {
        return;
    };
    let now = cx.now;
    cx.draft.update_credit(credit, |c| {
        c.status = if c.expired_at(now) { CreditStatus::Expired } else { CreditStatus::Available };
        c.booking_id = None;
    });
    if cx.draft.credit(credit).is_some_and(|c| c.status == CreditStatus::Available) {
        cx.draft.fresh.push(credit);
    }
    cx.draft.update_booking(booking, |b| b.credit_id = None);
    record(cx, LedgerKind::Release, credit, &booking_id);
}

/// A late cancellation or a no-show keeps the credit: forfeited, still linked to the booking.
pub fn forfeit(cx: &mut Cx, credit: Ix, booking: Ix) {
    settle(cx, credit, booking, CreditStatus::Forfeited, LedgerKind::Forfeit);
}

/// The client attended: the credit is used, still linked to the booking.
pub fn use_credit(cx: &mut Cx, credit: Ix, booking: Ix) {
    settle(cx, credit, booking, CreditStatus::Used, LedgerKind::Use);
}

/// An undone check-in or no-show: the credit is assigned to its booking again.
pub fn revert(cx: &mut Cx, credit: Ix, booking: Ix) {
    settle(cx, credit, booking, CreditStatus::Assigned, LedgerKind::Revert);
}

/// Gives a booking's linked credit its new status, with the booking kind of ledger entry.
fn settle(cx: &mut Cx, credit: Ix, booking: Ix, status: CreditStatus, kind: LedgerKind) {
    let Some(booking_id) = cx.draft.booking(booking).map(|b| b.id.clone()) else {
        return;
    };
    cx.draft.update_credit(credit, |c| c.status = status);
    record(cx, kind, credit, &booking_id);
}

/// Settles the credit of a booking that ends without the visit (a cancellation, a no-show): the
/// credit paying it is forfeited when `forfeits`, else it returns; an unpaid booking is charged its
/// `penalty` credit, if any, which is forfeited. Returns what happened, for the step.
pub fn settle_unattended(cx: &mut Cx, n: Ix, paid_by: Option<Ix>, penalty: Option<Ix>, forfeits: bool) -> Settled {
    let id = |cx: &Cx, k: Ix| cx.draft.credit(k).map(|c| c.id.to_string()).unwrap_or_default();
    match (paid_by, penalty) {
        (Some(k), _) if forfeits => {
            forfeit(cx, k, n);
            Settled::Forfeited(format!("credit {} is forfeited", id(cx, k)))
        }
        (Some(k), _) => {
            let expired = returns_expired(cx, k);
            let credit = id(cx, k);
            release(cx, k, n);
            Settled::Returned(if expired {
                format!("credit {credit} returns but has expired")
            } else {
                format!("credit {credit} returns")
            })
        }
        (None, Some(k)) if forfeits => {
            assign(cx, k, n);
            forfeit(cx, k, n);
            Settled::Forfeited(format!("the unpaid booking is charged credit {}, which is forfeited", id(cx, k)))
        }
        _ => Settled::Nothing,
    }
}

/// What [`settle_unattended`] did.
pub enum Settled {
    Forfeited(String),
    Returned(String),
    Nothing,
}

/// The penalty of an unpaid booking skipped late or not attended: the credit `"auto"` would take,
/// when the policy charges unpaid penalties.
pub fn penalty_credit(cx: &Cx, b: &Booking) -> Option<Ix> {
    if !cx.policy.charge_unpaid_penalties || !b.unpaid() {
        return None;
    }
    choose(cx, &b.client_id, &b.session_type_id, b.starts_at)
}

/// Reads `{ bookingId, forgive? }` (cancelBooking, markNoShow): `bookings.manage`, and
/// `bookings.forgive` when forgiving.
pub fn read_forgivable<'a>(cx: &mut Cx, cmd: &'a Obj, fields: &[&str]) -> (Option<&'a str>, bool) {
    cx.permit(Permission::BookingsManage);
    let (booking_id, forgive) = {
        let mut r = Reader::new(cmd, "", &mut cx.issues);
        r.unknown_fields(fields);
        (r.id("bookingId"), r.bool("forgive").unwrap_or(false))
    };
    if forgive {
        cx.permit(Permission::BookingsForgive);
    }
    (booking_id, forgive)
}

/// The booking a command names: known, and for most commands `booked`.
pub fn find_booking(cx: &mut Cx, id: &str, path: &str) -> Option<Ix> {
    let found = cx.draft.find_booking(id);
    if found.is_none() {
        cx.issues.error(super::unknown_booking(id, path));
    }
    found
}

/// The booking a command acts on: known and `booked`; `what` it cannot be otherwise ("cancelled").
pub fn booked(cx: &mut Cx, id: Option<&str>, what: &str) -> Option<(Ix, Booking)> {
    let n = find_booking(cx, id?, "bookingId")?;
    let booking = cx.draft.booking(n)?.clone();
    if booking.status != BookingStatus::Booked {
        cx.issues.error(not_active(&booking, "bookingId", what));
        return None;
    }
    Some((n, booking))
}

pub fn not_active(b: &Booking, path: &str, what: &str) -> Issue {
    let status = serde_json::to_value(b.status).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
    Issue::new(Code::BookingNotActive, path, format!("Booking {} is {status}, so it cannot be {what}.", b.id))
        .with("bookingId", &*b.id)
        .with("status", status)
}
