//! book — book a session, paying with a credit: auto, none or a named one [AF].
use super::Cx;
use super::{active_session_type, booking_rules, unknown_client};
use crate::input::{invalid, Obj, Reader};
use crate::issue::{Code, Issue};
use crate::model::{Booking, BookingStatus, Id};
use crate::policy::Permission;
use crate::state::Ix;
use crate::time::{self, Time};
use serde_json::Value;

/// How the booking is to be paid.
enum Payment<'a> {
    Auto,
    Unpaid,
    Named(&'a str),
}

pub fn run(cx: &mut Cx, cmd: &Obj) {
    cx.permit(Permission::BookingsManage);
    let (client_id, type_id, starts_at, booking_id, payment) = {
        let mut r = Reader::new(cmd, "", &mut cx.issues);
        r.unknown_fields(super::forms::Book::FIELDS);
        let payment = match r.present("credit") {
            None => None,
            Some(Value::String(s)) if s == "auto" => Some(Payment::Auto),
            Some(Value::String(s)) if s == "none" => Some(Payment::Unpaid),
            Some(Value::String(_)) => r.id("credit").map(Payment::Named),
            Some(_) => {
                r.issues.error(invalid(r.path("credit"), "\"auto\", \"none\" or a credit id"));
                None
            }
        };
        (r.id("clientId"), r.id("sessionTypeId"), r.required_instant("startsAt"), r.opt_id("bookingId"), payment)
    };
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
                    .with("bookingId", id),
            );
        }
    }
    if let Some(t) = starts_at {
        warn_if_past(cx, t, "startsAt");
    }
    let (Some(client), Some(session_type), Some(starts_at)) = (client, session_type, starts_at) else {
        return;
    };
    let credit = match payment {
        Payment::Named(id) => {
            match booking_rules::check_named(cx, id, &client.id, &session_type.id, starts_at, "credit") {
                Ok(k) => Some(k),
                Err(issue) => {
                    cx.issues.error(issue);
                    return;
                }
            }
        }
        Payment::Auto => booking_rules::choose(cx, &client.id, &session_type.id, starts_at),
        Payment::Unpaid => None,
    };
    if credit.is_none() {
        cx.issues.warn(unpaid_warning(&client.name, &session_type.name));
    }
    if cx.issues.has_errors() {
        return;
    }
    let id = booking_id.map(Id::from);
    make(cx, "Book", client.id.clone(), session_type.id.clone(), starts_at, id, credit);
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

pub fn unpaid_warning(client_name: &str, type_name: &str) -> Issue {
    Issue::new(
        Code::BookedUnpaid,
        "",
        format!("{client_name} has no usable {type_name} credit, so the booking will be Booked: Unpaid until a credit is attached."),
    )
}

/// Creates a booked booking (paid with `credit` when there is one) and says so in a step.
pub fn make(
    cx: &mut Cx,
    verb: &str,
    client_id: Id,
    session_type_id: Id,
    starts_at: Time,
    id: Option<Id>,
    credit: Option<Ix>,
) -> Ix {
    let id = id.unwrap_or_else(|| cx.draft.new_id());
    let n = cx.draft.add_booking(Booking {
        id,
        client_id,
        session_type_id,
        starts_at,
        status: BookingStatus::Booked,
        credit_id: None,
    });
    if let Some(k) = credit {
        booking_rules::assign(cx, k, n);
    }
    cx.step(|cx| {
        let Some(b) = cx.draft.booking(n) else { return String::new() };
        let paid = match &b.credit_id {
            Some(k) => format!("paid with credit {k}"),
            None => "Booked: Unpaid".to_owned(),
        };
        format!(
            "{verb} {} into {} on {}, {paid}.",
            cx.client_name(&b.client_id),
            cx.type_name(&b.session_type_id),
            time::describe_time(b.starts_at, cx.tz())
        )
    });
    n
}
