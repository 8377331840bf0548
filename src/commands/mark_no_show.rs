//! markNoShow — the client did not come: the credit is forfeited, or returns when forgiven.
use super::pay;
use crate::engine::Cx;
use crate::input::{Obj, Reader};
use crate::issue::Issue;
use crate::model::BookingStatus;
use crate::policy::Permission;
use crate::time;

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
    let Some((n, booking)) = pay::booked(cx, booking_id, "marked as a no-show") else { return };
    if cx.now < booking.starts_at {
        let issue = Issue::new(
            "session_not_started",
            "",
            format!(
                "The session has not started yet ({}): a no-show can be marked from its start.",
                time::describe_time(booking.starts_at, cx.tz())
            ),
        );
        cx.issues.error(issue.with("startsAt", time::format_instant(booking.starts_at)));
    }
    let forfeits = cx.policy.no_show_forfeits && !forgive;
    let credit = booking.credit_id.as_deref().and_then(|k| cx.draft.find_credit(k));
    let penalty = if forfeits && credit.is_none() { pay::penalty_credit(cx, &booking) } else { None };
    match credit.or(penalty) {
        Some(k) if forfeits => {
            let id = cx.draft.credit(k).map(|c| c.id.to_string()).unwrap_or_default();
            let issue =
                Issue::new("no_show_forfeit", "", format!("A no-show forfeits credit {id} unless it is forgiven."));
            cx.issues.warn(issue.with("creditId", id));
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
    cx.draft.update_booking(n, |b| b.status = BookingStatus::NoShow);
    let what = match (credit, penalty) {
        (Some(k), _) if forfeits => {
            pay::forfeit(cx, k, n);
            format!("credit {} is forfeited", booking.credit_id.as_deref().unwrap_or(""))
        }
        (Some(k), _) => {
            let expired = pay::returns_expired(cx, k);
            pay::release(cx, k, n);
            let id = booking.credit_id.as_deref().unwrap_or("");
            let returns =
                if expired { format!("credit {id} returns but has expired") } else { format!("credit {id} returns") };
            if forgive {
                format!("forgiven: {returns}")
            } else {
                returns
            }
        }
        (None, Some(k)) => {
            pay::assign(cx, k, n);
            pay::forfeit(cx, k, n);
            let id = cx.draft.credit(k).map(|c| c.id.to_string()).unwrap_or_default();
            format!("the unpaid booking is charged credit {id}, which is forfeited")
        }
        (None, None) => "no credit was attached".to_owned(),
    };
    let step = format!("Mark {} as a no-show: {what}.", pay::describe(cx, &booking));
    cx.draft.steps.push(step);
}
