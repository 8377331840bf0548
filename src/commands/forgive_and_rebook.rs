//! forgiveAndRebook — cancel forgiven, restore the credit, and rebook, as one previewed operation.
//! The five manual steps of [AF] in one: the returned credit pays for the new session when it can.
use super::Cx;
use super::{book, booking_rules, cancel_booking, usage_limits};
use crate::forms::inputs::ForgiveAndRebook;
use crate::issue::{Code, Issue};
use crate::model::Id;
use crate::state::Ix;

pub fn run(cx: &mut Cx, input: ForgiveAndRebook) {
    let issues = &mut cx.issues;
    let booking_id = input.booking_id.read(issues);
    let starts_at = input.starts_at.read(issues);
    let new_id = input.new_booking_id.read(issues);
    let override_limits = input.override_limits.read(issues);
    let override_limits = usage_limits::asked_to_override(cx, override_limits);
    if let Some(id) = new_id {
        if cx.draft.booking_exists(id) {
            cx.issues.error(
                Issue::new(Code::Duplicate, "newBookingId", format!("A booking with the id {id} already exists."))
                    .with("id", id),
            );
        }
    }
    if let Some(t) = starts_at {
        book::warn_if_past(cx, t, "startsAt");
    }
    let Some((n, booking)) = booking_rules::booked(cx, booking_id, "cancelled and rebooked") else { return };
    let Some(starts_at) = starts_at else { return };
    // The new booking counts as book's would; the one it replaces no longer does.
    usage_limits::check(cx, (&booking.client_id, &booking.session_type_id), starts_at, Some(n), override_limits);
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

    // Step 1: cancel, forgiven; the credits come back.
    let credits = booking_rules::credits_of(cx, &booking);
    booking_rules::warn_returned_expired(cx, &credits);
    let late = booking_rules::is_late(cx.policy, cx.now, booking.starts_at);
    cancel_booking::cancel(cx, n, &credits, late, true);

    // Step 2: rebook, paying with the returned credits when every one is usable then (none on
    // hold) and they are as many as the type's cost.
    let needed = booking_rules::cost(cx, &booking.session_type_id);
    let restored = credits.len() == needed
        && credits.iter().all(|&k| {
            cx.draft.credit(k).is_some_and(|c| {
                booking_rules::usable(c, cx.now, starts_at) && booking_rules::hold_on(cx, c, starts_at).is_none()
            })
        });
    let pays = if restored {
        credits.clone()
    } else {
        if !credits.is_empty() {
            let phrase = booking_rules::credits_phrase(cx, &credits);
            let first = credits.first().and_then(|&k| cx.draft.credit(k)).map(|c| c.id.to_string()).unwrap_or_default();
            let issue = Issue::new(
                Code::RestoredCreditUnusable,
                "",
                format!("The returned {phrase} cannot pay for the new time, so others are looked for."),
            );
            cx.issues.warn(issue.with("creditId", first));
        }
        match auto(cx, &booking.client_id, &booking.session_type_id, starts_at) {
            Ok(k) => k,
            Err(available) => {
                let mut w = book::unpaid_warning(cx, &booking.client_id, &booking.session_type_id);
                if let Some(available) = available {
                    w = w.with("needed", needed).with("available", available);
                }
                cx.issues.warn(w);
                Vec::new()
            }
        }
    };
    let rebooked = book::make(
        cx,
        "Rebook",
        booking.client_id.clone(),
        booking.session_type_id.clone(),
        starts_at,
        new_id.map(Id::from),
        &pays,
    );
    cx.rebooked = Some(rebooked);
}

/// What the new booking is paid with by default: `"auto"` when the policy auto-assigns (else
/// nothing: `Err(None)`); too few usable → `Err(Some(available))`.
fn auto(
    cx: &Cx,
    client_id: &str,
    session_type_id: &str,
    starts_at: crate::time::Time,
) -> Result<Vec<Ix>, Option<usize>> {
    if cx.policy.auto_assign {
        booking_rules::choose(cx, client_id, session_type_id, starts_at).map_err(Some)
    } else {
        Err(None)
    }
}
