//! forgiveAndRebook — cancel forgiven, restore the credit, and rebook, as one previewed operation.
//! The five manual steps of [AF] in one: the returned credit pays for the new session when it can.
use super::Cx;
use super::{book, booking_rules, cancel_booking};
use crate::input::{Obj, Reader};
use crate::issue::{Code, Issue};
use crate::model::Id;
use crate::policy::Permission;

pub fn run(cx: &mut Cx, cmd: &Obj) {
    cx.permit(Permission::BookingsManage);
    cx.permit(Permission::BookingsForgive);
    let (booking_id, starts_at, new_id) = {
        let mut r = Reader::new(cmd, "", &mut cx.issues);
        r.unknown_fields(super::forms::ForgiveAndRebook::FIELDS);
        (r.id("bookingId"), r.required_instant("startsAt"), r.opt_id("newBookingId"))
    };
    if let Some(id) = new_id {
        if cx.draft.booking_exists(id) {
            cx.issues.error(
                Issue::new(Code::Duplicate, "newBookingId", format!("A booking with the id {id} already exists."))
                    .with("bookingId", id),
            );
        }
    }
    if let Some(t) = starts_at {
        book::warn_if_past(cx, t, "startsAt");
    }
    let Some((n, booking)) = booking_rules::booked(cx, booking_id, "cancelled and rebooked") else { return };
    let Some(starts_at) = starts_at else { return };
    if cx.issues.has_errors() {
        return;
    }

    // Other future Booked: Unpaid sessions of the type compete for credits under auto-assign.
    let others: Vec<String> = cx
        .draft
        .client_bookings(&booking.client_id)
        .filter(|(m, b)| *m != n && b.unpaid() && b.session_type_id == booking.session_type_id && b.starts_at > cx.now)
        .map(|(_, b)| b.id.to_string())
        .collect();
    if !others.is_empty() {
        let issue = Issue::new(
            Code::OtherUnpaidBookings,
            "",
            format!(
                "{} has other unpaid {} bookings ({}): with auto-assign they compete for the same credits.",
                cx.client_name(&booking.client_id),
                cx.type_name(&booking.session_type_id),
                super::id_list(&others)
            ),
        );
        cx.issues.warn(issue.with("count", others.len()));
    }

    // Step 1: cancel, forgiven; the credit comes back.
    let credit = booking.credit_id.as_deref().and_then(|k| cx.draft.find_credit(k));
    if let Some(k) = credit {
        if booking_rules::returns_expired(cx, k) {
            let w = booking_rules::returned_expired_warning(cx, k, "");
            cx.issues.warn(w);
        }
    }
    let late = booking_rules::is_late(cx.policy, cx.now, booking.starts_at);
    cancel_booking::cancel(cx, n, credit, late, true);

    // Step 2: rebook, paying with the returned credit when it is usable then.
    let restored = credit.filter(|&k| cx.draft.credit(k).is_some_and(|c| booking_rules::usable(c, cx.now, starts_at)));
    let pays = match (credit, restored) {
        (_, Some(k)) => Some(k),
        (Some(k), None) => {
            let id = cx.draft.credit(k).map(|c| c.id.to_string()).unwrap_or_default();
            let issue = Issue::new(
                Code::RestoredCreditUnusable,
                "",
                format!("The returned credit {id} cannot pay for the new time, so another is looked for."),
            );
            cx.issues.warn(issue.with("creditId", id));
            auto(cx, &booking.client_id, &booking.session_type_id, starts_at)
        }
        (None, None) => auto(cx, &booking.client_id, &booking.session_type_id, starts_at),
    };
    if pays.is_none() {
        let w = book::unpaid_warning(cx.client_name(&booking.client_id), cx.type_name(&booking.session_type_id));
        cx.issues.warn(w);
    }
    let rebooked = book::make(
        cx,
        "Rebook",
        booking.client_id.clone(),
        booking.session_type_id.clone(),
        starts_at,
        new_id.map(Id::from),
        pays,
    );
    cx.rebooked = Some(rebooked);
}

fn auto(cx: &Cx, client_id: &str, session_type_id: &str, starts_at: crate::time::Time) -> Option<crate::state::Ix> {
    if cx.policy.auto_assign {
        booking_rules::choose(cx, client_id, session_type_id, starts_at)
    } else {
        None
    }
}
