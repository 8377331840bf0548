//! addCredits — grant credits to one or many clients [AD][MA][AJ].
use super::bulk::{self, Item};
use super::{active_session_type, credits_of, expiry_phrase, membership, unknown_client};
use super::{Cx, EntryDetails};
use crate::answer::LedgerKind;
use crate::forms::inputs::AddCredits;
use crate::input::{invalid, Count};
use crate::issue::{Code, Issue};
use crate::limits::MAX_CREATED;
use crate::model::{Credit, CreditStatus, Source};
use crate::time;

/// The most one credit may be worth, in minor units (some currencies' minor units are small).
const MAX_VALUE_PER_CREDIT: u64 = 1_000_000_000;

pub fn run(cx: &mut Cx, input: AddCredits) {
    let policy = cx.policy;
    let issues = &mut cx.issues;
    let clients = input.client_ids.read(issues);
    let type_id = input.session_type_id.read(issues);
    let quantity = input.quantity.read(issues);
    let expires_at = input.expires_at.read(issues, &policy.timezone);
    let reason = input.reason.read(issues, policy);
    let membership_id = input.membership_id.read(issues);
    let mode = input.mode.read(issues);
    let value = input.value_per_credit.read(issues);
    // A grant without a value is complimentary: each credit is worth 0.
    let value = match value {
        Count::Missing => Some(0),
        Count::Value(v) if v <= MAX_VALUE_PER_CREDIT => Some(v),
        Count::Value(_) | Count::Invalid => {
            let issue = invalid("valuePerCredit".into(), "a whole number of minor currency units from 0 to 1000000000");
            cx.issues.error(issue.with("min", 0u64).with("max", MAX_VALUE_PER_CREDIT));
            None
        }
    };
    let now = cx.now;
    let session_type = type_id.and_then(|t| active_session_type(cx, t, "sessionTypeId"));

    let quantity = super::quantity(cx, quantity);

    if let Some(e) = expires_at {
        if e <= now {
            cx.issues.error(
                Issue::new(Code::ExpiryInPast, "expiresAt", "The expiry date has already passed.")
                    .with("expiresAt", time::format_instant(e)),
            );
        } else if time::add_days(now, policy.min_expiry_days, &policy.timezone).is_some_and(|min| e < min) {
            let issue = Issue::new(
                Code::ShortExpiry,
                "expiresAt",
                format!(
                    "These credits expire in less than {} days: give the client time to use them.",
                    policy.min_expiry_days
                ),
            );
            cx.issues.warn(issue.with("minExpiryDays", policy.min_expiry_days));
        }
    }

    let Some(list) = clients else { return };
    if !bulk::within_limit(cx, "clientIds", list.len()) {
        bulk::unjudged(cx, &list);
        return;
    }
    if membership_id.is_some() && list.len() > 1 {
        cx.issues.error(Issue::new(
            Code::MembershipMismatch,
            "membershipId",
            "A membership can only be named when adding credits to one client.",
        ));
    }
    let mut items = bulk::items("clientIds", list);
    let mut links = Vec::with_capacity(items.len());
    for item in &mut items {
        links.push(check_client(cx, item, membership_id, session_type.map(|t| &*t.id)));
    }
    let apply = bulk::settle(cx, "clientIds", items, mode);

    let receiving = apply.iter().filter(|&&a| a).count() as u64;
    if let Some(q) = quantity {
        let total = q.saturating_mul(receiving);
        if let Some(max) = cx.role.max_credits_per_action.filter(|&max| total > max) {
            let issue = Issue::new(
                Code::LimitExceeded,
                "quantity",
                format!("The {} role may grant at most {max} credits at once; this grants {total}.", cx.role.name),
            );
            cx.issues.error(issue.with("max", max).with("total", total));
        } else if total.saturating_add(cx.draft.added_credit_count() as u64) > MAX_CREATED {
            // Counted over the whole call: a batch of many grants must not get around it.
            let total = total.saturating_add(cx.draft.added_credit_count() as u64);
            let issue = Issue::new(
                Code::LimitExceeded,
                "quantity",
                format!("One command may create at most {MAX_CREATED} credits; this creates {total}."),
            );
            cx.issues.error(issue.with("max", MAX_CREATED).with("total", total));
        }
    }
    if cx.issues.has_errors() {
        return;
    }
    let (Some(session_type), Some(q)) = (session_type, quantity) else {
        return;
    };
    for ((client_id, membership), ok) in links.into_iter().zip(apply) {
        let Some(client_id) = client_id.filter(|_| ok) else {
            continue;
        };
        let revocable = policy.manual_credits_revocable;
        let mut credit_ids = Vec::new();
        for _ in 0..q {
            let id = cx.draft.new_id();
            credit_ids.push(id.clone());
            let n = cx.draft.add_credit(Credit {
                id,
                client_id: client_id.clone(),
                session_type_id: session_type.id.clone(),
                source: Source::Manual,
                membership_id: membership.clone(),
                granted_at: now,
                expires_at,
                status: CreditStatus::Available,
                booking_id: None,
                revocable,
                value,
            });
            cx.draft.fresh.push(n);
        }
        cx.step(|cx| {
            format!(
                "Add {} to {}, {}.",
                credits_of(credit_ids.len(), &session_type.name),
                cx.client_name(&client_id),
                expiry_phrase(expires_at, &policy.timezone)
            )
        });
        let details = EntryDetails { reason: reason.clone(), ..EntryDetails::default() };
        cx.record(LedgerKind::Grant, (client_id, session_type.id.clone()), credit_ids, details);
    }
}

/// Checks one client; returns the client's shared id and the membership the credits link to.
fn check_client(
    cx: &mut Cx,
    item: &mut Item,
    membership_id: Option<&str>,
    type_id: Option<&str>,
) -> (Option<crate::model::Id>, Option<crate::model::Id>) {
    let Some(id) = item.id else {
        return (None, None);
    };
    let state = cx.state();
    let policy = cx.policy;
    let Some(client) = state.client(id) else {
        item.error(unknown_client(id, &item.path()));
        return (None, None);
    };
    let membership = match membership_id {
        Some(mid) => match state.membership(mid) {
            None => {
                item.error(Issue::unknown(Code::UnknownMembership, "membershipId", mid));
                None
            }
            Some(m) if m.client_id != client.id => {
                item.error(
                    Issue::new(
                        Code::MembershipMismatch,
                        "membershipId",
                        format!("Membership {mid} belongs to another client."),
                    )
                    .with("membershipId", mid),
                );
                None
            }
            Some(m) => {
                if let Some(issue) =
                    membership::issue(membership::standing(m, cx.now, policy), m, "membershipId", policy)
                {
                    item.error(issue);
                }
                Some(m)
            }
        },
        None => match membership::holding(cx, client, &item.path()) {
            Ok(m) => m,
            Err(issue) => {
                item.error(issue);
                None
            }
        },
    };
    if let (Some(m), Some(t)) = (membership, type_id) {
        if let Some(issue) = membership::not_eligible(cx, client, m, t, &item.path()) {
            item.error(issue);
        }
    }
    (Some(client.id.clone()), membership.map(|m| m.id.clone()))
}
