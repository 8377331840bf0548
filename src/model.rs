//! The studio's records, as the engine holds them and writes them back.
use crate::time::Time;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use ts_rs::TS;

/// Ids are shared, not copied: a credit's `clientId` and the client's `id` are one allocation.
pub type Id = Arc<str>;

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

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Booking {
    pub id: Id,
    pub client_id: Id,
    pub session_type_id: Id,
    #[ts(type = "Instant")]
    pub starts_at: Time,
    pub status: BookingStatus,
    pub credit_id: Option<Id>,
}

impl Booking {
    /// Booked: Unpaid.
    pub fn unpaid(&self) -> bool {
        self.status == BookingStatus::Booked && self.credit_id.is_none()
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
    pub bookings: Vec<Booking>,
}
