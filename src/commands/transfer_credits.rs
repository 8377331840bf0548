//! transferCredits — move credits to another client, named or by quantity (the ones the sender
//! would use next). Each credit keeps its id, type, source, grant and expiry.
use super::{
    credits_of, group, id_list, membership, reason, unavailable, unknown_client, unknown_credit, unknown_session_type,
    wrong_client,
};
use crate::answer::{LedgerEntry, LedgerKind};
use crate::engine::Cx;
use crate::input::{required, Count, Obj, Reader};
use crate::issue::{at, Issue};
use crate::model::{Client, Credit};
use crate::policy::Permission;
use crate::state::Ix;
use rustc_hash::FxHashSet as HashSet;

const FIELDS: [&str; 7] = ["type", "fromClientId", "toClientId", "creditIds", "sessionTypeId", "quantity", "reason"];

pub fn run(cx: &mut Cx, cmd: &Obj) {
    cx.permit(Permission::CreditsTransfer);
    let policy = cx.policy;
    let (from_id, to_id, credit_ids, type_id, quantity, reason, by_ids, by_quantity) = {
        let mut r = Reader::new(cmd, "", &mut cx.issues);
        r.unknown_fields(&FIELDS);
        let by_ids = r.has("creditIds");
        let by_quantity = r.has("sessionTypeId") || r.has("quantity");
        if by_ids && by_quantity {
            r.issues.error(Issue::new(
                "invalid_input",
                "creditIds",
                "Give either the credits to transfer, or a session type and a quantity, not both.",
            ));
        } else if !by_ids && !by_quantity {
            r.issues.error(required("creditIds".into(), "creditIds"));
        }
        (
            r.id("fromClientId"),
            r.id("toClientId"),
            if by_ids && !by_quantity { r.id_list("creditIds") } else { None },
            if by_quantity && !by_ids { r.id("sessionTypeId") } else { None },
            if by_quantity && !by_ids { r.count("quantity") } else { Count::Missing },
            reason(&mut r, policy, "transferCredits"),
            by_ids,
            by_quantity,
        )
    };
    let from = from_id.and_then(|id| known_client(cx, id, "fromClientId"));
    let to = to_id.and_then(|id| known_client(cx, id, "toClientId"));
    if let (Some(f), Some(t)) = (from, to) {
        if f.id == t.id {
            cx.issues.error(Issue::new(
                "invalid_input",
                "toClientId",
                "Credits can only be transferred to another client.",
            ));
        }
    }
    let limit = cx.role.max_credits_per_action;
    let limit_issue = |cx: &Cx, path: &str, max: u64, total: u64| {
        Issue::new(
            "limit_exceeded",
            path,
            format!("The {} role may transfer at most {max} credits at once.", cx.role.name),
        )
        .with("max", max)
        .with("total", total)
    };
    let mut chosen: Vec<Ix> = Vec::new();
    if by_ids && !by_quantity {
        let list = credit_ids.unwrap_or_default();
        if !super::bulk::within_limit(cx, "creditIds", list.len()) {
            return;
        }
        if let Some(max) = limit.filter(|&m| list.len() as u64 > m) {
            let issue = limit_issue(cx, "creditIds", max, list.len() as u64);
            cx.issues.error(issue);
        }
        let mut seen = HashSet::default();
        for (n, element) in list.into_iter().enumerate() {
            let path = at("creditIds", n);
            let id = match element {
                Ok(id) => id,
                Err(issue) => {
                    cx.issues.error(issue);
                    continue;
                }
            };
            if !seen.insert(id) {
                cx.issues.error(super::duplicate_item(id, &path));
                continue;
            }
            let Some(k) = cx.draft.find_credit(id) else {
                cx.issues.error(unknown_credit(id, &path));
                continue;
            };
            let Some(credit) = cx.draft.credit(k) else { continue };
            if from.is_some_and(|c| c.id != credit.client_id) {
                cx.issues.error(wrong_client(credit, &path));
            } else if let Some(issue) = unavailable(credit, cx.now, &path) {
                cx.issues.error(issue);
            } else if !credit.revocable {
                cx.issues.error(not_revocable(credit, &path));
            } else {
                chosen.push(k);
            }
        }
    }
    if by_quantity && !by_ids {
        let session_type = type_id.and_then(|t| {
            let found = cx.state().session_type(t);
            if found.is_none() {
                cx.issues.error(unknown_session_type(t, "sessionTypeId"));
            }
            found
        });
        let wanted = super::count_of_credits(cx, quantity);
        if let Some((q, max)) = wanted.zip(limit).filter(|(q, max)| q > max) {
            let issue = limit_issue(cx, "quantity", max, q);
            cx.issues.error(issue);
        }
        if let (Some(from), Some(t), Some(q)) = (from, session_type, wanted) {
            let now = cx.now;
            let mut pool: Vec<(Ix, &Credit)> = cx
                .draft
                .client_credits(&from.id)
                .filter(|(_, c)| c.session_type_id == t.id && c.usable_at(now) && c.revocable)
                .collect();
            if (pool.len() as u64) < q {
                let issue = Issue::new(
                    "insufficient_credits",
                    "quantity",
                    format!("{} has only {} that can be transferred.", from.name, credits_of(pool.len(), &t.name)),
                );
                cx.issues.error(issue.with("available", pool.len()).with("requested", q));
            } else {
                // The ones the sender would use next.
                pool.sort_by(|(_, a), (_, b)| super::pay::compare(a, b, &cx.policy.consumption_order));
                chosen = pool.into_iter().take(usize::try_from(q).unwrap_or(usize::MAX)).map(|(k, _)| k).collect();
            }
        }
    }
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
        cx.draft.steps.push(format!(
            "Transfer {} from {} to {} ({}).",
            credits_of(g.credit_ids.len(), &cx.type_name(&g.session_type_id)),
            from.name,
            to.name,
            id_list(&g.credit_ids)
        ));
        let out = LedgerEntry {
            reason: reason.clone(),
            counterparty_client_id: Some(to.id.clone()),
            ..cx.entry(LedgerKind::TransferOut, from.id.clone(), g.session_type_id.clone(), g.credit_ids.clone())
        };
        cx.draft.record(out);
        let incoming = LedgerEntry {
            reason: reason.clone(),
            counterparty_client_id: Some(from.id.clone()),
            ..cx.entry(LedgerKind::TransferIn, to.id.clone(), g.session_type_id, g.credit_ids)
        };
        cx.draft.record(incoming);
    }
}

fn known_client<'s>(cx: &mut Cx<'s>, id: &str, path: &str) -> Option<&'s Client> {
    let found = cx.state().client(id);
    if found.is_none() {
        cx.issues.error(unknown_client(id, path));
    }
    found
}

pub fn not_revocable(credit: &Credit, path: &str) -> Issue {
    Issue::new(
        "not_revocable",
        path,
        format!("Credit {} is not revocable under the studio's policy, so it cannot leave the client.", credit.id),
    )
    .with("creditId", &*credit.id)
}
