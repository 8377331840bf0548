//! The rules every booking command shares [AF]: the late-cancel window, finding the booking a
//! command acts on, and sentences about bookings. Which credits pay is `paying`; what happens to
//! them when a booking ends is `settling`.
mod paying;
mod settling;

pub use paying::{
    assign, check_named, choose, compare, cost, credits_phrase, hold_on, ids_phrase, named_list, payment, pick,
    read_named, shortfall, usable, Named,
};
pub use settling::{
    at_stake, credits_of, first_id, penalty_credits, release, revert, settle_unattended, use_credits,
    warn_returned_expired, Settled,
};

use super::Cx;
use crate::forms::fields;
use crate::issue::{Code, Issue};
use crate::model::{Booking, BookingStatus};
use crate::policy::{Permission, Policy};
use crate::state::Ix;
use crate::time::{self, Time};

/// A booking that already has its credits cannot be paid again.
pub fn already_paid(b: &Booking, path: &str) -> Issue {
    let paid_with = ids_phrase(&b.credit_ids);
    Issue::new(
        Code::AlreadyPaid,
        path,
        format!(
            "Booking {} is already paid with {paid_with}. An assigned credit cannot be swapped directly: cancel and forgive the booking (or delete it), then rebook and attach the credit you want.",
            b.id
        ),
    )
    .with("bookingId", &*b.id)
    .with("creditId", b.credit_ids.first().map(|k| k.to_string()).unwrap_or_default())
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

/// Reads the booking and whether it is forgiven (cancelBooking, markNoShow): forgiving needs
/// `bookings.forgive`.
pub fn read_forgivable<'a>(cx: &mut Cx, booking_id: fields::Id<'a>, forgive: fields::Flag) -> (Option<&'a str>, bool) {
    let booking_id = booking_id.read(&mut cx.issues);
    let forgive = forgive.read(&mut cx.issues).unwrap_or(false);
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
