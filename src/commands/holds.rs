//! What holding a membership and taking a hold back share: the credits linked to the membership,
//! and one ledger entry per client and session type of the credits a hold moved.
use super::{group, Cx, EntryDetails};
use crate::answer::LedgerKind;
use crate::issue::{Code, Issue};
use crate::model::{CreditStatus, Id, Membership};
use crate::state::Ix;

/// The membership a hold command names: known (`unknown_membership@membershipId`).
pub fn find_membership(cx: &mut Cx, id: &str) -> Option<(Ix, Membership)> {
    let found = cx.draft.find_membership(id).and_then(|n| cx.draft.membership(n).map(|m| (n, m.clone())));
    if found.is_none() {
        let issue = Issue::unknown(Code::UnknownMembership, "membershipId", id);
        cx.issues.error(issue);
    }
    found
}

/// The credits linked to a membership that are available or assigned, in the state's order.
pub fn live_credits(cx: &Cx, m: &Membership) -> Vec<Ix> {
    let mut credits: Vec<Ix> = cx
        .draft
        .client_credits(&m.client_id)
        .filter(|(_, c)| {
            c.membership_id.as_ref() == Some(&m.id)
                && matches!(c.status, CreditStatus::Available | CreditStatus::Assigned)
        })
        .map(|(k, _)| k)
        .collect();
    credits.sort_unstable();
    credits
}

/// One `kind` entry per client and session type of `credits` (in the order of their first credit).
pub fn record(cx: &mut Cx, kind: LedgerKind, credits: &[Ix], hold_id: &Id, reason: Option<&str>) {
    let groups = group(credits.iter().filter_map(|&k| cx.draft.credit(k)));
    for g in groups {
        let details = EntryDetails {
            hold_id: Some(hold_id.clone()),
            reason: reason.map(str::to_owned),
            ..EntryDetails::default()
        };
        cx.record(kind, (g.client_id, g.session_type_id), g.credit_ids, details);
    }
}
