//! cancelBooking — cancel, with the late-cancel window and forgiveness [AF].
use super::booking_rules::{self, Settled};
use super::Cx;
use crate::forms::inputs::CancelBooking;
use crate::issue::{Code, Issue};
use crate::model::BookingStatus;
use crate::state::Ix;

pub fn run(cx: &mut Cx, input: CancelBooking) {
    let (booking_id, forgive) = booking_rules::read_forgivable(cx, input.booking_id, input.forgive);
    let Some((n, booking)) = booking_rules::booked(cx, booking_id, "cancelled") else { return };
    let late = booking_rules::is_late(cx.policy, cx.now, booking.starts_at);
    let forfeits = late && !forgive;
    // An unpaid booking cancelled late costs credits only when the studio charges unpaid penalties.
    let (settled, _) = booking_rules::at_stake(cx, &booking, forfeits);
    if forfeits && !settled.is_empty() {
        let phrase = booking_rules::credits_phrase(cx, &settled);
        let first = booking_rules::first_id(cx, &settled);
        let issue = Issue::new(
            Code::LateCancelForfeit,
            "",
            format!(
                "This is a late cancellation (less than {} before the start): {phrase} {} forfeited unless the cancellation is forgiven.",
                window_phrase(cx.policy.late_cancel_window_minutes),
                if settled.len() == 1 { "is" } else { "are" },
            ),
        );
        cx.issues.warn(issue.with("creditId", first).with("windowMinutes", cx.policy.late_cancel_window_minutes));
    } else if !forfeits {
        booking_rules::warn_returned_expired(cx, &settled);
    }
    if cx.issues.has_errors() {
        return;
    }
    cancel(cx, n, &settled, late, forgive);
}

/// Cancels a booked booking and settles its credits (for an unpaid one, the penalty credits it is
/// charged, if any); writes the step.
pub fn cancel(cx: &mut Cx, n: Ix, credits: &[Ix], late: bool, forgive: bool) {
    let Some(booking) = cx.draft.booking(n).cloned() else {
        return;
    };
    let forfeits = late && !forgive;
    cx.draft.update_booking(n, |b| {
        b.status = if forfeits { BookingStatus::LateCancelled } else { BookingStatus::Cancelled }
    });
    let (paid_by, penalty): (&[Ix], &[Ix]) = if booking.paid() { (credits, &[]) } else { (&[], credits) };
    let what = match booking_rules::settle_unattended(cx, n, paid_by, penalty, forfeits) {
        Settled::Forfeited(what) => format!("late: {what}"),
        Settled::Returned(what) if late => format!("forgiven: {what}"),
        Settled::Returned(what) => what,
        Settled::Nothing if forfeits => "late, no credit was attached".to_owned(),
        Settled::Nothing => "no credit was attached".to_owned(),
    };
    cx.step(|cx| format!("Cancel {}, {what}.", booking_rules::describe(cx, &booking)));
}

fn window_phrase(minutes: u64) -> String {
    if minutes % 60 == 0 {
        let h = minutes / 60;
        format!("{h} hour{}", if h == 1 { "" } else { "s" })
    } else {
        format!("{minutes} minutes")
    }
}
