//! deleteBooking — the booking disappears; a booked one's credit returns, never twice [AF].
use super::booking_rules;
use super::Cx;
use crate::forms::inputs::DeleteBooking;
use crate::model::{BookingStatus, CreditStatus};
use crate::policy::Permission;
use crate::state::Ix;

pub fn run(cx: &mut Cx, input: DeleteBooking) {
    let booking_id = input.booking_id.read(&mut cx.issues);
    let Some(n) = booking_id.and_then(|id| booking_rules::find_booking(cx, id, input.booking_id.key)) else {
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
    // The credits it lists that are still its own, in its order (one it lists may pay another
    // booking now); the forfeited ones are those the sentence speaks of.
    let own: Vec<Ix> = credits
        .iter()
        .copied()
        .filter(|&k| cx.draft.credit(k).is_some_and(|c| c.booking_id.as_deref() == Some(&*booking.id)))
        .collect();
    let told: Vec<Ix> = if returns {
        credits.clone()
    } else {
        let forfeited = |k: &Ix| cx.draft.credit(*k).is_some_and(|c| c.status == CreditStatus::Forfeited);
        own.iter().copied().filter(forfeited).collect()
    };
    let phrase = booking_rules::credits_phrase(cx, &told);
    let verb = |one: &'static str, many: &'static str| if told.len() == 1 { one } else { many };
    let what = if told.is_empty() {
        String::new()
    } else if returns {
        booking_rules::release(cx, &credits, n);
        format!(": {phrase} {}", verb("returns", "return"))
    } else {
        format!(": {phrase} {}", verb("stays forfeited", "stay forfeited"))
    };
    // Every credit still naming the vanished booking loses that link: the ones it lists first, in
    // its order, then any an export left linked; a credit it lists that now pays another booking
    // keeps its own.
    let others = cx.draft.credits_naming(&booking.id).into_iter().filter(|k| !own.contains(k)).collect::<Vec<_>>();
    for k in own.into_iter().chain(others) {
        cx.draft.update_credit(k, |c| c.booking_id = None);
    }
    cx.step(|cx| format!("Delete {}{what}.", booking_rules::describe(cx, &booking)));
    cx.draft.remove_booking(n);
}
