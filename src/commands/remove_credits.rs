//! removeCredits — deduct credits, named or by quantity (newest grants first) [AD][MA][AJ].
use super::{
    credits_of, group, id_list, reason, unavailable, unknown_client, unknown_credit, unknown_session_type, wrong_client,
};
use crate::answer::LedgerEntry;
use crate::answer::LedgerKind;
use crate::engine::Cx;
use crate::input::{required, Count, Obj, Reader};
use crate::issue::{at, Issue};
use crate::model::CreditStatus;
use crate::policy::Permission;
use crate::state::Ix;
use rustc_hash::FxHashSet as HashSet;
use std::cmp::Reverse;

const FIELDS: [&str; 6] = ["type", "clientId", "creditIds", "sessionTypeId", "quantity", "reason"];

pub fn run(cx: &mut Cx, cmd: &Obj) {
    cx.permit(Permission::CreditsRemove);
    let policy = cx.policy;
    let (client_id, credit_ids, type_id, quantity, reason, by_ids, by_quantity) = {
        let mut r = Reader::new(cmd, "", &mut cx.issues);
        r.unknown_fields(&FIELDS);
        let by_ids = r.has("creditIds");
        let by_quantity = r.has("sessionTypeId") || r.has("quantity");
        if by_ids && by_quantity {
            r.issues.error(Issue::new(
                "invalid_input",
                "creditIds",
                "Give either the credits to remove, or a session type and a quantity, not both.",
            ));
        } else if !by_ids && !by_quantity {
            r.issues.error(required("creditIds".into(), "creditIds"));
        }
        (
            r.id("clientId"),
            if by_ids { r.id_list("creditIds") } else { None },
            if by_quantity { r.id("sessionTypeId") } else { None },
            if by_quantity { r.count("quantity") } else { Count::Missing },
            reason(&mut r, policy, "removeCredits"),
            by_ids,
            by_quantity,
        )
    };
    let now = cx.now;
    let state = cx.state();
    let client = client_id.and_then(|id| {
        let c = state.client(id);
        if c.is_none() {
            cx.issues.error(unknown_client(id, "clientId"));
        }
        c
    });
    let limit = cx.role.max_credits_per_action;
    let mut chosen: Vec<Ix> = Vec::new();

    if by_ids && !by_quantity {
        let list = credit_ids.unwrap_or_default();
        if !super::bulk::within_limit(cx, "creditIds", list.len()) {
            return;
        }
        if let Some(max) = limit.filter(|&m| list.len() as u64 > m) {
            let issue = Issue::new(
                "limit_exceeded",
                "creditIds",
                format!("The {} role may remove at most {max} credits at once.", cx.role.name),
            );
            cx.issues.error(issue.with("max", max).with("total", list.len()));
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
            let Some(credit) = cx.draft.credit(k) else {
                continue;
            };
            if client.is_some_and(|c| c.id != credit.client_id) {
                cx.issues.error(wrong_client(credit, &path));
            } else if let Some(issue) = unavailable(credit, now, &path) {
                cx.issues.error(issue);
            } else if !credit.revocable {
                let issue = Issue::new(
                    "not_revocable",
                    path.as_str(),
                    format!("Credit {id} was added manually and is not revocable under the studio's policy."),
                );
                cx.issues.error(issue.with("creditId", id));
            } else {
                chosen.push(k);
            }
        }
    }

    if by_quantity && !by_ids {
        let session_type = type_id.and_then(|t| {
            let found = state.session_type(t);
            if found.is_none() {
                cx.issues.error(unknown_session_type(t, "sessionTypeId"));
            }
            found
        });
        let wanted = super::count_of_credits(cx, quantity);
        if let Some(max) = wanted.zip(limit).and_then(|(q, max)| (q > max).then_some(max)) {
            let issue = Issue::new(
                "limit_exceeded",
                "quantity",
                format!("The {} role may remove at most {max} credits at once.", cx.role.name),
            );
            cx.issues.error(issue.with("max", max).with("total", wanted.unwrap_or(0)));
        }
        if let (Some(client), Some(t), Some(q)) = (client, session_type, wanted) {
            let mut pool: Vec<(Ix, &crate::model::Credit)> = cx
                .draft
                .client_credits(&client.id)
                .filter(|(_, c)| c.session_type_id == t.id && c.usable_at(now) && c.revocable)
                .collect();
            if (pool.len() as u64) < q {
                let issue = Issue::new(
                    "insufficient_credits",
                    "quantity",
                    format!("{} has only {} that can be removed.", client.name, credits_of(pool.len(), &t.name)),
                );
                cx.issues.error(issue.with("available", pool.len()).with("requested", q));
            } else {
                // Newest grants first; ties on id, descending.
                pool.sort_by_key(|(_, c)| Reverse((c.granted_at, c.id.clone())));
                chosen = pool.into_iter().take(usize::try_from(q).unwrap_or(usize::MAX)).map(|(k, _)| k).collect();
            }
        }
    }

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
        cx.draft.steps.push(format!(
            "Remove {} from {} ({}).",
            credits_of(g.credit_ids.len(), &type_name),
            client.name,
            id_list(&g.credit_ids)
        ));
        let entry = LedgerEntry {
            reason: reason.clone(),
            ..cx.entry(LedgerKind::Remove, g.client_id, g.session_type_id, g.credit_ids)
        };
        cx.draft.record(entry);
    }
}
