//! holdMembership — pause a membership: bookings in the hold are refused or cancelled forgiven, and
//! its credits' expiry and its end date move out by the hold's length.
use super::{booking_rules, cancel_booking, holds, Cx};
use crate::answer::LedgerKind;
use crate::forms::inputs::HoldMembership;
use crate::input::invalid;
use crate::issue::{Code, Issue};
use crate::model::{BookingStatus, Hold, Id, MembershipStatus};
use crate::policy::Permission;
use crate::state::Ix;
use crate::time::{self, Date};

/// The longest hold, in days.
const MAX_HOLD_DAYS: u64 = 365;

pub fn run(cx: &mut Cx, input: HoldMembership) {
    let issues = &mut cx.issues;
    let membership_id = input.membership_id.read(issues);
    let starts_on = input.starts_on.read(issues);
    let ends_on = input.ends_on.read(issues);
    let reason = input.reason.read(issues, cx.policy);
    let hold_id = input.hold_id.read(issues);
    let cancel_bookings = input.cancel_bookings.read(issues).unwrap_or(false);
    if cancel_bookings {
        cx.permit(Permission::BookingsForgive);
    }
    let membership = membership_id.and_then(|id| holds::find_membership(cx, id));
    if let Some((_, m)) = &membership {
        let ended = m.ends_at.is_some_and(|e| e <= cx.now);
        if !matches!(m.status, MembershipStatus::Active | MembershipStatus::Frozen) || ended {
            let issue = Issue::new(
                Code::MembershipNotActive,
                "membershipId",
                format!("Membership {} is not active, so it cannot be put on hold.", m.id),
            );
            cx.issues.error(issue.with("membershipId", &*m.id));
        }
    }
    if let Some(id) = hold_id {
        if cx.draft.hold_exists(id) {
            let issue = Issue::new(Code::Duplicate, "holdId", format!("A hold with the id {id} already exists."));
            cx.issues.error(issue.with("id", id));
        }
    }
    let (Some((n, m)), Some(starts_on), Some(ends_on)) = (membership, starts_on, ends_on) else { return };
    if !dates_fit(cx, &m, starts_on, ends_on) {
        return;
    }
    let hold_id: Id = hold_id.map_or_else(|| cx.draft.new_id(), Id::from);
    let hold = Hold { id: hold_id.clone(), starts_on, ends_on, credit_ids: Vec::new(), extended_ends_at: false };
    let days = hold.days();
    let in_hold = bookings_in_hold(cx, &m, &hold);
    if !cancel_bookings {
        for (_, b) in &in_hold {
            let issue = Issue::new(
                Code::BookingInHold,
                "",
                format!(
                    "{} falls inside the hold: cancel it first, or let the hold cancel it (forgiven).",
                    booking_rules::describe(cx, b)
                ),
            );
            cx.issues.error(issue.with("bookingId", &*b.id));
        }
    }
    if cx.issues.has_errors() {
        return;
    }
    let first_entry = cx.draft.ledger.len();
    for (b, booking) in &in_hold {
        let credits = booking_rules::credits_of(cx, booking);
        booking_rules::warn_returned_expired(cx, &credits);
        cancel_booking::cancel(cx, *b, &credits, booking_rules::is_late(cx.policy, cx.now, booking.starts_at), true);
    }
    // Credits expiring after the hold starts move out by its length (returned ones included).
    let tz = cx.tz();
    let Some(from) = starts_on.midnight(tz) else { return };
    let extended: Vec<Ix> = holds::live_credits(cx, &m)
        .into_iter()
        .filter(|&k| cx.draft.credit(k).and_then(|c| c.expires_at).is_some_and(|e| e > from))
        .collect();
    for &k in &extended {
        cx.draft.update_credit(k, |c| c.expires_at = c.expires_at.and_then(|e| time::add_days(e, days, tz)));
    }
    let new_end = m.ends_at.filter(|&e| e > from).and_then(|e| time::add_days(e, days, tz));
    let credit_ids: Vec<Id> = extended.iter().filter_map(|&k| cx.draft.credit(k).map(|c| c.id.clone())).collect();
    let count = credit_ids.len();
    cx.draft.update_membership(n, |m| {
        if new_end.is_some() {
            m.ends_at = new_end;
        }
        m.holds.push(Hold { credit_ids, extended_ends_at: new_end.is_some(), ..hold });
    });
    holds::record(cx, LedgerKind::Hold, &extended, &hold_id, reason.as_deref());
    // A hold never pays unpaid bookings with the credits its cancellations return.
    cx.draft.fresh.clear();
    if let Some(reason) = &reason {
        // The reason stands on every entry the command writes, the cancellations' too.
        for entry in cx.draft.ledger.iter_mut().skip(first_entry) {
            entry.reason.get_or_insert_with(|| reason.clone());
        }
    }
    cx.step(|cx| {
        let moved = match new_end {
            Some(e) => format!(" Its end moves to {}.", time::describe_expiry(e, cx.tz())),
            None => String::new(),
        };
        format!(
            "Hold {}'s membership {} from {} to {} ({days} day{}): {count} credit{} extended.{moved}",
            cx.client_name(&m.client_id),
            m.id,
            starts_on.describe(),
            ends_on.describe(),
            if days == 1 { "" } else { "s" },
            if count == 1 { "" } else { "s" },
        )
    });
}

