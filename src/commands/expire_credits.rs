//! expireCredits — every available credit whose expiry has come becomes expired.
use super::{credits_of, group, id_list};
use super::{Cx, EntryDetails};
use crate::answer::LedgerKind;
use crate::forms::inputs::ExpireCredits;
use crate::model::CreditStatus;
use crate::state::Ix;

pub fn run(cx: &mut Cx, _: ExpireCredits) {
    let now = cx.now;
    let total = cx.state().credits.len() + cx.draft.added_credit_count();
    let due: Vec<Ix> = (0..total)
        .filter_map(|n| Ix::try_from(n).ok())
        .filter(|&k| cx.draft.credit(k).is_some_and(|c| c.status == CreditStatus::Available && c.expired_at(now)))
        .collect();
    for &k in &due {
        cx.draft.update_credit(k, |c| c.status = CreditStatus::Expired);
    }
    let expired: Vec<_> = due.iter().filter_map(|&k| cx.draft.credit(k)).cloned().collect();
    for g in group(expired.iter()) {
        cx.step(|cx| {
            format!(
                "Expire {}'s {} ({}).",
                cx.client_name(&g.client_id),
                credits_of(g.credit_ids.len(), cx.type_name(&g.session_type_id)),
                id_list(&g.credit_ids)
            )
        });
        cx.record(LedgerKind::Expire, (g.client_id, g.session_type_id), g.credit_ids, EntryDetails::default());
    }
}
