//! assignCredit — attach credits to a Booked: Unpaid booking, or to a visit checked in unpaid [AF].
use super::booking_rules;
use super::Cx;
use crate::forms::inputs::AssignCredit;
use crate::model::BookingStatus;

pub fn run(cx: &mut Cx, input: AssignCredit) {
    let booking_id = input.booking_id.read(&mut cx.issues);
    let named = booking_rules::read_named(&mut cx.issues, input.credit_id, input.credit_ids);
    let Some(n) = booking_id.and_then(|id| booking_rules::find_booking(cx, id, "bookingId")) else { return };
    let Some(booking) = cx.draft.booking(n).cloned() else { return };
    if !matches!(booking.status, BookingStatus::Booked | BookingStatus::Attended) {
        cx.issues.error(booking_rules::not_active(&booking, "bookingId", "paid for"));
        return;
    }
    if booking.paid() {
        cx.issues.error(booking_rules::already_paid(&booking, "bookingId"));
        return;
    }
    let credits = match booking_rules::payment(cx, &booking, named.as_ref()) {
        Ok(k) => k,
        Err(issues) => {
            issues.into_iter().for_each(|i| cx.issues.error(i));
            return;
        }
    };
    if cx.issues.has_errors() {
        return;
    }
    booking_rules::assign(cx, &credits, n);
    let attended = booking.status == BookingStatus::Attended;
    if attended {
        booking_rules::use_credits(cx, &credits, n);
    }
    let paid_with = booking_rules::credits_phrase(cx, &credits);
    let used = match (attended, credits.len()) {
        (false, _) => "",
        (true, 1) => ", which is used: the visit took place",
        (true, _) => ", which are used: the visit took place",
    };
    cx.step(|cx| format!("Pay for {} with {paid_with}{used}.", booking_rules::describe(cx, &booking)));
}
