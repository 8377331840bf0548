//! extendExpiry — push expiry dates out, by calendar days or to a date.
use super::bulk::{self, Item};
use super::{credits_of, group, id_list, unknown_credit};
use super::{Cx, EntryDetails};
use crate::answer::LedgerKind;
use crate::forms::inputs::ExtendExpiry;
use crate::input::{invalid, required, Count};
use crate::issue::{Code, Issue};
use crate::limits::MAX_EXTEND_DAYS;
use crate::model::CreditStatus;
use crate::state::Ix;
use crate::time::{self, Time};

#[derive(Clone, Copy)]
enum Extension {
    Days(u64),
    To(Time),
}

pub fn run(cx: &mut Cx, input: ExtendExpiry) {
    let policy = cx.policy;
    let tz = &policy.timezone;
    let both = input.days.given() && input.expires_at.given();
    let neither = !input.days.given() && !input.expires_at.given();
    let issues = &mut cx.issues;
    let list = input.credit_ids.read(issues);
    let days = input.days.read(issues);
    let to = input.expires_at.read(issues, tz);
    let reason = input.reason.read(issues, policy);
    let mode = input.mode.read(issues);
    let now = cx.now;
    let extension = if both {
        cx.issues.error(Issue::new(
            Code::InvalidInput,
            "days",
            "Give either a number of days or a new expiry date, not both.",
        ));
        None
    } else if neither {
        cx.issues.error(required("days".into(), "days"));
        None
    } else {
        match (days, to) {
            (Count::Value(d), _) if (1..=MAX_EXTEND_DAYS).contains(&d) => Some(Extension::Days(d)),
            (Count::Value(_) | Count::Invalid, _) => {
                cx.issues.error(
                    invalid("days".into(), &format!("a whole number of days from 1 to {MAX_EXTEND_DAYS}"))
                        .with("min", 1u64)
                        .with("max", MAX_EXTEND_DAYS),
                );
                None
            }
            (Count::Missing, Some(t)) if t <= now => {
                cx.issues.error(
                    Issue::new(Code::ExpiryInPast, "expiresAt", "The new expiry date has already passed.")
                        .with("expiresAt", time::format_instant(t)),
                );
                None
            }
            (Count::Missing, t) => t.map(Extension::To),
        }
    };
    let Some(list) = list else { return };
    if !bulk::within_limit(cx, "creditIds", list.len()) {
        bulk::unjudged(cx, &list);
        return;
    }
    let mut items = bulk::items("creditIds", list);
    let targets: Vec<Option<(Ix, Time)>> = items.iter_mut().map(|item| check(cx, item, extension)).collect();
    let apply = bulk::settle(cx, "creditIds", items, mode);
    if cx.issues.has_errors() {
        return;
    }
    let changing: Vec<(Ix, Time)> = targets.into_iter().zip(apply).filter_map(|(t, ok)| t.filter(|_| ok)).collect();
    for &(k, new_expiry) in &changing {
        cx.draft.update_credit(k, |c| {
            c.expires_at = Some(new_expiry);
            if c.status == CreditStatus::Expired {
                c.status = CreditStatus::Available;
            }
        });
        cx.draft.fresh.push(k);
    }
    let after: Vec<_> = changing.iter().filter_map(|&(k, _)| cx.draft.credit(k)).cloned().collect();
    for g in group(after.iter()) {
        let how = match extension {
            Some(Extension::Days(d)) => format!("by {d} day{}", if d == 1 { "" } else { "s" }),
            Some(Extension::To(t)) => format!("to {}", time::describe_expiry(t, tz)),
            None => String::new(),
        };
        cx.step(|cx| {
            format!(
                "Extend {}'s {} {how} ({}).",
                cx.client_name(&g.client_id),
                credits_of(g.credit_ids.len(), cx.type_name(&g.session_type_id)),
                id_list(&g.credit_ids)
            )
        });
        let details = EntryDetails { reason: reason.clone(), ..EntryDetails::default() };
        cx.record(LedgerKind::ExtendExpiry, (g.client_id, g.session_type_id), g.credit_ids, details);
    }
}

/// Checks one credit; returns it and its new expiry when it is to change.
fn check(cx: &mut Cx, item: &mut Item, extension: Option<Extension>) -> Option<(Ix, Time)> {
    let id = item.id?;
    let Some(k) = cx.draft.find_credit(id) else {
        item.error(unknown_credit(id, &item.path()));
        return None;
    };
    let credit = cx.draft.credit(k)?;
    let now = cx.now;
    let path = item.path();
    let expired = credit.status == CreditStatus::Expired
        || (matches!(credit.status, CreditStatus::Available | CreditStatus::Assigned) && credit.expired_at(now));
    match credit.status {
        CreditStatus::Used | CreditStatus::Forfeited | CreditStatus::Removed => {
            item.error(super::unavailable(credit, now, &path)?);
            return None;
        }
        _ if expired && !cx.policy.allow_extend_expired => {
            item.error(Issue::new(Code::CreditExpired, path, format!("Credit {id} has already expired, and the studio's policy does not allow extending expired credits.")).with("creditId", id));
            return None;
        }
        _ => {}
    }
    let Some(current) = credit.expires_at else {
        item.warn(
            Issue::new(Code::NoChange, path, format!("Credit {id} never expires and is left as it is."))
                .with("creditId", id),
        );
        return None;
    };
    let new_expiry = match extension? {
        Extension::Days(d) => time::add_days(current, d, &cx.policy.timezone)?,
        Extension::To(t) => t,
    };
    if new_expiry <= current {
        item.error(
            Issue::new(
                Code::ExpiryNotLater,
                path,
                format!(
                    "Credit {id} already expires on {}, no earlier than the new date.",
                    time::describe_expiry(current, &cx.policy.timezone)
                ),
            )
            .with("creditId", id)
            .with("expiresAt", time::format_instant(current)),
        );
        return None;
    }
    if new_expiry <= now {
        item.error(
            Issue::new(Code::ExpiryInPast, path, format!("Credit {id} would still be expired after the extension."))
                .with("expiresAt", time::format_instant(new_expiry))
                .with("creditId", id),
        );
        return None;
    }
    Some((k, new_expiry))
}
