//! assignCredit — attach a credit to a Booked: Unpaid booking [AF].
use super::pay;
use crate::engine::Cx;
use crate::input::{Obj, Reader};
use crate::issue::Issue;
use crate::policy::Permission;

const FIELDS: [&str; 3] = ["type", "bookingId", "creditId"];

pub fn run(cx: &mut Cx, cmd: &Obj) {
    cx.permit(Permission::BookingsManage);
    let (booking_id, credit_id) = {
        let mut r = Reader::new(cmd, "", &mut cx.issues);
        r.unknown_fields(&FIELDS);
        (r.id("bookingId"), r.opt_id("creditId"))
    };
    let Some((n, booking)) = pay::booked(cx, booking_id, "paid for") else { return };
    if let Some(k) = &booking.credit_id {
        let issue = Issue::new(
            "already_paid",
            "bookingId",
            format!(
                "Booking {} is already paid with credit {k}. An assigned credit cannot be swapped directly: cancel and forgive the booking (or delete it), then rebook and attach the credit you want.",
                booking.id
            ),
        );
        cx.issues.error(issue.with("bookingId", &*booking.id).with("creditId", &**k));
        return;
    }
    let credit = match credit_id {
        Some(id) => {
            match pay::check_named(cx, id, &booking.client_id, &booking.session_type_id, booking.starts_at, "creditId")
            {
                Ok(k) => k,
                Err(issue) => {
                    cx.issues.error(issue);
                    return;
                }
            }
        }
        None => match pay::choose(cx, &booking.client_id, &booking.session_type_id, booking.starts_at) {
            Some(k) => k,
            None => {
                let issue = Issue::new(
                    "insufficient_credits",
                    "creditId",
                    format!(
                        "{} has no usable {} credit for this session.",
                        cx.client_name(&booking.client_id),
                        cx.type_name(&booking.session_type_id)
                    ),
                );
                cx.issues.error(issue.with("available", 0u64));
                return;
            }
        },
    };
    if cx.issues.has_errors() {
        return;
    }
    pay::assign(cx, credit, n);
    let credit_id = cx.draft.credit(credit).map(|c| c.id.to_string()).unwrap_or_default();
    let step = format!("Pay for {} with credit {credit_id}.", pay::describe(cx, &booking));
    cx.draft.steps.push(step);
}
