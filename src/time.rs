//! Instants, plain dates and calendar-day arithmetic in the studio's time zone.
//!
//! Instants are whole seconds since the Unix epoch (fractional seconds are dropped on input) and are
//! written back in UTC to the second. Only years 0001–9999 are accepted, so every instant the engine
//! writes is valid RFC 3339 and no arithmetic can overflow.
use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveDateTime, Timelike};
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

/// A plain local date (`2026-12-01`): a hold's first and last day, a usage period's start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub NaiveDate);

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut buf = [0u8; 20];
        s.serialize_str(write_date(*self, &mut buf).unwrap_or_default())
    }
}

/// Writes `YYYY-MM-DD` into `buf` (chrono's formatter is large for what it does here).
fn write_date(d: Date, buf: &mut [u8; 20]) -> Option<&str> {
    let t = local_midnight_utc(d)?;
    write_instant(t, buf).and_then(|s| s.get(..10))
}

/// The instant of a date's midnight in UTC, for writing it.
fn local_midnight_utc(d: Date) -> Option<Time> {
    let days = i64::from(d.0.num_days_from_ce()) - 719_163;
    Some(Time(days.checked_mul(86_400)?))
}

impl Date {
    pub fn parse(s: &str) -> Option<Date> {
        parse_date(s).filter(|d| (1..=9999).contains(&d.year())).map(Date)
    }

    /// The instant its local day starts.
    pub fn midnight(self, tz: &Zone) -> Option<Time> {
        local_midnight(self.0, tz)
    }

    pub fn plus_days(self, days: i64) -> Option<Date> {
        let d = if days >= 0 {
            self.0.checked_add_days(Days::new(days.unsigned_abs()))
        } else {
            self.0.checked_sub_days(Days::new(days.unsigned_abs()))
        };
        d.map(Date)
    }

    pub fn format(self) -> String {
        let mut buf = [0u8; 20];
        write_date(self, &mut buf).unwrap_or_default().to_owned()
    }

    /// `1 Dec`, for a sentence.
    pub fn describe(self) -> String {
        let month = MONTHS.get(self.0.month0() as usize).copied().unwrap_or("");
        format!("{} {month}", self.0.day())
    }
}

/// The local date of an instant in `tz`.
pub fn local_date(t: Time, tz: &Zone) -> Option<Date> {
    to_local(t, tz).map(|l| Date(l.date()))
}

/// `t` minus `days` calendar days in `tz`, keeping the local wall-clock time.
pub fn sub_days(t: Time, days: u64, tz: &Zone) -> Option<Time> {
    shift_days(t, tz, |date| date.checked_sub_days(Days::new(days)))
}

/// `t` on another local date (`move_date` of its own), at the same local wall-clock time.
fn shift_days(t: Time, tz: &Zone, move_date: impl FnOnce(NaiveDate) -> Option<NaiveDate>) -> Option<Time> {
    let local = to_local(t, tz)?;
    resolve_local(move_date(local.date())?.and_time(local.time()), tz)
}

/// Writes `YYYY-MM-DDTHH:MM:SSZ` into `buf`.
fn write_instant(t: Time, buf: &mut [u8; 20]) -> Option<&str> {
    let (days, second) = (t.0.div_euclid(86_400), t.0.rem_euclid(86_400));
    let (year, month, day) = civil_from_days(days);
    let year = u32::try_from(year).ok().filter(|y| *y <= 9999)?;
    let second = u32::try_from(second).ok()?;
    let fields = [
        (year, 4, 0),
        (month, 2, 5),
        (day, 2, 8),
        (second / 3600, 2, 11),
        (second / 60 % 60, 2, 14),
        (second % 60, 2, 17),
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

// Civil dates and day numbers, without a calendar library's generality: a bulk preview writes
// tens of thousands of instants and a snapshot reads hundreds of thousands (chrono's parse and
// format were a fifth of loading). Howard Hinnant's algorithms, proleptic Gregorian; the tests
// check them against chrono.

/// Days since 1970-01-01 of a date.
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let (m, d) = (i64::from(month), i64::from(day));
    let y = if m <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day number (days since 1970-01-01).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if month <= 2 { yoe + era * 400 + 1 } else { yoe + era * 400 }, month, day)
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn digits(ds: &[u8]) -> Option<u32> {
    ds.iter().try_fold(0u32, |n, &c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')))
}

/// A valid date of `YYYY`, `MM` and `DD` digits.
fn canonical_date(y: &[u8], m: &[u8], d: &[u8]) -> Option<(i64, u32, u32)> {
    let (year, month, day) = (i64::from(digits(y)?), digits(m)?, digits(d)?);
    ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month)).then_some((year, month, day))
}

