//! The studio's records, as the engine holds them and writes them back.
use crate::time::{Date, Time};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use ts_rs::TS;

/// Ids are shared, not copied: a credit's `clientId` and the client's `id` are one allocation.
pub type Id = Arc<str>;

/// An id joined from its parts straight into its `Id` (a short one through the stack, not a
/// `String` first: one allocation, not two).
pub fn joined_id(parts: &[&str]) -> Id {
    let mut buf = [0u8; 96];
    let mut len = 0;
    for part in parts {
        let Some(slot) = buf.get_mut(len..len + part.len()) else {
            return Id::from(parts.concat());
        };
        slot.copy_from_slice(part.as_bytes());
        len += part.len();
    }
    match buf.get(..len).map(std::str::from_utf8) {
        Some(Ok(s)) => Id::from(s),
        _ => Id::from(parts.concat()),
    }
}

/// Are two ids the same? The loader shares one allocation per id, so most answers come from the
/// pointers, without comparing bytes.
pub fn same_id(a: &str, b: &str) -> bool {
    std::ptr::eq(a, b) || a == b
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "SessionKind")]
pub enum Kind {
    Service,
    Class,
}

impl Kind {
    pub const ALL: [Kind; 2] = [Kind::Service, Kind::Class];
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SessionType {
    pub id: Id,
    pub name: String,
    pub kind: Kind,
    #[ts(type = "number | null")]
    pub duration_minutes: Option<u32>,
    pub active: bool,
    /// How many credits one booking of the type takes (1 to 20).
    pub credit_cost: u32,
}

impl SessionType {
    /// The credits a booking of the type takes, as a count.
    pub fn cost(&self) -> usize {
        self.credit_cost.max(1) as usize
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Client {
    pub id: Id,
    pub name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum MembershipStatus {
    Active,
    Frozen,
    Expired,
    Cancelled,
}

impl MembershipStatus {
    pub const ALL: [MembershipStatus; 4] =
        [MembershipStatus::Active, MembershipStatus::Frozen, MembershipStatus::Expired, MembershipStatus::Cancelled];
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Membership {
    pub id: Id,
    pub client_id: Id,
    pub status: MembershipStatus,
    #[ts(type = "Instant | null")]
    pub ends_at: Option<Time>,
    #[ts(type = "Instant | null")]
    pub cancelled_at: Option<Time>,
    pub recurring: bool,
    /// Empty means every session type.
    pub eligible_session_type_ids: Vec<Id>,
    pub usage_limits: Vec<UsageLimit>,
    pub holds: Vec<Hold>,
}

/// A usage limit's period, local to the studio's time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "UsagePeriod")]
pub enum Period {
    Day,
    Week,
    Month,
}

impl Period {
    pub const ALL: [Period; 3] = [Period::Day, Period::Week, Period::Month];

    pub fn name(self) -> &'static str {
        match self {
            Period::Day => "day",
            Period::Week => "week",
            Period::Month => "month",
        }
    }
}

/// "At most `max` bookings per `period`", of the listed types (empty: every type).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UsageLimit {
    pub period: Period,
    pub max: u32,
    pub session_type_ids: Vec<Id>,
}

impl UsageLimit {
    pub fn covers(&self, session_type_id: &str) -> bool {
        self.session_type_ids.is_empty() || self.session_type_ids.iter().any(|t| &**t == session_type_id)
    }
}

/// A membership hold: local dates, both included; the credits it extended, and whether it pushed
/// the membership's `endsAt`.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Hold {
    pub id: Id,
    #[ts(type = "string")]
    pub starts_on: Date,
    #[ts(type = "string")]
    pub ends_on: Date,
    pub credit_ids: Vec<Id>,
    pub extended_ends_at: bool,
}

impl Hold {
    /// Its length in calendar days, both ends included.
    pub fn days(&self) -> u64 {
        u64::try_from((self.ends_on.0 - self.starts_on.0).num_days() + 1).unwrap_or(0)
    }

    pub fn covers(&self, date: Date) -> bool {
        self.starts_on <= date && date <= self.ends_on
    }

