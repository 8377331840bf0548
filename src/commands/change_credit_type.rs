//! changeCreditType — one or many credits to another session type [CT].
use super::bulk::{self, Item};
use super::{active_session_type, credits_of, group, id_list, unavailable, unknown_credit};
use super::{Cx, EntryDetails};
use crate::answer::LedgerKind;
use crate::forms::inputs::ChangeCreditType;
use crate::issue::{Code, Issue};
use crate::model::{SessionType, Source};
use crate::state::Ix;

pub fn run(cx: &mut Cx, input: ChangeCreditType) {
    let issues = &mut cx.issues;
    let list = input.credit_ids.read(issues);
    let to_id = input.to_session_type_id.read(issues);
    let note = input.note.read(issues);
    let mode = input.mode.read(issues);
    let to = to_id.and_then(|t| active_session_type(cx, t, input.to_session_type_id.key));
    let Some(list) = list else { return };
    if !bulk::within_limit(cx, input.credit_ids.key, list.len()) {
        bulk::unjudged(cx, &list);
        return;
    }
    let mut items = bulk::items("creditIds", list);
    let targets: Vec<Option<Ix>> = items.iter_mut().map(|item| check(cx, item, to)).collect();
    let apply = bulk::settle(cx, "creditIds", items, mode);
    if cx.issues.has_errors() {
        return;
    }
    let Some(to) = to else { return };
    let changing: Vec<Ix> = targets.into_iter().zip(apply).filter_map(|(t, ok)| t.filter(|_| ok)).collect();
    // Grouped before the change, by their old type: no copy of each credit as it was.
    let groups = group(changing.iter().filter_map(|&k| cx.draft.credit(k)));
    cx.draft.reserve_credits(changing.len());
    for &k in &changing {
        cx.draft.update_credit(k, |c| c.session_type_id = to.id.clone());
    }
    cx.draft.fresh.extend_from_slice(&changing);
    for g in groups {
        // "Change Aaron Diaz's 3 Spin credits to Vinyasa Yoga (k1, k2, k3).", joined rather than
        // formatted: a bulk change writes one per client and type, thousands of them.
        cx.step(|cx| {
            let credits = credits_of(g.credit_ids.len(), cx.type_name(&g.session_type_id));
            let (client, ids) = (cx.client_name(&g.client_id), id_list(&g.credit_ids));
            ["Change ", client, "'s ", &credits, " to ", &to.name, " (", &ids, ")."].concat()
        });
        let details = EntryDetails {
            from_session_type_id: Some(g.session_type_id),
            note: note.clone(),
            ..EntryDetails::default()
        };
        cx.record(LedgerKind::ChangeType, (g.client_id, to.id.clone()), g.credit_ids, details);
    }
}

/// Checks one credit; returns it when it is to change (not when it is already of the type).
fn check(cx: &mut Cx, item: &mut Item, to: Option<&SessionType>) -> Option<Ix> {
    let id = item.id?;
    let Some(k) = cx.draft.find_credit(id) else {
        item.error(unknown_credit(id, &item.path()));
        return None;
    };
    let credit = cx.draft.credit(k)?;
    if let Some(issue) = unavailable(credit, cx.now, &item.path()) {
        item.error(issue);
        return None;
    }
    let to = to?;
    if credit.session_type_id == to.id {
        item.warn(
            Issue::new(
                Code::NoChange,
                item.path(),
                format!("Credit {id} is already a {} credit and is left as it is.", to.name),
            )
            .with("creditId", id),
        );
        return None;
    }
    if credit.source == Source::Recurring {
        item.warn(
            Issue::new(
                Code::RecurringReleaseUnchanged,
                item.path(),
                format!(
                    "Credit {id} was released by a recurring agreement, which will keep releasing {} credits: to change that, cancel the agreement and sell one that releases {}.",
                    cx.type_name(&credit.session_type_id),
                    to.name
                ),
            )
            .with("creditId", id),
        );
    }
    Some(k)
}
