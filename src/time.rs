//! Instants, plain dates and calendar-day arithmetic in the studio's time zone.
//!
//! Instants are whole seconds since the Unix epoch (fractional seconds are dropped on input) and are
//! written back in UTC to the second. Only years 0001–9999 are accepted, so every instant the engine
//! writes is valid RFC 3339 and no arithmetic can overflow.
use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveDateTime, Timelike, Utc};
use serde::{Serialize, Serializer};

/// A time zone from the bundled IANA database (jiff's), the same on every target.
pub type Zone = jiff::tz::TimeZone;

/// An instant, in whole seconds since the Unix epoch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Time(pub i64);

impl Serialize for Time {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // On the stack: a bulk preview writes tens of thousands of instants.
        let mut buf = [0u8; 20];
        s.serialize_str(write_instant(*self, &mut buf).unwrap_or_default())
    }
}

/// Writes `YYYY-MM-DDTHH:MM:SSZ` into `buf`.
fn write_instant(t: Time, buf: &mut [u8; 20]) -> Option<&str> {
    let dt = to_utc(t)?;
    let year = u32::try_from(dt.year()).ok().filter(|y| *y <= 9999)?;
    let fields = [
        (year, 4, 0),
        (dt.month(), 2, 5),
        (dt.day(), 2, 8),
        (dt.hour(), 2, 11),
        (dt.minute(), 2, 14),
        (dt.second(), 2, 17),
    ];
    *buf = *b"0000-00-00T00:00:00Z";
    for (mut value, width, at) in fields {
        for i in (at..at + width).rev() {
            *buf.get_mut(i)? = b'0' + (value % 10) as u8;
            value /= 10;
        }
    }
    std::str::from_utf8(buf).ok()
}

/// 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z.
const MIN_SECONDS: i64 = -62_135_596_800;
const MAX_SECONDS: i64 = 253_402_300_799;

fn in_range(t: i64) -> Option<Time> {
    (MIN_SECONDS..=MAX_SECONDS).contains(&t).then_some(Time(t))
}

/// Parses an RFC 3339 instant with an offset (`2026-11-24T12:00:00-05:00`).
pub fn parse_instant(s: &str) -> Option<Time> {
    let s = s.trim();
    // RFC 3339 needs a date, a time and an offset; chrono also takes a space for the `T`.
    if s.len() < 20 || s.len() > 40 {
        return None;
    }
    let dt = DateTime::parse_from_rfc3339(s).ok()?;
    in_range(dt.timestamp())
}

/// Parses a plain date `YYYY-MM-DD`.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let bytes = s.as_bytes();
    if bytes.len() != 10 || bytes.get(4) != Some(&b'-') || bytes.get(7) != Some(&b'-') {
        return None;
    }
    s.parse::<NaiveDate>().ok()
}

/// An expiry: an instant, or a plain date meaning "usable through the end of that local day",
/// i.e. expiring at the next local midnight.
pub fn parse_expiry(s: &str, tz: &Zone) -> Option<Time> {
    match parse_date(s) {
        Some(date) => local_midnight(date.succ_opt()?, tz),
        None => parse_instant(s),
    }
}

/// The instant a local wall-clock time happens, resolved as RFC 5545 and Temporal do
/// ("compatible"): in a fall-back overlap the earlier instant; in a spring-forward gap the time is
/// moved forward by the gap's length (02:30 on the spring-forward day in New York is 03:30 EDT).
pub fn resolve_local(naive: NaiveDateTime, tz: &Zone) -> Option<Time> {
    let civil = jiff::civil::DateTime::new(
        i16::try_from(naive.year()).ok()?,
        i8::try_from(naive.month()).ok()?,
        i8::try_from(naive.day()).ok()?,
        i8::try_from(naive.hour()).ok()?,
        i8::try_from(naive.minute()).ok()?,
        i8::try_from(naive.second()).ok()?,
        0,
    )
    .ok()?;
    let instant = tz.to_ambiguous_timestamp(civil).compatible().ok()?;
    in_range(instant.as_second())
}

pub fn local_midnight(date: NaiveDate, tz: &Zone) -> Option<Time> {
    resolve_local(date.and_hms_opt(0, 0, 0)?, tz)
}

fn to_utc(t: Time) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp(t.0, 0)
}

fn to_local(t: Time, tz: &Zone) -> Option<NaiveDateTime> {
    let offset = tz.to_offset(jiff::Timestamp::from_second(t.0).ok()?).seconds();
    Some(DateTime::from_timestamp(t.0.checked_add(i64::from(offset))?, 0)?.naive_utc())
}

/// `t` plus `days` calendar days in `tz`, keeping the local wall-clock time across DST changes.
pub fn add_days(t: Time, days: u64, tz: &Zone) -> Option<Time> {
    let local = to_local(t, tz)?;
    let date = local.date().checked_add_days(Days::new(days))?;
    resolve_local(date.and_time(local.time()), tz)
}

/// Writes an instant in UTC to the second: `2026-11-24T17:00:00Z`.
pub fn format_instant(t: Time) -> String {
    let mut buf = [0u8; 20];
    write_instant(t, &mut buf).unwrap_or_default().to_owned()
}

const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

fn names(local: &NaiveDateTime) -> (&'static str, &'static str) {
    let weekday = WEEKDAYS.get(local.weekday().num_days_from_monday() as usize).copied().unwrap_or("");
    let month = MONTHS.get(local.month0() as usize).copied().unwrap_or("");
    (weekday, month)
}

/// A session time as the front desk reads it, in the studio's zone: `Wed 25 Nov 20:00`.
pub fn describe_time(t: Time, tz: &Zone) -> String {
    match to_local(t, tz) {
        Some(l) => {
            let (wd, mon) = names(&l);
            format!("{wd} {} {mon} {:02}:{:02}", l.day(), l.hour(), l.minute())
        }
        None => format_instant(t),
    }
}

/// The last local day a credit expiring at `t` is usable, as a date: `Wed 30 Jun 2027`.
/// An expiry at local midnight is shown as the day before (usable through that day).
pub fn describe_expiry(t: Time, tz: &Zone) -> String {
    match to_local(t, tz) {
        Some(l) => {
            let last =
                if l.time() == chrono::NaiveTime::MIN { l.date().pred_opt().unwrap_or(l.date()) } else { l.date() };
            let l = last.and_time(l.time());
            let (wd, mon) = names(&l);
            format!("{wd} {} {mon} {}", l.day(), l.year())
        }
        None => format_instant(t),
    }
}

/// Looks up an IANA time-zone name in the bundled database.
pub fn parse_zone(name: &str) -> Option<Zone> {
    // Names are short; anything longer is not one and is not worth a lookup.
    (name.len() <= 64).then(|| jiff::tz::db().get(name).ok()).flatten()
}
