//! deleteBooking — the booking disappears; a booked one's credit returns, never twice [AF].
use super::booking_rules;
use super::Cx;
use crate::input::{Obj, Reader};
use crate::model::BookingStatus;
use crate::policy::Permission;

pub fn run(cx: &mut Cx, cmd: &Obj) {
    cx.permit(Permission::BookingsManage);
    let booking_id = {
        let mut r = Reader::new(cmd, "", &mut cx.issues);
        r.unknown_fields(super::forms::DeleteBooking::FIELDS);
        r.id("bookingId")
    };
    let Some(n) = booking_id.and_then(|id| booking_rules::find_booking(cx, id, "bookingId")) else {
        return;
    };
    let Some(booking) = cx.draft.booking(n).cloned() else {
        return;
    };
    if matches!(booking.status, BookingStatus::Attended | BookingStatus::NoShow) {
        cx.issues.error(booking_rules::not_active(&booking, "bookingId", "deleted"));
        return;
    }
    let credits = booking_rules::credits_of(cx, &booking);
    let returns = booking.status == BookingStatus::Booked && !credits.is_empty();
    // Returning credits inside the late-cancel window is a forgiveness: deleting must not be a way
    // around the late-cancel rule. So is deleting an unpaid one that a late cancellation would charge.
    let late = booking.status == BookingStatus::Booked && booking_rules::is_late(cx.policy, cx.now, booking.starts_at);
    if late && (returns || !booking_rules::penalty_credits(cx, &booking).is_empty()) {
        cx.permit(Permission::BookingsForgive);
    }
    if returns {
        booking_rules::warn_returned_expired(cx, &credits);
    }
    if cx.issues.has_errors() {
        return;
    }
    let phrase = booking_rules::credits_phrase(cx, &credits);
    let verb = |one: &'static str, many: &'static str| if credits.len() == 1 { one } else { many };
    let what = if credits.is_empty() {
        String::new()
    } else if returns {
        booking_rules::release(cx, &credits, n);
        format!(": {phrase} {}", verb("returns", "return"))
    } else {
        // Forfeited credits stay forfeited; only their link to the vanished booking goes.
        for &k in &credits {
            cx.draft.update_credit(k, |c| c.booking_id = None);
        }
        format!(": {phrase} {}", verb("stays forfeited", "stay forfeited"))
    };
    cx.step(|cx| format!("Delete {}{what}.", booking_rules::describe(cx, &booking)));
    cx.draft.remove_booking(n);
}
