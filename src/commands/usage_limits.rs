//! Usage limits: "at most N bookings per day, week or month" on a membership, counted in the
//! studio's local calendar. `book` and `forgiveAndRebook` check them; `usage()` shows them.
use super::Cx;
use crate::issue::{Code, Issue};
use crate::model::{Booking, BookingStatus, Membership, Period, UsageLimit};
use crate::policy::Permission;
use crate::state::Ix;
use crate::time::{self, Date, Time, Zone};
use chrono::Datelike;

/// The local dates a period holds: its first day, and the day after its last.
pub fn period_around(period: Period, date: Date, week_starts_on: chrono::Weekday) -> Option<(Date, Date)> {
    match period {
        Period::Day => Some((date, date.plus_days(1)?)),
        Period::Week => {
            let back = (7 + date.0.weekday().num_days_from_monday() - week_starts_on.num_days_from_monday()) % 7;
            let start = date.plus_days(-i64::from(back))?;
            Some((start, start.plus_days(7)?))
        }
        Period::Month => {
            let start = date.0.with_day(1)?;
            let next = start.checked_add_months(chrono::Months::new(1))?;
            Some((Date(start), Date(next)))
        }
    }
}

/// Does a membership's limits bind a booking starting at `t`? Active or frozen, not ended by then.
pub fn binds(m: &Membership, t: Time) -> bool {
    use crate::model::MembershipStatus::{Active, Frozen};
    matches!(m.status, Active | Frozen) && m.ends_at.map_or(true, |e| e > t)
}

/// A booking that counts toward limits: a forgiven cancellation and a deleted booking do not.
pub fn counts(b: &Booking) -> bool {
    matches!(
        b.status,
        BookingStatus::Booked | BookingStatus::Attended | BookingStatus::NoShow | BookingStatus::LateCancelled
    )
}

/// Where one limit stands for the period around `t`.
pub struct Standing {
    pub used: usize,
    pub period_start: Date,
    pub period_end: Date,
}

/// Counts a client's bookings toward `limit` in the period around `t` (`excluding` one booking).
pub fn standing<'b>(
    limit: &UsageLimit,
    bookings: impl Iterator<Item = (Ix, &'b Booking)>,
    t: Time,
    (tz, week_starts_on): (&Zone, chrono::Weekday),
    excluding: Option<Ix>,
) -> Option<Standing> {
    let date = time::local_date(t, tz)?;
    let (period_start, period_end) = period_around(limit.period, date, week_starts_on)?;
    let (from, to) = (period_start.midnight(tz)?, period_end.midnight(tz)?);
    let used = bookings
        .filter(|(n, b)| {
            Some(*n) != excluding
                && counts(b)
                && from <= b.starts_at
                && b.starts_at < to
                && limit.covers(&b.session_type_id)
        })
        .count();
    Some(Standing { used, period_start, period_end })
}

/// Checks a new booking of a client against every limit that binds it: an error per exceeded
/// limit, or a warning each when `override_limits` (which needs `bookings.overrideLimits`).
pub fn check(
    cx: &mut Cx,
    (client_id, session_type_id): (&str, &str),
    starts_at: Time,
    excluding: Option<Ix>,
    override_limits: bool,
) {
    // Most clients have no limits: nothing to gather and sort (a tenth of a replay's `book`).
    if cx.draft.client_memberships(client_id).all(|(_, m)| m.usage_limits.is_empty()) {
        return;
    }
    let mut memberships: Vec<&Membership> = cx.draft.client_memberships(client_id).map(|(_, m)| m).collect();
    memberships.sort_by(|a, b| a.id.cmp(&b.id));
    let mut found = Vec::new();
    for m in memberships {
        if !binds(m, starts_at) {
            continue;
        }
        for limit in m.usage_limits.iter().filter(|l| l.covers(session_type_id)) {
            let bookings = cx.draft.client_bookings(client_id);
            let Some(s) = standing(limit, bookings, starts_at, (cx.tz(), cx.policy.week_starts_on), excluding) else {
                continue;
            };
            if s.used >= limit.max as usize {
                found.push(exceeded(m, limit, &s, override_limits));
            }
        }
    }
    for issue in found {
        if override_limits {
            cx.issues.warn(issue);
        } else {
            cx.issues.error(issue);
        }
    }
}

fn exceeded(m: &Membership, limit: &UsageLimit, s: &Standing, overridden: bool) -> Issue {
    let (code, outcome) = if overridden {
        (Code::UsageLimitOverridden, "this booking goes past it, as overridden")
    } else {
        (Code::UsageLimitReached, "no more can be booked in this period")
    };
    let plural = if limit.max == 1 { "" } else { "s" };
    Issue::new(
        code,
        "startsAt",
        format!(
            "Membership {} allows {} booking{plural} per {} and {} already counted from {}: {outcome}.",
            m.id,
            limit.max,
            limit.period.name(),
            s.used,
            s.period_start.format()
        ),
    )
    .with("membershipId", &*m.id)
    .with("period", limit.period.name())
    .with("max", limit.max)
    .with("used", s.used)
    .with("periodStart", s.period_start.format())
}

/// Reads `overrideLimits`: asking for it needs `bookings.overrideLimits`, even when nothing would.
pub fn asked_to_override(cx: &mut Cx, asked: Option<bool>) -> bool {
    let asked = asked.unwrap_or(false);
    if asked {
        cx.permit(Permission::BookingsOverrideLimits);
    }
    asked
}
