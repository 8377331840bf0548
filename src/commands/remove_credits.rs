//! removeCredits — deduct credits, named or by quantity (newest grants first) [AD][MA][AJ].
use super::selection::{self, Verb};
use super::{credits_of, group, id_list, reason, unknown_client, Cx, EntryDetails};
use crate::answer::LedgerKind;
use crate::input::{Obj, Reader};
use crate::model::CreditStatus;
use crate::policy::Permission;

const VERB: Verb = Verb { doing: "remove", done: "removed" };

pub fn run(cx: &mut Cx, cmd: &Obj) {
    cx.permit(Permission::CreditsRemove);
    let policy = cx.policy;
    let (client_id, selection, reason) = {
        let mut r = Reader::new(cmd, "", &mut cx.issues);
        r.unknown_fields(super::forms::RemoveCredits::FIELDS);
        let selection = selection::read(&mut r, &VERB);
        (r.id("clientId"), selection, reason(&mut r, policy, super::forms::RemoveCredits::TYPE))
    };
    let state = cx.state();
    let client = client_id.and_then(|id| {
        let c = state.client(id);
        if c.is_none() {
            cx.issues.error(unknown_client(id, "clientId"));
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
