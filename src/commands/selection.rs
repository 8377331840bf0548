//! Which credits a removal or a transfer takes from a client: named (`creditIds`), or a session
//! type and a quantity, exactly one of the two [AD][AJ]. Shared by removeCredits and transferCredits.
use super::{credits_of, unavailable, unknown_credit, unknown_session_type, wrong_client, Cx};
use crate::forms::fields::{Id, Ids, Quantity};
use crate::input::{required, Count};
use crate::issue::{at, Code, Issue, Issues};
use crate::model::{Client, Credit};
use crate::state::Ix;
use rustc_hash::FxHashSet as HashSet;
use std::cmp::Ordering;

/// The credits a command names, as read.
pub enum Selection<'a> {
    Named(Vec<Result<&'a str, Issue>>),
    ByQuantity {
        session_type_id: Option<&'a str>,
        quantity: Count,
    },
    /// Both forms or neither: already an issue.
    Unclear,
}

/// What the command does to the credits, for its sentences: "remove", "transfer".
pub struct Verb {
    pub doing: &'static str,
    pub done: &'static str,
}

/// Reads the credits named, or a session type with a quantity: both → `invalid_input` at the
/// list, neither → `required` there. Only the form given is read.
pub fn read<'a>(
    issues: &mut Issues,
    (credit_ids, session_type_id, quantity): (Ids<'a>, Id<'a>, Quantity<'a>),
    verb: &Verb,
) -> Selection<'a> {
    let by_ids = credit_ids.given();
    let by_quantity = session_type_id.given() || quantity.given();
    if by_ids && by_quantity {
        issues.error(Issue::new(
            Code::InvalidInput,
            credit_ids.key,
            format!("Give either the credits to {}, or a session type and a quantity, not both.", verb.doing),
        ));
    } else if !by_ids && !by_quantity {
        issues.error(required(credit_ids.key.into(), credit_ids.key));
    }
    // Both are required within their form, whatever the table says of them alone.
    let named = if by_ids { Ids(credit_ids.as_required()).read(issues) } else { None };
    let session_type_id = if by_quantity { Id(session_type_id.as_required()).read(issues) } else { None };
    let quantity = if by_quantity { quantity.read(issues) } else { Count::Missing };
    match (named, by_ids, by_quantity) {
        (Some(list), true, false) => Selection::Named(list),
        (_, false, true) => Selection::ByQuantity { session_type_id, quantity },
        _ => Selection::Unclear,
    }
}

fn limit_exceeded(cx: &Cx, path: &str, max: u64, total: u64, verb: &Verb) -> Issue {
    Issue::new(
        Code::LimitExceeded,
        path,
        format!("The {} role may {} at most {max} credits at once.", cx.role.name, verb.doing),
    )
    .with("max", max)
    .with("total", total)
}

pub fn not_revocable(credit: &Credit, path: &str) -> Issue {
    Issue::new(
        Code::NotRevocable,
        path,
        format!(
            "Credit {} is not revocable under the studio's policy, so it cannot be taken from the client.",
            credit.id
        ),
    )
    .with("creditId", &*credit.id)
}

/// The credits of `owner` a command takes; every problem an issue at its path. By quantity, the
/// ones first in `order` go.
pub fn take(
    cx: &mut Cx,
    selection: Selection,
    owner: Option<&Client>,
    verb: &Verb,
    order: impl Fn(&Credit, &Credit) -> Ordering,
) -> Vec<Ix> {
    let now = cx.now;
    let limit = cx.role.max_credits_per_action;
    let mut chosen: Vec<Ix> = Vec::new();
    match selection {
        Selection::Unclear => {}
        Selection::Named(list) => {
            if !super::bulk::within_limit(cx, "creditIds", list.len()) {
                return chosen;
            }
            if let Some(max) = limit.filter(|&m| list.len() as u64 > m) {
                let issue = limit_exceeded(cx, "creditIds", max, list.len() as u64, verb);
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
                if owner.is_some_and(|c| c.id != credit.client_id) {
                    cx.issues.error(wrong_client(credit, &path));
                } else if let Some(issue) = unavailable(credit, now, &path) {
                    cx.issues.error(issue);
                } else if !credit.revocable {
                    cx.issues.error(not_revocable(credit, &path));
                } else {
                    chosen.push(k);
                }
            }
        }
        Selection::ByQuantity { session_type_id, quantity } => {
            // Known, not necessarily active: credits of a retired type can still go.
            let session_type = session_type_id.and_then(|t| {
                let found = cx.state().session_type(t);
                if found.is_none() {
                    cx.issues.error(unknown_session_type(t, "sessionTypeId"));
                }
                found
            });
            let wanted = super::count_of_credits(cx, quantity);
            if let Some((q, max)) = wanted.zip(limit).filter(|(q, max)| q > max) {
                let issue = limit_exceeded(cx, "quantity", max, q, verb);
                cx.issues.error(issue);
            }
            if let (Some(owner), Some(t), Some(q)) = (owner, session_type, wanted) {
                let mut pool: Vec<(Ix, &Credit)> = cx
                    .draft
                    .client_credits(&owner.id)
                    .filter(|(_, c)| c.session_type_id == t.id && c.usable_at(now) && c.revocable)
                    .collect();
                if (pool.len() as u64) < q {
                    let issue = Issue::new(
                        Code::InsufficientCredits,
                        "quantity",
                        format!(
                            "{} has only {} that can be {}.",
                            owner.name,
                            credits_of(pool.len(), &t.name),
                            verb.done
                        ),
                    );
                    cx.issues.error(issue.with("available", pool.len()).with("needed", q));
                } else {
                    pool.sort_by(|(_, a), (_, b)| order(a, b));
                    chosen = pool.into_iter().take(usize::try_from(q).unwrap_or(usize::MAX)).map(|(k, _)| k).collect();
                }
            }
        }
    }
    chosen
}
