//! removeHold — take a hold back, as if it never happened: its credits' expiry and the
//! membership's end date move back by its length.
use super::{holds, Cx};
use crate::answer::LedgerKind;
use crate::forms::inputs::RemoveHold;
use crate::issue::{Code, Issue};
use crate::model::{CreditStatus, Id};
use crate::state::Ix;
use crate::time;

pub fn run(cx: &mut Cx, input: RemoveHold) {
    let issues = &mut cx.issues;
    let membership_id = input.membership_id.read(issues);
    let hold_id = input.hold_id.read(issues);
    let reason = input.reason.read(issues, cx.policy);
    let Some((n, m)) = membership_id.and_then(|id| holds::find_membership(cx, id)) else { return };
    let Some(hold_id) = hold_id else { return };
    let Some(hold) = m.holds.iter().find(|h| &*h.id == hold_id).cloned() else {
        let issue =
            Issue::new(Code::UnknownHold, "holdId", format!("Membership {} has no hold with the id {hold_id}.", m.id))
                .with("holdId", hold_id)
                .with("membershipId", &*m.id);
        cx.issues.error(issue);
        return;
    };
    if cx.issues.has_errors() {
        return;
    }
    let (days, tz, now) = (hold.days(), cx.tz(), cx.now);
    // The credits it extended that are still the membership's and still live, in the state's order.
    let mut pulled: Vec<Ix> = hold
        .credit_ids
        .iter()
        .filter_map(|k| cx.draft.find_credit(k))
        .filter(|&k| {
            cx.draft.credit(k).is_some_and(|c| {
                c.membership_id.as_ref() == Some(&m.id)
                    && matches!(c.status, CreditStatus::Available | CreditStatus::Assigned)
            })
        })
        .collect();
    pulled.sort_unstable();
    pulled.dedup();
    for &k in &pulled {
        cx.draft.update_credit(k, |c| {
            c.expires_at = c.expires_at.and_then(|e| time::sub_days(e, days, tz));
            // An available credit whose expiry is now past expires; an assigned one stays on its booking.
            if c.status == CreditStatus::Available && c.expired_at(now) {
                c.status = CreditStatus::Expired;
            }
        });
        if let Some(c) = cx.draft.credit(k).filter(|c| c.status == CreditStatus::Expired) {
            let id = c.id.to_string();
            let issue = Issue::new(
                Code::ReturnedCreditExpired,
                "",
                format!("Credit {id} had only the hold's extra days left: without them it has expired."),
            );
            cx.issues.warn(issue.with("creditId", id));
        }
    }
    let new_end = if hold.extended_ends_at { m.ends_at.and_then(|e| time::sub_days(e, days, tz)) } else { None };
    cx.draft.update_membership(n, |m| {
        m.holds.retain(|h| h.id != hold.id);
        if new_end.is_some() {
            m.ends_at = new_end;
        }
    });
    let hold_id: Id = hold.id.clone();
    holds::record(cx, LedgerKind::HoldRemoved, &pulled, &hold_id, reason.as_deref());
    let count = pulled.len();
    cx.step(|cx| {
        format!(
            "Remove hold {} from {}'s membership {} ({} to {}): {count} credit{} pulled back by {days} day{}.",
            hold.id,
            cx.client_name(&m.client_id),
            m.id,
            hold.starts_on.describe(),
            hold.ends_on.describe(),
            if count == 1 { "" } else { "s" },
            if days == 1 { "" } else { "s" },
        )
    });
}
