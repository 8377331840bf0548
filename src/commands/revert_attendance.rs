//! revertAttendance — undo a check-in or a no-show: the booking is booked again, paid by the credit
//! it used or forfeited.
use super::booking_rules;
use super::Cx;
use crate::forms::inputs::RevertAttendance;
use crate::issue::{Code, Issue};
use crate::model::{BookingStatus, CreditStatus};

pub fn run(cx: &mut Cx, input: RevertAttendance) {
    let booking_id = input.booking_id.read(&mut cx.issues);
    let Some(n) = booking_id.and_then(|id| booking_rules::find_booking(cx, id, "bookingId")) else { return };
    let Some(booking) = cx.draft.booking(n).cloned() else { return };
    let settled = match booking.status {
        BookingStatus::Attended => CreditStatus::Used,
        BookingStatus::NoShow => CreditStatus::Forfeited,
        _ => {
            cx.issues.error(booking_rules::not_active(
                &booking,
                "bookingId",
                "reverted: only a check-in or a no-show can be undone",
            ));
            return;
        }
    };
    let mut credits = Vec::with_capacity(booking.credit_ids.len());
    for id in &booking.credit_ids {
        let found = cx.draft.find_credit(id).filter(|&k| {
            cx.draft.credit(k).is_some_and(|c| {
                c.status == settled && c.booking_id.as_ref() == Some(&booking.id) && c.client_id == booking.client_id
            })
        });
        let Some(k) = found else {
            let issue = Issue::new(
                Code::Inconsistent,
                "",
                format!(
                    "Credit {id} is no longer {} with booking {}: it has changed since, so the visit cannot be undone.",
                    if settled == CreditStatus::Used { "used" } else { "forfeited" },
                    booking.id
                ),
            );
            cx.issues.error(issue.with("creditId", &**id).with("bookingId", &*booking.id));
            return;
        };
        credits.push(k);
    }
    if cx.issues.has_errors() {
        return;
    }
    cx.draft.update_booking(n, |b| b.status = BookingStatus::Booked);
    let what = if credits.is_empty() {
        "it is Booked: Unpaid".to_owned()
    } else {
        booking_rules::revert(cx, &credits, n);
        let phrase = booking_rules::ids_phrase(&booking.credit_ids);
        format!("{phrase} {} for it again", if credits.len() == 1 { "pays" } else { "pay" })
    };
    let undone = if settled == CreditStatus::Used { "check-in" } else { "no-show" };
    cx.step(|cx| format!("Undo the {undone} of {}: {what}.", booking_rules::describe(cx, &booking)));
}
