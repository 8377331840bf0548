//! Paying unpaid bookings [AF]: with `autoPayUnpaid`, the credits a command made available pay
//! their client's future Booked: Unpaid bookings, earliest first. Only those credits are spent, so a
//! booking left unpaid on purpose stays unpaid until new credits arrive.
use super::booking_rules;
use super::Cx;
use crate::issue::Code;
use crate::model::Id;
use crate::state::Ix;

/// Runs at the end of every command (of each command of a batch) that made credits available.
pub fn run(cx: &mut Cx) {
    let fresh = std::mem::take(&mut cx.draft.fresh);
    let first = cx.rebooked.take();
    if !cx.policy.auto_pay_unpaid || fresh.is_empty() {
        return;
    }
    let now = cx.now;
    // A bulk command can make thousands available: membership is looked up, not scanned.
    let spendable: rustc_hash::FxHashSet<Ix> = fresh.iter().copied().collect();
    let still_available = |cx: &Cx, k: Ix| cx.draft.credit(k).is_some_and(|c| c.usable_at(now));
    // Client by client, in order of first appearance.
    let mut clients: Vec<Id> = Vec::new();
    let mut seen: rustc_hash::FxHashSet<Id> = rustc_hash::FxHashSet::default();
    for &k in &fresh {
        if let Some(c) = cx.draft.credit(k).filter(|_| still_available(cx, k)) {
            if seen.insert(c.client_id.clone()) {
                clients.push(c.client_id.clone());
            }
        }
    }
    for client_id in clients {
        let mut unpaid: Vec<(Ix, crate::time::Time, Id)> = cx
            .draft
            .client_bookings(&client_id)
            .filter(|(_, b)| b.unpaid() && b.starts_at > now)
            .map(|(n, b)| (n, b.starts_at, b.id.clone()))
            .collect();
        // forgiveAndRebook's new booking first, then by start and id.
        unpaid.sort_by(|a, b| (Some(a.0) != first, a.1, &a.2).cmp(&(Some(b.0) != first, b.1, &b.2)));
        for (n, _, _) in unpaid {
            let Some(booking) = cx.draft.booking(n).cloned() else { continue };
            let cost = booking_rules::cost(cx, &booking.session_type_id);
            let owner = (&*client_id, &*booking.session_type_id);
            let pick = booking_rules::pick(cx, owner, (now, booking.starts_at), |k| spendable.contains(&k), cost);
            let Ok(credits) = pick else { continue };
            booking_rules::assign(cx, &credits, n);
            let phrase = booking_rules::credits_phrase(cx, &credits);
            cx.step(|cx| format!("Pay {} with {phrase}.", booking_rules::describe(cx, &booking)));
            if Some(n) == first {
                cx.issues.warnings.retain(|w| w.code != Code::BookedUnpaid);
            }
        }
    }
}
