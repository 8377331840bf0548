//! transferCredits — move credits to another client, named or by quantity (the ones the sender
//! would use next). Each credit keeps its id, type, source, grant and expiry.
use super::selection::{self, Verb};
use super::{credits_of, group, id_list, membership, unknown_client, Cx, EntryDetails};
use crate::answer::LedgerKind;
use crate::forms::inputs::TransferCredits;
use crate::issue::{Code, Issue};
use crate::model::{Client, Credit};

const VERB: Verb = Verb { doing: "transfer", done: "transferred" };

pub fn run(cx: &mut Cx, input: TransferCredits) {
    let issues = &mut cx.issues;
    let selection = selection::read(issues, (input.credit_ids, input.session_type_id, input.quantity), &VERB);
    let from_id = input.from_client_id.read(issues);
    let to_id = input.to_client_id.read(issues);
    let reason = input.reason.read(issues, cx.policy);
    let from = from_id.and_then(|id| known_client(cx, id, input.from_client_id.key));
    let to = to_id.and_then(|id| known_client(cx, id, input.to_client_id.key));
    if let (Some(f), Some(t)) = (from, to) {
        if f.id == t.id {
            cx.issues.error(Issue::new(
                Code::InvalidInput,
                input.to_client_id.key,
                "Credits can only be transferred to another client.",
            ));
        }
    }
    // The ones the sender would use next.
    let order = cx.policy.consumption_order.clone();
    let chosen = selection::take(cx, selection, from, &VERB, |a, b| super::booking_rules::compare(a, b, &order));
    // The recipient must be able to hold every credit, as for addCredits; problems stand at toClientId.
    let mut link = None;
    if let Some(to) = to.filter(|t| from.map_or(true, |f| f.id != t.id)) {
        match membership::holding(cx, to, "toClientId") {
            Err(issue) => cx.issues.error(issue),
            Ok(m) => {
                link = m.map(|m| m.id.clone());
                if let Some(m) = m {
                    let mut types: Vec<&str> = Vec::new();
                    for c in chosen.iter().filter_map(|&k| cx.draft.credit(k)) {
                        if !types.contains(&&*c.session_type_id) {
                            types.push(&c.session_type_id);
                        }
                    }
                    for t in types {
                        if let Some(issue) = membership::not_eligible(cx, to, m, t, "toClientId") {
                            cx.issues.error(issue);
                        }
                    }
                }
            }
        }
    }
    if cx.issues.has_errors() {
        return;
    }
    let (Some(from), Some(to)) = (from, to) else { return };
    let moved: Vec<Credit> = chosen.iter().filter_map(|&k| cx.draft.credit(k)).cloned().collect();
    for &k in &chosen {
        cx.draft.move_credit(k, &to.id);
        let link = link.clone();
        cx.draft.update_credit(k, |c| c.membership_id = link);
        cx.draft.fresh.push(k);
    }
    for g in group(moved.iter()) {
        cx.step(|cx| {
            format!(
                "Transfer {} from {} to {} ({}).",
                credits_of(g.credit_ids.len(), cx.type_name(&g.session_type_id)),
                from.name,
                to.name,
                id_list(&g.credit_ids)
            )
        });
        let out = EntryDetails {
            reason: reason.clone(),
            counterparty_client_id: Some(to.id.clone()),
            ..EntryDetails::default()
        };
        cx.record(LedgerKind::TransferOut, (from.id.clone(), g.session_type_id.clone()), g.credit_ids.clone(), out);
        let incoming = EntryDetails {
            reason: reason.clone(),
            counterparty_client_id: Some(from.id.clone()),
            ..EntryDetails::default()
        };
        cx.record(LedgerKind::TransferIn, (to.id.clone(), g.session_type_id), g.credit_ids, incoming);
    }
}

fn known_client<'s>(cx: &mut Cx<'s>, id: &str, path: &str) -> Option<&'s Client> {
    let found = cx.state().client(id);
    if found.is_none() {
        cx.issues.error(unknown_client(id, path));
    }
    found
}
