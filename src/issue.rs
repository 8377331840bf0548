//! Issues: errors and warnings as data, each with a stable code, a path and one plain sentence.
use serde::Serialize;
use std::collections::BTreeMap;
use ts_rs::TS;

/// A value in an issue's `params`, for translation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(untagged)]
pub enum Param {
    Text(String),
    Number(#[ts(type = "number")] i64),
}

impl From<&str> for Param {
    fn from(s: &str) -> Self {
        Param::Text(s.to_owned())
    }
}
impl From<String> for Param {
    fn from(s: String) -> Self {
        Param::Text(s)
    }
}
impl From<i64> for Param {
    fn from(n: i64) -> Self {
        Param::Number(n)
    }
}
impl From<u64> for Param {
    fn from(n: u64) -> Self {
        Param::Number(i64::try_from(n).unwrap_or(i64::MAX))
    }
}
impl From<u32> for Param {
    fn from(n: u32) -> Self {
        Param::Number(i64::from(n))
    }
}
impl From<usize> for Param {
    fn from(n: usize) -> Self {
        Param::Number(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

/// Every issue code, spelled once: errors, then warnings (`unknown_field` is both). JSON and
/// TypeScript spell them snake_case (`Code::InvalidQuantity` is `invalid_quantity`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename = "IssueCode")]
pub enum Code {
    InvalidInput,
    Required,
    UnknownField,
    UnknownCommand,
    UnknownRole,
    PermissionDenied,
    LimitExceeded,
    InvalidQuantity,
    TooMany,
    Duplicate,
    TooLong,
    ReasonRequired,
    InvalidDate,
    UnknownClient,
    UnknownCredit,
    UnknownBooking,
    UnknownSessionType,
    UnknownMembership,
    SessionTypeInactive,
    CreditAssigned,
    CreditExpired,
    CreditNotAvailable,
    InsufficientCredits,
    NotRevocable,
    NoActiveMembership,
    MembershipExpired,
    GracePeriodOver,
    MembershipMismatch,
    NotEligible,
    ExpiryInPast,
    ExpiryNotLater,
    SessionTypeMismatch,
    AlreadyPaid,
    BookingNotActive,
    WrongClient,
    NothingToApply,
    CheckInNotOpen,
    SessionNotStarted,
    Inconsistent,
    NoChange,
    RecurringReleaseUnchanged,
    ShortExpiry,
    BookedUnpaid,
    LateCancelForfeit,
    ReturnedCreditExpired,
    RestoredCreditUnusable,
    OtherUnpaidBookings,
    StartsInPast,
    ItemSkipped,
    AttendedUnpaid,
    NoShowForfeit,
}

impl Code {
    pub const ALL: [Code; 51] = [
        Code::InvalidInput,
        Code::Required,
        Code::UnknownField,
        Code::UnknownCommand,
        Code::UnknownRole,
        Code::PermissionDenied,
        Code::LimitExceeded,
        Code::InvalidQuantity,
        Code::TooMany,
        Code::Duplicate,
        Code::TooLong,
        Code::ReasonRequired,
        Code::InvalidDate,
        Code::UnknownClient,
        Code::UnknownCredit,
        Code::UnknownBooking,
        Code::UnknownSessionType,
        Code::UnknownMembership,
        Code::SessionTypeInactive,
        Code::CreditAssigned,
        Code::CreditExpired,
        Code::CreditNotAvailable,
        Code::InsufficientCredits,
        Code::NotRevocable,
        Code::NoActiveMembership,
        Code::MembershipExpired,
        Code::GracePeriodOver,
        Code::MembershipMismatch,
        Code::NotEligible,
        Code::ExpiryInPast,
        Code::ExpiryNotLater,
        Code::SessionTypeMismatch,
        Code::AlreadyPaid,
        Code::BookingNotActive,
        Code::WrongClient,
        Code::NothingToApply,
        Code::CheckInNotOpen,
        Code::SessionNotStarted,
        Code::Inconsistent,
        Code::NoChange,
        Code::RecurringReleaseUnchanged,
        Code::ShortExpiry,
        Code::BookedUnpaid,
        Code::LateCancelForfeit,
        Code::ReturnedCreditExpired,
        Code::RestoredCreditUnusable,
        Code::OtherUnpaidBookings,
        Code::StartsInPast,
        Code::ItemSkipped,
        Code::AttendedUnpaid,
        Code::NoShowForfeit,
    ];

    /// The code as JSON writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::InvalidInput => "invalid_input",
            Code::Required => "required",
            Code::UnknownField => "unknown_field",
            Code::UnknownCommand => "unknown_command",
            Code::UnknownRole => "unknown_role",
            Code::PermissionDenied => "permission_denied",
            Code::LimitExceeded => "limit_exceeded",
            Code::InvalidQuantity => "invalid_quantity",
            Code::TooMany => "too_many",
            Code::Duplicate => "duplicate",
            Code::TooLong => "too_long",
            Code::ReasonRequired => "reason_required",
            Code::InvalidDate => "invalid_date",
            Code::UnknownClient => "unknown_client",
            Code::UnknownCredit => "unknown_credit",
            Code::UnknownBooking => "unknown_booking",
            Code::UnknownSessionType => "unknown_session_type",
            Code::UnknownMembership => "unknown_membership",
            Code::SessionTypeInactive => "session_type_inactive",
            Code::CreditAssigned => "credit_assigned",
            Code::CreditExpired => "credit_expired",
            Code::CreditNotAvailable => "credit_not_available",
            Code::InsufficientCredits => "insufficient_credits",
            Code::NotRevocable => "not_revocable",
            Code::NoActiveMembership => "no_active_membership",
            Code::MembershipExpired => "membership_expired",
            Code::GracePeriodOver => "grace_period_over",
            Code::MembershipMismatch => "membership_mismatch",
            Code::NotEligible => "not_eligible",
            Code::ExpiryInPast => "expiry_in_past",
            Code::ExpiryNotLater => "expiry_not_later",
            Code::SessionTypeMismatch => "session_type_mismatch",
            Code::AlreadyPaid => "already_paid",
            Code::BookingNotActive => "booking_not_active",
            Code::WrongClient => "wrong_client",
            Code::NothingToApply => "nothing_to_apply",
            Code::CheckInNotOpen => "check_in_not_open",
            Code::SessionNotStarted => "session_not_started",
            Code::Inconsistent => "inconsistent",
            Code::NoChange => "no_change",
            Code::RecurringReleaseUnchanged => "recurring_release_unchanged",
            Code::ShortExpiry => "short_expiry",
            Code::BookedUnpaid => "booked_unpaid",
            Code::LateCancelForfeit => "late_cancel_forfeit",
            Code::ReturnedCreditExpired => "returned_credit_expired",
            Code::RestoredCreditUnusable => "restored_credit_unusable",
            Code::OtherUnpaidBookings => "other_unpaid_bookings",
            Code::StartsInPast => "starts_in_past",
            Code::ItemSkipped => "item_skipped",
            Code::AttendedUnpaid => "attended_unpaid",
            Code::NoShowForfeit => "no_show_forfeit",
        }
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Issue {
    pub code: Code,
    pub path: String,
    pub message: String,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    #[ts(optional, type = "Record<string, string | number>")]
    pub params: BTreeMap<&'static str, Param>,
}

impl Issue {
    pub fn new(code: Code, path: impl Into<String>, message: impl Into<String>) -> Self {
        Issue { code, path: path.into(), message: message.into(), params: BTreeMap::new() }
    }

    #[must_use]
    pub fn with(mut self, key: &'static str, value: impl Into<Param>) -> Self {
        self.params.insert(key, value.into());
        self
    }

    /// `code@path`, the form tests and logs use.
    pub fn key(&self) -> String {
        format!("{}@{}", self.code, self.path)
    }
}

/// Joins path segments with dots, leaving out empty ones.
pub fn join(prefix: &str, key: &str) -> String {
    match (prefix.is_empty(), key.is_empty()) {
        (true, _) => key.to_owned(),
        (_, true) => prefix.to_owned(),
        _ => [prefix, ".", key].concat(),
    }
}

/// A path segment for a list index (a bulk command makes one per item: no formatting machinery).
pub fn at(prefix: &str, index: usize) -> String {
    join(prefix, itoa::Buffer::new().format(index))
}

/// Errors and warnings gathered while checking one thing.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Issues {
    pub errors: Vec<Issue>,
    pub warnings: Vec<Issue>,
}

impl Issues {
    pub fn error(&mut self, issue: Issue) {
        self.errors.push(issue);
    }
    pub fn warn(&mut self, issue: Issue) {
        self.warnings.push(issue);
    }
    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }
    pub fn append(&mut self, other: Issues) {
        self.errors.extend(other.errors);
        self.warnings.extend(other.warnings);
    }
    /// Moves `other` in with every path put under `prefix` (a batch's `commands.3`).
    pub fn append_prefixed(&mut self, other: Issues, prefix: &str) {
        let fix = |mut i: Issue| {
            i.path = join(prefix, &i.path);
            i
        };
        self.errors.extend(other.errors.into_iter().map(fix));
        self.warnings.extend(other.warnings.into_iter().map(fix));
    }
}

/// Shortens user-supplied text (an unknown key, say) before it goes into a message or path.
pub fn clip(s: &str) -> String {
    const MAX: usize = 64;
    match s.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", s.get(..cut).unwrap_or_default()),
        None => s.to_owned(),
    }
}
