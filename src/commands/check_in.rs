//! checkIn — the client attended: the booking's credit is used; an unpaid booking is paid first [AF].
use super::booking_rules;
use super::Cx;
use crate::input::{Obj, Reader};
use crate::issue::{Code, Issue};
use crate::model::BookingStatus;
use crate::policy::Permission;
use crate::time;

pub fn run(cx: &mut Cx, cmd: &Obj) {
    cx.permit(Permission::BookingsManage);
    let (booking_id, credit_id) = {
        let mut r = Reader::new(cmd, "", &mut cx.issues);
        r.unknown_fields(super::forms::CheckIn::FIELDS);
        (r.id("bookingId"), r.opt_id("creditId"))
    };
    let Some((n, booking)) = booking_rules::booked(cx, booking_id, "checked in") else { return };
    let opens_at = time::Time(booking.starts_at.0.saturating_sub(minutes(cx.policy.check_in_opens_minutes)));
    if cx.now < opens_at {
        let issue = Issue::new(
            Code::CheckInNotOpen,
            "",
            format!("Check-in for this session opens at {}.", time::describe_time(opens_at, cx.tz())),
        );
        cx.issues.error(issue.with("opensAt", time::format_instant(opens_at)));
    }
    let credit = match (&booking.credit_id, credit_id) {
        (Some(paid), Some(_)) => {
            cx.issues.error(booking_rules::already_paid(&booking, paid, "creditId"));
            return;
        }
        (Some(paid), None) => cx.draft.find_credit(paid).map(|k| (k, false)),
        (None, named) => match booking_rules::payment(cx, &booking, named) {
            Ok(k) => Some((k, true)),
            Err(issue) if named.is_some() || cx.policy.check_in_requires_credit => {
                cx.issues.error(issue);
                return;
            }
            Err(_) => {
                let issue = Issue::new(
                    Code::AttendedUnpaid,
                    "",
                    format!(
                        "{} has no usable {} credit: the visit is checked in unpaid, and a credit can be attached later.",
                        cx.client_name(&booking.client_id),
                        cx.type_name(&booking.session_type_id)
                    ),
                );
                cx.issues.warn(issue.with("bookingId", &*booking.id));
                None
            }
        },
    };
    if cx.issues.has_errors() {
        return;
    }
    if let Some((k, pays_now)) = credit {
        if pays_now {
            booking_rules::assign(cx, k, n);
        }
        booking_rules::use_credit(cx, k, n);
    }
    cx.draft.update_booking(n, |b| b.status = BookingStatus::Attended);
    let what = match credit.and_then(|(k, _)| cx.draft.credit(k)) {
        Some(c) => format!("credit {} is used", c.id),
        None => "checked in unpaid".to_owned(),
    };
    cx.step(|cx| {
        format!(
            "Check in {} for {} on {}: {what}.",
            cx.client_name(&booking.client_id),
            cx.type_name(&booking.session_type_id),
            time::describe_time(booking.starts_at, cx.tz())
        )
    });
}

fn minutes(n: u64) -> i64 {
    i64::try_from(n.saturating_mul(60)).unwrap_or(i64::MAX)
}
