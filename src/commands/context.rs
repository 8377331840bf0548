//! The context a command runs in: the policy, the acting role, `now`, and the draft it changes.
use crate::answer::{LedgerEntry, LedgerKind};
use crate::draft::Draft;
use crate::issue::{Code, Issue, Issues};
use crate::model::Id;
use crate::policy::{Permission, Policy, Role};
use crate::state::State;
use crate::time::Time;

/// What a ledger entry says beyond who, when, which credits and of what type.
#[derive(Debug, Default)]
pub struct EntryDetails {
    pub reason: Option<String>,
    pub note: Option<String>,
    pub from_session_type_id: Option<Id>,
    pub booking_id: Option<Id>,
    pub counterparty_client_id: Option<Id>,
    pub hold_id: Option<Id>,
}

/// Everything a command reads and writes while it runs.
pub struct Cx<'s> {
    pub policy: &'s Policy,
    pub role: &'s Role,
    pub now: Time,
    /// The actor's id, and its `Id` once a ledger entry names it (a replay's verdicts never do).
    pub actor: &'s str,
    pub actor_id: Option<Id>,
    pub draft: Draft<'s>,
    pub issues: Issues,
    pub items: Option<Vec<crate::answer::ItemVerdict>>,
    /// The booking forgiveAndRebook made, which autopay pays first.
    pub rebooked: Option<crate::state::Ix>,
}

impl<'s> Cx<'s> {
    /// Checks the actor's role holds `p`; reports `permission_denied` when it does not.
    pub fn permit(&mut self, p: Permission) -> bool {
        let ok = self.role.may(p);
        if !ok {
            let issue =
                Issue::new(Code::PermissionDenied, "", format!("The {} role may not {}.", self.role.name, p.action()));
            self.issues.error(issue.with("role", self.role.name.as_str()).with("permission", p.name()));
        }
        ok
    }

    pub fn state(&self) -> &'s State {
        self.draft.base
    }

    pub fn tz(&self) -> &'s crate::time::Zone {
        &self.policy.timezone
    }

    /// A client's name for a sentence (its id when it has none); borrowed from the state, not
    /// from the context, so the context stays free to change.
    pub fn client_name<'x>(&self, id: &'x str) -> &'x str
    where
        's: 'x,
    {
        self.state().client(id).map_or(id, |c| c.name.as_str())
    }

    /// Writes one ledger entry, whole: the next entry id, this actor, now, the credits and their
    /// count, for one client and session type. The only place a ledger entry is made.
    pub fn record(
        &mut self,
        kind: LedgerKind,
        (client_id, session_type_id): (Id, Id),
        credit_ids: Vec<Id>,
        details: EntryDetails,
    ) {
        if !self.draft.narrate {
            return;
        }
        let EntryDetails { reason, note, from_session_type_id, booking_id, counterparty_client_id, hold_id } = details;
        let value = credit_ids
            .iter()
            .filter_map(|id| self.draft.find_credit(id).and_then(|k| self.draft.credit(k)))
            .filter_map(|c| c.value)
            .fold(None, |sum: Option<u64>, v| Some(sum.unwrap_or(0).saturating_add(v)));
        let entry = LedgerEntry {
            id: self.draft.entry_id(),
            at: self.now,
            actor_id: self.actor_id.get_or_insert_with(|| Id::from(self.actor)).clone(),
            client_id,
            kind,
            quantity: credit_ids.len(),
            credit_ids,
            session_type_id,
            from_session_type_id,
            booking_id,
            reason,
            note,
            counterparty_client_id,
            value,
            hold_id,
        };
        self.draft.ledger.push(entry);
    }

    /// Adds a step to the answer, when the answer has steps (a replay's has none, and skips
    /// writing them).
    pub fn step(&mut self, say: impl FnOnce(&Self) -> String) {
        if self.draft.narrate {
            let step = say(self);
            self.draft.steps.push(step);
        }
    }

    pub fn type_name<'x>(&self, id: &'x str) -> &'x str
    where
        's: 'x,
    {
        self.state().session_type(id).map_or(id, |t| t.name.as_str())
    }
}
