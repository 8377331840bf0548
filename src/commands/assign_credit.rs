//! assignCredit — attach a credit to a Booked: Unpaid booking, or to a visit checked in unpaid [AF].
use super::booking_rules;
use super::Cx;
use crate::input::{Obj, Reader};
use crate::model::BookingStatus;
use crate::policy::Permission;

pub fn run(cx: &mut Cx, cmd: &Obj) {
    cx.permit(Permission::BookingsManage);
    let (booking_id, credit_id) = {
        let mut r = Reader::new(cmd, "", &mut cx.issues);
        r.unknown_fields(super::forms::AssignCredit::FIELDS);
        (r.id("bookingId"), r.opt_id("creditId"))
    };
    let Some(n) = booking_id.and_then(|id| booking_rules::find_booking(cx, id, "bookingId")) else { return };
    let Some(booking) = cx.draft.booking(n).cloned() else { return };
    if !matches!(booking.status, BookingStatus::Booked | BookingStatus::Attended) {
        cx.issues.error(booking_rules::not_active(&booking, "bookingId", "paid for"));
        return;
    }
    if let Some(k) = &booking.credit_id {
        cx.issues.error(booking_rules::already_paid(&booking, k, "bookingId"));
        return;
    }
    let credit = match booking_rules::payment(cx, &booking, credit_id) {
        Ok(k) => k,
        Err(issue) => {
            cx.issues.error(issue);
            return;
        }
    };
    if cx.issues.has_errors() {
        return;
    }
    booking_rules::assign(cx, credit, n);
    let attended = booking.status == BookingStatus::Attended;
    if attended {
        booking_rules::use_credit(cx, credit, n);
    }
    let credit_id = cx.draft.credit(credit).map(|c| c.id.to_string()).unwrap_or_default();
    let used = if attended { ", which is used: the visit took place" } else { "" };
    cx.step(|cx| format!("Pay for {} with credit {credit_id}{used}.", booking_rules::describe(cx, &booking)));
}
