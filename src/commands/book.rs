//! book — book a session, paying with a credit: auto, none or a named one [AF].
use super::Cx;
use super::{active_session_type, booking_rules, unknown_client, usage_limits};
use crate::forms::inputs::Book;
use crate::input::invalid;
use crate::issue::{Code, Issue};
use crate::model::{Booking, BookingStatus, Id};
use crate::state::Ix;
use crate::time::{self, Time};
use serde_json::Value;

/// How the booking is to be paid.
enum Payment<'a> {
    Auto,
    Unpaid,
    Named(booking_rules::Named<'a>),
}

pub fn run(cx: &mut Cx, input: Book) {
    let issues = &mut cx.issues;
    let key = input.credit.key;
    let credit = match input.credit.value() {
        None => None,
        Some(Value::String(s)) if s == "auto" => Some(Payment::Auto),
        Some(Value::String(s)) if s == "none" => Some(Payment::Unpaid),
        Some(Value::String(_)) => input
            .credit
            .id(issues)
            .map(|id| Payment::Named(booking_rules::Named { field: key, ids: vec![(id, key.to_owned())] })),
        Some(_) => {
            issues.error(invalid(key.into(), "\"auto\", \"none\" or a credit id"));
            None
        }
    };
    let listed = booking_rules::named_list(issues, input.credit_ids);
    let payment = match (input.credit.given(), listed) {
        (true, Some(_)) => {
            let what = format!("given alone: name the credits in {} or {key}, not both", input.credit_ids.key);
            issues.error(invalid(input.credit_ids.key.into(), &what));
            credit
        }
        (_, Some(named)) => Some(Payment::Named(named)),
        (_, None) => credit,
    };
    let override_limits = input.override_limits.read(issues);
    let client_id = input.client_id.read(issues);
    let type_id = input.session_type_id.read(issues);
    let starts_at = input.starts_at.read(issues);
    let booking_id = input.booking_id.read(issues);
    let override_limits = usage_limits::asked_to_override(cx, override_limits);
    let payment = payment.unwrap_or(if cx.policy.auto_assign { Payment::Auto } else { Payment::Unpaid });
    let state = cx.state();
    let client = client_id.and_then(|id| {
        let c = state.client(id);
        if c.is_none() {
            cx.issues.error(unknown_client(id, "clientId"));
        }
        c
    });
    let session_type = type_id.and_then(|t| active_session_type(cx, t, "sessionTypeId"));
    if let Some(id) = booking_id {
        if cx.draft.booking_exists(id) {
            cx.issues.error(
                Issue::new(Code::Duplicate, "bookingId", format!("A booking with the id {id} already exists."))
                    .with("id", id),
            );
        }
    }
    if let Some(t) = starts_at {
        warn_if_past(cx, t, "startsAt");
    }
    let (Some(client), Some(session_type), Some(starts_at)) = (client, session_type, starts_at) else {
        return;
    };
    usage_limits::check(cx, (&client.id, &session_type.id), starts_at, None, override_limits);
    let credits = match payment {
        Payment::Named(named) => {
            match booking_rules::check_named(cx, &named, (&client.id, &session_type.id), (cx.now, starts_at)) {
                Ok(k) => k,
                Err(issues) => {
                    issues.into_iter().for_each(|i| cx.issues.error(i));
                    return;
                }
            }
        }
        Payment::Auto => match booking_rules::choose(cx, &client.id, &session_type.id, starts_at) {
            Ok(k) => k,
            Err(available) => {
                let w = unpaid_warning(cx, &client.id, &session_type.id)
                    .with("needed", session_type.cost())
                    .with("available", available);
                cx.issues.warn(w);
                Vec::new()
            }
        },
        Payment::Unpaid => {
            let w = unpaid_warning(cx, &client.id, &session_type.id);
            cx.issues.warn(w);
            Vec::new()
        }
    };
    if cx.issues.has_errors() {
        return;
    }
    let id = booking_id.map(Id::from);
    make(cx, "Book", client.id.clone(), session_type.id.clone(), starts_at, id, &credits);
}

pub fn warn_if_past(cx: &mut Cx, starts_at: Time, path: &str) {
    if starts_at < cx.now {
        let issue = Issue::new(
            Code::StartsInPast,
            path,
            format!("The session starts in the past ({}).", time::describe_time(starts_at, cx.tz())),
        );
        cx.issues.warn(issue.with("startsAt", time::format_instant(starts_at)));
    }
}

/// `booked_unpaid`: the booking will wait for its credits.
pub fn unpaid_warning(cx: &Cx, client_id: &str, session_type_id: &str) -> Issue {
    let needed = booking_rules::cost(cx, session_type_id);
    let (client, kind) = (cx.client_name(client_id), cx.type_name(session_type_id));
    let until = ", so the booking will be Booked: Unpaid until ";
    // Joined in one go, not formatted: most of a replay's bookings are unpaid, each with this.
    let message = if needed == 1 {
        [client, " has no usable ", kind, " credit", until, "a credit is attached."].concat()
    } else {
        format!("{client} has fewer usable {kind} credits than the {needed} this session takes{until}its credits are attached.")
    };
    Issue::new(Code::BookedUnpaid, "", message)
}

/// Creates a booked booking (paid with `credit` when there is one) and says so in a step.
pub fn make(
    cx: &mut Cx,
    verb: &str,
    client_id: Id,
    session_type_id: Id,
    starts_at: Time,
    id: Option<Id>,
    credits: &[Ix],
) -> Ix {
    let id = id.unwrap_or_else(|| cx.draft.new_id());
    let n = cx.draft.add_booking(Booking {
        id,
        client_id,
        session_type_id,
        starts_at,
        status: BookingStatus::Booked,
        credit_ids: Vec::new(),
    });
    if !credits.is_empty() {
        booking_rules::assign(cx, credits, n);
    }
    cx.step(|cx| {
        let Some(b) = cx.draft.booking(n) else { return String::new() };
        let paid = if b.paid() {
            ["paid with ", &booking_rules::ids_phrase(&b.credit_ids)].concat()
        } else {
            "Booked: Unpaid".to_owned()
        };
        format!(
            "{verb} {} into {}{} on {}, {paid}.",
            cx.client_name(&b.client_id),
            cx.type_name(&b.session_type_id),
            cost_phrase(booking_rules::cost(cx, &b.session_type_id)),
            time::describe_time(b.starts_at, cx.tz())
        )
    });
    n
}

/// " (2 credits)" for a session that costs more than one.
pub fn cost_phrase(cost: usize) -> String {
    if cost > 1 {
        [" (", itoa::Buffer::new().format(cost), " credits)"].concat()
    } else {
        String::new()
    }
}