/// The hold's dates: in order, at most a year, not before today, clear of the membership's holds.
fn dates_fit(cx: &mut Cx, m: &crate::model::Membership, starts_on: Date, ends_on: Date) -> bool {
    if ends_on < starts_on {
        cx.issues.error(invalid("endsOn".into(), "a date on or after startsOn"));
        return false;
    }
    let probe = Hold { id: Id::from(""), starts_on, ends_on, credit_ids: Vec::new(), extended_ends_at: false };
    let days = probe.days();
    let mut ok = true;
    if days > MAX_HOLD_DAYS {
        let issue = Issue::new(
            Code::InvalidInput,
            "endsOn",
            format!("A hold lasts at most {MAX_HOLD_DAYS} days; this one lasts {days}."),
        );
        cx.issues.error(issue.with("max", MAX_HOLD_DAYS).with("days", days));
        ok = false;
    }
    if time::local_date(cx.now, cx.tz()).is_some_and(|today| starts_on < today) {
        let issue = Issue::new(Code::DateInPast, "startsOn", "A hold cannot start before today.");
        cx.issues.error(issue.with("startsOn", starts_on.format()));
        ok = false;
    }
    if let Some(other) = m.holds.iter().find(|h| h.overlaps(&probe)) {
        let issue = Issue::new(
            Code::HoldOverlaps,
            "startsOn",
            format!(
                "This hold overlaps hold {} ({} to {}).",
                other.id,
                other.starts_on.describe(),
                other.ends_on.describe()
            ),
        );
        cx.issues.error(issue.with("holdId", &*other.id));
        ok = false;
    }
    ok
}

/// The client's booked bookings paid by credits of this membership that start inside the hold,
/// by start, then id.
fn bookings_in_hold(cx: &Cx, m: &crate::model::Membership, hold: &Hold) -> Vec<(Ix, crate::model::Booking)> {
    let tz = cx.tz();
    let mut found: Vec<(Ix, crate::model::Booking)> = cx
        .draft
        .client_bookings(&m.client_id)
        .filter(|(_, b)| b.status == BookingStatus::Booked && b.paid())
        .filter(|(_, b)| time::local_date(b.starts_at, tz).is_some_and(|d| hold.covers(d)))
        .filter(|(_, b)| {
            b.credit_ids.iter().any(|k| {
                cx.draft
                    .find_credit(k)
                    .and_then(|k| cx.draft.credit(k))
                    .is_some_and(|c| c.membership_id.as_ref() == Some(&m.id))
            })
        })
        .map(|(n, b)| (n, b.clone()))
        .collect();
    found.sort_by(|(_, a), (_, b)| (a.starts_at, &a.id).cmp(&(b.starts_at, &b.id)));
    found
}
