//! What the engine answers: verdicts, previews and ledger entries.
use crate::issue::{Issue, Issues};
use crate::model::{Booking, Credit, Id};
use crate::time::Time;
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ItemVerdict {
    pub id: String,
    pub ok: bool,
    pub errors: Vec<Issue>,
    pub warnings: Vec<Issue>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Verdict {
    pub ok: bool,
    pub errors: Vec<Issue>,
    pub warnings: Vec<Issue>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub items: Option<Vec<ItemVerdict>>,
}

impl Verdict {
    /// A verdict refusing the call for one reason.
    pub fn refusing(issue: Issue) -> Verdict {
        Verdict::from_issues(Issues { errors: vec![issue], warnings: Vec::new() }, None)
    }

    pub fn from_issues(issues: Issues, items: Option<Vec<ItemVerdict>>) -> Verdict {
        Verdict { ok: issues.errors.is_empty(), errors: issues.errors, warnings: issues.warnings, items }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum LedgerKind {
    Grant,
    Remove,
    ChangeType,
    ExtendExpiry,
    Assign,
    Release,
    Forfeit,
    Expire,
    Use,
    Revert,
    TransferOut,
    TransferIn,
    Hold,
    HoldRemoved,
}

impl LedgerKind {
    pub const ALL: [LedgerKind; 14] = [
        LedgerKind::Grant,
        LedgerKind::Remove,
        LedgerKind::ChangeType,
        LedgerKind::ExtendExpiry,
        LedgerKind::Assign,
        LedgerKind::Release,
        LedgerKind::Forfeit,
        LedgerKind::Expire,
        LedgerKind::Use,
        LedgerKind::Revert,
        LedgerKind::TransferOut,
        LedgerKind::TransferIn,
        LedgerKind::Hold,
        LedgerKind::HoldRemoved,
    ];

    /// The kind as JSON writes it.
    pub fn name(self) -> &'static str {
        match self {
            LedgerKind::Grant => "grant",
            LedgerKind::Remove => "remove",
            LedgerKind::ChangeType => "changeType",
            LedgerKind::ExtendExpiry => "extendExpiry",
            LedgerKind::Assign => "assign",
            LedgerKind::Release => "release",
            LedgerKind::Forfeit => "forfeit",
            LedgerKind::Expire => "expire",
            LedgerKind::Use => "use",
            LedgerKind::Revert => "revert",
            LedgerKind::TransferOut => "transferOut",
            LedgerKind::TransferIn => "transferIn",
            LedgerKind::Hold => "hold",
            LedgerKind::HoldRemoved => "holdRemoved",
        }
    }
}

/// One line of the audit trail: who, when, why, how many, of what type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LedgerEntry {
    pub id: String,
    #[ts(type = "Instant")]
    pub at: Time,
    pub actor_id: Id,
    pub client_id: Id,
    pub kind: LedgerKind,
    pub credit_ids: Vec<Id>,
    pub quantity: usize,
    pub session_type_id: Id,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub from_session_type_id: Option<Id>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub booking_id: Option<Id>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub note: Option<String>,
    /// The other client of a transfer.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub counterparty_client_id: Option<Id>,
    /// The sum of its credits' values, when at least one has a value.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "number")]
    pub value: Option<u64>,
    /// The hold of a `hold` or `holdRemoved` entry.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub hold_id: Option<Id>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Change<T> {
    pub before: T,
    pub after: T,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
pub struct CreditChanges {
    pub added: Vec<Credit>,
    pub changed: Vec<Change<Credit>>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
pub struct BookingChanges {
    #[ts(as = "Vec<crate::model::BookingShape>")]
    pub added: Vec<Booking>,
    #[ts(as = "Vec<Change<crate::model::BookingShape>>")]
    pub changed: Vec<Change<Booking>>,
    #[ts(as = "Vec<crate::model::BookingShape>")]
    pub removed: Vec<Booking>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BalanceChange {
    pub client_id: Id,
    pub session_type_id: Id,
    pub before: usize,
    pub after: usize,
}

/// One row of `balances()`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Balance {
    pub client_id: Id,
    pub session_type_id: Id,
    pub available: usize,
    pub assigned: usize,
    /// Credits used by attended bookings.
    pub used: usize,
}

/// How much a preview lists: `Full` (every record that changes) or `Summary` (for bulk screens:
/// only the items with an issue, no record lists).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Detail {
    #[default]
    Full,
    Summary,
    /// Only the verdict, for `validate` and `replay`: no steps, ledger, balances or record lists are made.
    Verdict,
}

/// How many items and records a command covers and changes, in both details.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Counts {
    pub items: usize,
    pub items_ok: usize,
    pub credits_added: usize,
    pub credits_changed: usize,
    pub bookings_added: usize,
    pub bookings_changed: usize,
    pub bookings_removed: usize,
}

/// A verdict and everything the command would change. When `ok` is false the lists are empty.
/// A summary leaves out `credits` and `bookings`, and lists only the items with an issue.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(rename = "PreviewAnswer")]
pub struct Preview {
    pub ok: bool,
    pub errors: Vec<Issue>,
    pub warnings: Vec<Issue>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub items: Option<Vec<ItemVerdict>>,
    pub steps: Vec<String>,
    pub ledger: Vec<LedgerEntry>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub credits: Option<CreditChanges>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub bookings: Option<BookingChanges>,
    pub balances: Vec<BalanceChange>,
    pub counts: Counts,
    /// The change of deferred revenue: values of available and assigned credits after, minus before.
    #[serde(rename = "deferredChange")]
    #[ts(rename = "deferredChange", type = "number")]
    pub deferred_change: i64,
}

impl Preview {
    /// A preview that is its verdict alone (a refusal, or a validate's answer): no changes listed.
    pub fn of_verdict(verdict: Verdict) -> Preview {
        let counts = Counts {
            items: verdict.items.as_ref().map_or(0, Vec::len),
            items_ok: verdict.items.as_ref().map_or(0, |items| items.iter().filter(|i| i.ok).count()),
            ..Counts::default()
        };
        Preview {
            ok: verdict.ok,
            errors: verdict.errors,
            warnings: verdict.warnings,
            items: verdict.items,
            steps: Vec::new(),
            ledger: Vec::new(),
            credits: Some(CreditChanges::default()),
            bookings: Some(BookingChanges::default()),
            balances: Vec::new(),
            counts,
            deferred_change: 0,
        }
    }

    /// The same answer in the given detail.
    #[must_use]
    pub fn in_detail(mut self, detail: Detail) -> Preview {
        if detail != Detail::Full {
            self.credits = None;
            self.bookings = None;
        }
        // A summary lists only the items with something to say; a verdict keeps them all.
        if detail == Detail::Summary {
            if let Some(items) = self.items.as_mut() {
                items.retain(|i| !i.errors.is_empty() || !i.warnings.is_empty());
            }
        }
        self
    }

    pub fn verdict(self) -> Verdict {
        Verdict { ok: self.ok, errors: self.errors, warnings: self.warnings, items: self.items }
    }
}

/// One entry of a replay, as `apply` answered it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "ReplayOutcome")]
pub struct ReplayEntry {
    pub command_id: Option<String>,
    pub ok: bool,
    pub errors: Vec<Issue>,
    pub warnings: Vec<Issue>,
}

/// What `replay` answers: one result per entry, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct ReplayResult {
    pub results: Vec<ReplayEntry>,
    pub applied: usize,
    pub refused: usize,
}

