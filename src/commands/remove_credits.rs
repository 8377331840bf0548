//! removeCredits — deduct credits, named or by quantity (newest grants first) [AD][MA][AJ].
use super::selection::{self, Verb};
use super::{credits_of, group, id_list, unknown_client, Cx, EntryDetails};
use crate::answer::LedgerKind;
use crate::forms::inputs::RemoveCredits;
use crate::model::CreditStatus;

const VERB: Verb = Verb { doing: "remove", done: "removed" };

pub fn run(cx: &mut Cx, input: RemoveCredits) {
    let issues = &mut cx.issues;
    let selection = selection::read(issues, (input.credit_ids, input.session_type_id, input.quantity), &VERB);
    let client_id = input.client_id.read(issues);
    let reason = input.reason.read(issues, cx.policy);
    let state = cx.state();
    let client = client_id.and_then(|id| {
        let c = state.client(id);
        if c.is_none() {
            cx.issues.error(unknown_client(id, input.client_id.key));
        }
        c
    });
    // Newest grants first; ties on id, descending.
    let chosen =
        selection::take(cx, selection, client, &VERB, |a, b| (b.granted_at, &b.id).cmp(&(a.granted_at, &a.id)));

    if cx.issues.has_errors() {
        return;
    }
    let Some(client) = client else { return };
    for &k in &chosen {
        cx.draft.update_credit(k, |c| c.status = CreditStatus::Removed);
    }
    let removed: Vec<_> = chosen.iter().filter_map(|&k| cx.draft.credit(k)).cloned().collect();
    for g in group(removed.iter()) {
        let type_name = cx.type_name(&g.session_type_id);
        cx.step(|_| {
            format!(
                "Remove {} from {} ({}).",
                credits_of(g.credit_ids.len(), type_name),
                client.name,
                id_list(&g.credit_ids)
            )
        });
        let details = EntryDetails { reason: reason.clone(), ..EntryDetails::default() };
        cx.record(LedgerKind::Remove, (g.client_id, g.session_type_id), g.credit_ids, details);
    }
}
