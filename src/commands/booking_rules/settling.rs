//! What happens to a booking's credits when it ends: used at a visit, forfeited by a late
//! cancellation or a no-show, returned to the client, or put back by an undo. A booking's credits
//! always move together.
use super::super::Cx;
use super::paying::{self, credits_phrase};
use crate::answer::LedgerKind;
use crate::issue::{Code, Issue};
use crate::model::{Booking, CreditStatus};
use crate::state::Ix;

/// The credits a booking lists, as the draft holds them.
pub fn credits_of(cx: &Cx, b: &Booking) -> Vec<Ix> {
    b.credit_ids.iter().filter_map(|k| cx.draft.find_credit(k)).collect()
}

/// A warning for each credit that would come back already expired.
pub fn warn_returned_expired(cx: &mut Cx, credits: &[Ix]) {
    for &k in credits {
        let Some(c) = cx.draft.credit(k).filter(|c| c.expired_at(cx.now)) else { continue };
        let id = c.id.to_string();
        let issue = Issue::new(
            Code::ReturnedCreditExpired,
            "",
            format!("Credit {id} comes back to the client, but it has expired in the meantime."),
        );
        cx.issues.warn(issue.with("creditId", id));
    }
}

/// Returns a booking's credits to the client: links cleared, each expired if its date has passed.
/// Unexpired ones are fresh for autopay.
pub fn release(cx: &mut Cx, credits: &[Ix], booking: Ix) {
    let now = cx.now;
    for &k in credits {
        cx.draft.update_credit(k, |c| {
            c.status = if c.expired_at(now) { CreditStatus::Expired } else { CreditStatus::Available };
            c.booking_id = None;
        });
        if cx.draft.credit(k).is_some_and(|c| c.status == CreditStatus::Available) {
            cx.draft.fresh.push(k);
        }
    }
    paying::record(cx, LedgerKind::Release, credits, booking);
    cx.draft.update_booking(booking, |b| b.credit_ids.clear());
}

/// A late cancellation or a no-show keeps the credits: forfeited, still linked to the booking.
pub fn forfeit(cx: &mut Cx, credits: &[Ix], booking: Ix) {
    settle(cx, credits, booking, CreditStatus::Forfeited, LedgerKind::Forfeit);
}

/// The client attended: the credits are used, still linked to the booking.
pub fn use_credits(cx: &mut Cx, credits: &[Ix], booking: Ix) {
    settle(cx, credits, booking, CreditStatus::Used, LedgerKind::Use);
}

/// An undone check-in or no-show: the credits are assigned to their booking again.
pub fn revert(cx: &mut Cx, credits: &[Ix], booking: Ix) {
    settle(cx, credits, booking, CreditStatus::Assigned, LedgerKind::Revert);
}

fn settle(cx: &mut Cx, credits: &[Ix], booking: Ix, status: CreditStatus, kind: LedgerKind) {
    for &k in credits {
        cx.draft.update_credit(k, |c| c.status = status);
    }
    paying::record(cx, kind, credits, booking);
}

/// Settles the credits of a booking that ends without the visit (a cancellation, a no-show): the
/// credits paying it are forfeited when `forfeits`, else they return; an unpaid booking is charged
/// its `penalty` credits, if any, which are forfeited. Returns what happened, for the step.
pub fn settle_unattended(cx: &mut Cx, n: Ix, paid_by: &[Ix], penalty: &[Ix], forfeits: bool) -> Settled {
    let verb =
        |credits: &[Ix], one: &str, many: &str| if credits.len() == 1 { one.to_owned() } else { many.to_owned() };
    if !paid_by.is_empty() {
        let phrase = credits_phrase(cx, paid_by);
        if forfeits {
            forfeit(cx, paid_by, n);
            return Settled::Forfeited(format!("{phrase} {}", verb(paid_by, "is forfeited", "are forfeited")));
        }
        let expired = paid_by.iter().any(|&k| cx.draft.credit(k).is_some_and(|c| c.expired_at(cx.now)));
        release(cx, paid_by, n);
        let how = match (expired, paid_by.len()) {
            (true, 1) => "returns but has expired",
            (true, _) => "return, some of them expired",
            (false, 1) => "returns",
            (false, _) => "return",
        };
        return Settled::Returned(format!("{phrase} {how}"));
    }
    if !penalty.is_empty() && forfeits {
        paying::assign(cx, penalty, n);
        forfeit(cx, penalty, n);
        let phrase = credits_phrase(cx, penalty);
        return Settled::Forfeited(format!(
            "the unpaid booking is charged {phrase}, which {} forfeited",
            verb(penalty, "is", "are")
        ));
    }
    Settled::Nothing
}

/// What [`settle_unattended`] did.
pub enum Settled {
    Forfeited(String),
    Returned(String),
    Nothing,
}

/// What a cancellation or no-show puts at stake: the booking's credits, or (unpaid, forfeiting)
/// the penalty credits it would be charged; and whether they are its own (paid) or a penalty.
pub fn at_stake(cx: &Cx, b: &Booking, forfeits: bool) -> (Vec<Ix>, bool) {
    let credits = credits_of(cx, b);
    if credits.is_empty() && forfeits {
        (penalty_credits(cx, b), false)
    } else {
        (credits, true)
    }
}

/// The id of the first of `credits`, for a warning's `params.creditId`.
pub fn first_id(cx: &Cx, credits: &[Ix]) -> String {
    credits.first().and_then(|&k| cx.draft.credit(k)).map(|c| c.id.to_string()).unwrap_or_default()
}

/// The penalty of an unpaid booking skipped late or not attended: the credits `"auto"` would take,
/// when the policy charges unpaid penalties (none when fewer are usable than the cost).
pub fn penalty_credits(cx: &Cx, b: &Booking) -> Vec<Ix> {
    if !cx.policy.charge_unpaid_penalties || !b.unpaid() {
        return Vec::new();
    }
    paying::choose(cx, &b.client_id, &b.session_type_id, b.starts_at).unwrap_or_default()
}
