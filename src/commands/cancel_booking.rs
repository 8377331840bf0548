//! cancelBooking — cancel, with the late-cancel window and forgiveness [AF].
use super::pay;
use crate::engine::Cx;
use crate::input::{Obj, Reader};
use crate::issue::Issue;
use crate::model::BookingStatus;
use crate::policy::Permission;
use crate::state::Ix;

const FIELDS: [&str; 3] = ["type", "bookingId", "forgive"];

pub fn run(cx: &mut Cx, cmd: &Obj) {
    cx.permit(Permission::BookingsManage);
    let (booking_id, forgive) = {
        let mut r = Reader::new(cmd, "", &mut cx.issues);
        r.unknown_fields(&FIELDS);
        (r.id("bookingId"), r.bool("forgive").unwrap_or(false))
    };
    if forgive {
        cx.permit(Permission::BookingsForgive);
    }
    let Some((n, booking)) = pay::booked(cx, booking_id, "cancelled") else { return };
    let late = pay::is_late(cx.policy, cx.now, booking.starts_at);
    let credit = booking.credit_id.as_deref().and_then(|k| cx.draft.find_credit(k));
    let forfeits = late && !forgive;
    // An unpaid booking cancelled late costs a credit only when the studio charges unpaid penalties.
    let penalty = if forfeits && credit.is_none() { pay::penalty_credit(cx, &booking) } else { None };
    match credit.or(penalty) {
        Some(k) if forfeits => {
            let id = cx.draft.credit(k).map(|c| c.id.to_string()).unwrap_or_default();
            let issue = Issue::new(
                "late_cancel_forfeit",
                "",
                format!(
                    "This is a late cancellation (less than {} before the start): credit {id} is forfeited unless the cancellation is forgiven.",
                    window_phrase(cx.policy.late_cancel_window_minutes),
                ),
            );
            cx.issues.warn(issue.with("creditId", id).with("windowMinutes", cx.policy.late_cancel_window_minutes));
        }
        Some(k) if pay::returns_expired(cx, k) => {
            let w = pay::returned_expired_warning(cx, k, "");
            cx.issues.warn(w);
        }
        _ => {}
    }
    if cx.issues.has_errors() {
        return;
    }
    cancel(cx, n, credit.or(penalty), late, forgive);
}

/// Cancels a booked booking and settles its credit (for an unpaid one, the penalty credit it is
/// charged, if any); writes the step.
pub fn cancel(cx: &mut Cx, n: Ix, credit: Option<Ix>, late: bool, forgive: bool) {
    let Some(booking) = cx.draft.booking(n).cloned() else {
        return;
    };
    let forfeits = late && !forgive;
    cx.draft.update_booking(n, |b| {
        b.status = if forfeits { BookingStatus::LateCancelled } else { BookingStatus::Cancelled }
    });
    let what = match credit {
        Some(k) if forfeits && booking.credit_id.is_none() => {
            pay::assign(cx, k, n);
            pay::forfeit(cx, k, n);
            let id = cx.draft.credit(k).map(|c| c.id.to_string()).unwrap_or_default();
            format!("late: the unpaid booking is charged credit {id}, which is forfeited")
        }
        Some(k) if forfeits => {
            pay::forfeit(cx, k, n);
            format!("late: credit {} is forfeited", booking.credit_id.as_deref().unwrap_or(""))
        }
        Some(k) => {
            let expired = pay::returns_expired(cx, k);
            pay::release(cx, k, n);
            let id = booking.credit_id.as_deref().unwrap_or("");
            let returns =
                if expired { format!("credit {id} returns but has expired") } else { format!("credit {id} returns") };
            if late {
                format!("forgiven: {returns}")
            } else {
                returns
            }
        }
        None if forfeits => "late, no credit was attached".to_owned(),
        None => "no credit was attached".to_owned(),
    };
    let step = format!("Cancel {}, {what}.", pay::describe(cx, &booking));
    cx.draft.steps.push(step);
}

fn window_phrase(minutes: u64) -> String {
    if minutes % 60 == 0 {
        let h = minutes / 60;
        format!("{h} hour{}", if h == 1 { "" } else { "s" })
    } else {
        format!("{minutes} minutes")
    }
}
