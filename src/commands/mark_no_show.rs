//! markNoShow — the client did not come: the credit is forfeited, or returns when forgiven.
use super::booking_rules::{self, Settled};
use super::Cx;
use crate::forms::inputs::MarkNoShow;
use crate::issue::{Code, Issue};
use crate::model::BookingStatus;
use crate::time;

pub fn run(cx: &mut Cx, input: MarkNoShow) {
    let (booking_id, forgive) = booking_rules::read_forgivable(cx, input.booking_id, input.forgive);
    let Some((n, booking)) = booking_rules::booked(cx, booking_id, "marked as a no-show") else { return };
    if cx.now < booking.starts_at {
        let issue = Issue::new(
            Code::SessionNotStarted,
            "",
            format!(
                "The session has not started yet ({}): a no-show can be marked from its start.",
                time::describe_time(booking.starts_at, cx.tz())
            ),
        );
        cx.issues.error(issue.with("startsAt", time::format_instant(booking.starts_at)));
    }
    let forfeits = cx.policy.no_show_forfeits && !forgive;
    let (settled, paid) = booking_rules::at_stake(cx, &booking, forfeits);
    if forfeits && !settled.is_empty() {
        let phrase = booking_rules::credits_phrase(cx, &settled);
        let first = booking_rules::first_id(cx, &settled);
        let issue = Issue::new(Code::NoShowForfeit, "", format!("A no-show forfeits {phrase} unless it is forgiven."));
        cx.issues.warn(issue.with("creditId", first));
    } else if !forfeits {
        booking_rules::warn_returned_expired(cx, &settled);
    }
    if cx.issues.has_errors() {
        return;
    }
    cx.draft.update_booking(n, |b| b.status = BookingStatus::NoShow);
    let (credits, penalty): (&[_], &[_]) = if paid { (&settled, &[]) } else { (&[], &settled) };
    let what = match booking_rules::settle_unattended(cx, n, credits, penalty, forfeits) {
        Settled::Forfeited(what) => what,
        Settled::Returned(what) if forgive => format!("forgiven: {what}"),
        Settled::Returned(what) => what,
        Settled::Nothing => "no credit was attached".to_owned(),
    };
    cx.step(|cx| format!("Mark {} as a no-show: {what}.", booking_rules::describe(cx, &booking)));
}