    pub fn overlaps(&self, other: &Hold) -> bool {
        self.starts_on <= other.ends_on && other.starts_on <= self.ends_on
    }
}

impl Membership {
    /// The hold covering a local date, if any.
    pub fn hold_on(&self, date: Date) -> Option<&Hold> {
        self.holds.iter().find(|h| h.covers(date))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "CreditSource")]
pub enum Source {
    Purchased,
    Recurring,
    Manual,
}

impl Source {
    pub const ALL: [Source; 3] = [Source::Purchased, Source::Recurring, Source::Manual];
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum CreditStatus {
    Available,
    Assigned,
    Used,
    Forfeited,
    Expired,
    Removed,
}

impl CreditStatus {
    pub const ALL: [CreditStatus; 6] = [
        CreditStatus::Available,
        CreditStatus::Assigned,
        CreditStatus::Used,
        CreditStatus::Forfeited,
        CreditStatus::Expired,
        CreditStatus::Removed,
    ];
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Credit {
    pub id: Id,
    pub client_id: Id,
    pub session_type_id: Id,
    pub source: Source,
    pub membership_id: Option<Id>,
    #[ts(type = "Instant")]
    pub granted_at: Time,
    #[ts(type = "Instant | null")]
    pub expires_at: Option<Time>,
    pub status: CreditStatus,
    pub booking_id: Option<Id>,
    pub revocable: bool,
    /// What the client paid for this credit, in minor units of the policy's currency; `None`: not tracked.
    #[ts(type = "number | null")]
    pub value: Option<u64>,
}

impl Credit {
    /// Expired at `t`: its expiry is at or before `t`.
    pub fn expired_at(&self, t: Time) -> bool {
        self.expires_at.is_some_and(|e| e <= t)
    }

    /// Available and unexpired at `t`.
    pub fn usable_at(&self, t: Time) -> bool {
        self.status == CreditStatus::Available && !self.expired_at(t)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum BookingStatus {
    Booked,
    Cancelled,
    LateCancelled,
    Attended,
    NoShow,
}

impl BookingStatus {
    pub const ALL: [BookingStatus; 5] = [
        BookingStatus::Booked,
        BookingStatus::Cancelled,
        BookingStatus::LateCancelled,
        BookingStatus::Attended,
        BookingStatus::NoShow,
    ];
}

/// A booking; `credit_ids` are the credits paying it, in the order taken. Written with `creditId`,
/// their mirror (the first, or null), beside them.
#[derive(Debug, Clone, PartialEq)]
pub struct Booking {
    pub id: Id,
    pub client_id: Id,
    pub session_type_id: Id,
    pub starts_at: Time,
    pub status: BookingStatus,
    pub credit_ids: Vec<Id>,
}

/// The shape `Booking` is written in, for the TypeScript.
#[derive(TS)]
#[ts(rename = "Booking")]
#[allow(dead_code, reason = "only its TypeScript is used")]
pub(crate) struct BookingShape {
    id: String,
    #[ts(rename = "clientId")]
    client_id: String,
    #[ts(rename = "sessionTypeId")]
    session_type_id: String,
    #[ts(rename = "startsAt", type = "Instant")]
    starts_at: String,
    status: BookingStatus,
    /// The credits paying the booking, in the order taken; empty: Booked: Unpaid.
    #[ts(rename = "creditIds")]
    credit_ids: Vec<String>,
    /// The first of `creditIds`, or null.
    #[ts(rename = "creditId")]
    credit_id: Option<String>,
}

impl Serialize for Booking {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut out = s.serialize_struct("Booking", 7)?;
        out.serialize_field("id", &self.id)?;
        out.serialize_field("clientId", &self.client_id)?;
        out.serialize_field("sessionTypeId", &self.session_type_id)?;
        out.serialize_field("startsAt", &self.starts_at)?;
        out.serialize_field("status", &self.status)?;
        out.serialize_field("creditIds", &self.credit_ids)?;
        out.serialize_field("creditId", &self.credit_ids.first())?;
        out.end()
    }
}

impl Booking {
    /// Booked: Unpaid.
    pub fn unpaid(&self) -> bool {
        self.status == BookingStatus::Booked && self.credit_ids.is_empty()
    }

    pub fn paid(&self) -> bool {
        !self.credit_ids.is_empty()
    }

    pub fn lists(&self, credit_id: &str) -> bool {
        self.credit_ids.iter().any(|k| &**k == credit_id)
    }
}

/// The whole studio, in the form `snapshot()` writes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Snapshot {
    pub session_types: Vec<SessionType>,
    pub clients: Vec<Client>,
    pub memberships: Vec<Membership>,
    pub credits: Vec<Credit>,
    #[ts(as = "Vec<BookingShape>")]
    pub bookings: Vec<Booking>,
}