/// `YYYY-MM-DDTHH:MM:SSZ` exactly, as the engine writes instants; anything else is for chrono.
fn parse_canonical_instant(b: &[u8]) -> Option<Time> {
    let [y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1, b'T', h0, h1, b':', i0, i1, b':', s0, s1, b'Z'] = *b else {
        return None;
    };
    let (year, month, day) = canonical_date(&[y0, y1, y2, y3], &[m0, m1], &[d0, d1])?;
    let (hour, minute, second) = (digits(&[h0, h1])?, digits(&[i0, i1])?, digits(&[s0, s1])?);
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let seconds = days_from_civil(year, month, day) * 86_400 + i64::from(hour * 3600 + minute * 60 + second);
    in_range(seconds)
}

/// 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z.
const MIN_SECONDS: i64 = -62_135_596_800;
const MAX_SECONDS: i64 = 253_402_300_799;

fn in_range(t: i64) -> Option<Time> {
    (MIN_SECONDS..=MAX_SECONDS).contains(&t).then_some(Time(t))
}

/// Parses an RFC 3339 instant with an offset (`2026-11-24T12:00:00-05:00`).
pub fn parse_instant(s: &str) -> Option<Time> {
    let s = crate::input::trimmed(s);
    if let Some(t) = parse_canonical_instant(s.as_bytes()) {
        return Some(t);
    }
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
    let [y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] = *bytes else {
        return None;
    };
    if let Some((year, month, day)) = canonical_date(&[y0, y1, y2, y3], &[m0, m1], &[d0, d1]) {
        return NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day);
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

fn to_local(t: Time, tz: &Zone) -> Option<NaiveDateTime> {
    let offset = tz.to_offset(jiff::Timestamp::from_second(t.0).ok()?).seconds();
    Some(DateTime::from_timestamp(t.0.checked_add(i64::from(offset))?, 0)?.naive_utc())
}

/// `t` plus `days` calendar days in `tz`, keeping the local wall-clock time across DST changes.
pub fn add_days(t: Time, days: u64, tz: &Zone) -> Option<Time> {
    shift_days(t, tz, |date| date.checked_add_days(Days::new(days)))
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

/// The bundled IANA database, from 1970 on (build.rs): its release and each zone's TZif bytes.
pub mod zones {
    include!(concat!(env!("OUT_DIR"), "/zones.rs"));
    pub static DATA: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/zones.bin"));
}

/// Looks up an IANA time-zone name in the bundled database, ignoring ASCII case as the IANA does.
pub fn parse_zone(name: &str) -> Option<Zone> {
    // Names are short; anything longer is not one and is not worth a lookup.
    if name.len() > 64 {
        return None;
    }
    let folded = |s: &'static str| s.bytes().map(|b| b.to_ascii_lowercase());
    let at = zones::ZONES
        .binary_search_by(|(zone, _)| folded(zone).cmp(name.bytes().map(|b| b.to_ascii_lowercase())))
        .ok()?;
    let (canonical, range) = zones::ZONES.get(at)?;
    Zone::tzif(canonical, zones::DATA.get(range.clone())?).ok()
}

#[cfg(test)]
mod date_tests {
    use super::*;

    #[test]
    fn a_date_is_written_as_chrono_writes_it() {
        for s in ["0001-01-01", "1969-12-31", "1970-01-01", "2024-02-29", "2026-12-01", "9999-12-31"] {
            let d = Date::parse(s).map(Date::format);
            assert_eq!(d.as_deref(), Some(s));
        }
    }
}
