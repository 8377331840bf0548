//! What the engine answers: verdicts, previews and ledger entries.
use crate::issue::{Issue, Issues};
use crate::model::{Booking, Credit, Id};
use crate::time::Time;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemVerdict {
    pub id: String,
    pub ok: bool,
    pub errors: Vec<Issue>,
    pub warnings: Vec<Issue>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verdict {
    pub ok: bool,
    pub errors: Vec<Issue>,
    pub warnings: Vec<Issue>,
    #[serde(skip_serializing_if = "Option::is_none")]
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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
}

/// One line of the audit trail: who, when, why, how many, of what type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LedgerEntry {
    pub id: String,
    pub at: Time,
    pub actor_id: Id,
    pub client_id: Id,
    pub kind: LedgerKind,
    pub credit_ids: Vec<Id>,
    pub quantity: usize,
    pub session_type_id: Id,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_session_type_id: Option<Id>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub booking_id: Option<Id>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change<T> {
    pub before: T,
    pub after: T,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CreditChanges {
    pub added: Vec<Credit>,
    pub changed: Vec<Change<Credit>>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct BookingChanges {
    pub added: Vec<Booking>,
    pub changed: Vec<Change<Booking>>,
    pub removed: Vec<Booking>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BalanceChange {
    pub client_id: Id,
    pub session_type_id: Id,
    pub before: usize,
    pub after: usize,
}

/// One row of `balances()`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Balance {
    pub client_id: Id,
    pub session_type_id: Id,
    pub available: usize,
    pub assigned: usize,
}

/// A verdict and everything the command would change. When `ok` is false the lists are empty.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Preview {
    pub ok: bool,
    pub errors: Vec<Issue>,
    pub warnings: Vec<Issue>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub items: Option<Vec<ItemVerdict>>,
    pub steps: Vec<String>,
    pub ledger: Vec<LedgerEntry>,
    pub credits: CreditChanges,
    pub bookings: BookingChanges,
    pub balances: Vec<BalanceChange>,
}

impl Preview {
    /// An answer that changes nothing.
    pub fn refused(verdict: Verdict) -> Preview {
        Preview {
            ok: verdict.ok,
            errors: verdict.errors,
            warnings: verdict.warnings,
            items: verdict.items,
            steps: Vec::new(),
            ledger: Vec::new(),
            credits: CreditChanges::default(),
            bookings: BookingChanges::default(),
            balances: Vec::new(),
        }
    }

    pub fn verdict(self) -> Verdict {
        Verdict { ok: self.ok, errors: self.errors, warnings: self.warnings, items: self.items }
    }
}
