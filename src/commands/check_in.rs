//! checkIn — the client attended: the booking's credit is used; an unpaid booking is paid first [AF].
use super::booking_rules;
use super::Cx;
use crate::forms::inputs::CheckIn;
use crate::issue::{Code, Issue};
use crate::model::BookingStatus;
use crate::time;

pub fn run(cx: &mut Cx, input: CheckIn) {
    let booking_id = input.booking_id.read(&mut cx.issues);
    let named = booking_rules::read_named(&mut cx.issues, input.credit_id, input.credit_ids);
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
    let credits = match (booking.paid(), &named) {
        (true, Some(named)) => {
            cx.issues.error(booking_rules::already_paid(&booking, named.field));
            return;
        }
        (true, None) => Some((booking_rules::credits_of(cx, &booking), false)),
        (false, named) => match booking_rules::payment(cx, &booking, named.as_ref()) {
            Ok(k) => Some((k, true)),
            Err(issues) if named.is_some() || cx.policy.check_in_requires_credit => {
                issues.into_iter().for_each(|i| cx.issues.error(i));
                return;
            }
            Err(_) => {
                let needed = booking_rules::cost(cx, &booking.session_type_id);
                let available =
                    booking_rules::choose(cx, &booking.client_id, &booking.session_type_id, booking.starts_at)
                        .err()
                        .unwrap_or(0);
                let short =
                    booking_rules::shortfall(cx, &booking.client_id, &booking.session_type_id, needed, available);
                let issue = Issue::new(
                    Code::AttendedUnpaid,
                    "",
                    format!("{short}: the visit is checked in unpaid, and credits can be attached later."),
                );
                let issue = issue.with("bookingId", &*booking.id).with("needed", needed).with("available", available);
                cx.issues.warn(issue);
                None
            }
        },
    };
    if cx.issues.has_errors() {
        return;
    }
    if let Some((credits, pays_now)) = &credits {
        if *pays_now {
            booking_rules::assign(cx, credits, n);
        }
        booking_rules::use_credits(cx, credits, n);
    }
    cx.draft.update_booking(n, |b| b.status = BookingStatus::Attended);
    let what = match &credits {
        Some((credits, _)) if credits.len() == 1 => format!("{} is used", booking_rules::credits_phrase(cx, credits)),
        Some((credits, _)) => format!("{} are used", booking_rules::credits_phrase(cx, credits)),
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
