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
    let credit = booking.credit_id.as_deref().and_then(|k| cx.draft.find_credit(k));
    let returns = booking.status == BookingStatus::Booked && credit.is_some();
    // Returning a credit inside the late-cancel window is a forgiveness: deleting must not be a
    // way around the late-cancel rule.
    // So is deleting an unpaid one that a late cancellation would charge a credit.
    let late = booking.status == BookingStatus::Booked && booking_rules::is_late(cx.policy, cx.now, booking.starts_at);
    if late && (returns || booking_rules::penalty_credit(cx, &booking).is_some()) {
        cx.permit(Permission::BookingsForgive);
    }
    if let Some(k) = credit.filter(|_| returns) {
        if booking_rules::returns_expired(cx, k) {
            let w = booking_rules::returned_expired_warning(cx, k, "");
            cx.issues.warn(w);
        }
    }
    if cx.issues.has_errors() {
        return;
    }
    let what = match credit {
        Some(k) if returns => {
            booking_rules::release(cx, k, n);
            format!(": credit {} returns", booking.credit_id.as_deref().unwrap_or(""))
        }
        Some(k) => {
            // A forfeited credit stays forfeited; only its link to the vanished booking goes.
            cx.draft.update_credit(k, |c| c.booking_id = None);
            format!(": credit {} stays forfeited", booking.credit_id.as_deref().unwrap_or(""))
        }
        None => String::new(),
    };
    cx.step(|cx| format!("Delete {}{what}.", booking_rules::describe(cx, &booking)));
    cx.draft.remove_booking(n);
}