impl ReplayResult {
    /// A replay refused whole (its entries could not be read): one refused result.
    pub fn refusing(issue: Issue) -> ReplayResult {
        ReplayResult {
            results: vec![ReplayEntry { command_id: None, ok: false, errors: vec![issue], warnings: Vec::new() }],
            applied: 0,
            refused: 1,
        }
    }

    /// Adds one entry's outcome, counting it.
    pub fn push(&mut self, entry: ReplayEntry) {
        if entry.ok {
            self.applied += 1;
        } else {
            self.refused += 1;
        }
        self.results.push(entry);
    }
}

/// One row of `usage()`: where a client stands against one limit of a membership.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Usage {
    pub membership_id: Id,
    pub period: crate::model::Period,
    pub max: u32,
    pub used: usize,
    /// The local date the period starts.
    #[ts(type = "string")]
    pub period_start: crate::time::Date,
    /// The local date after its last day.
    #[ts(type = "string")]
    pub period_end: crate::time::Date,
    /// `[]`: every session type.
    pub session_type_ids: Vec<Id>,
}

/// What the studio's credits are worth, in minor units of `currency`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct Liability {
    pub currency: String,
    /// Available credits unexpired at `asOf`, and assigned ones.
    pub deferred: u64,
    pub recognized: Recognized,
    pub removed: u64,
    /// How many credits have no value.
    pub untracked: usize,
}

/// Revenue recognised: credits used, forfeited, or expired unused (breakage).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct Recognized {
    pub used: u64,
    pub forfeited: u64,
    pub expired: u64,
}
