//! Which credits pay for a booking: the type's cost in credits at once, named or chosen as
//! `"auto"` would, never one on hold at the session's date; and attaching them.
use super::super::{unavailable, unknown_credit, wrong_client, Cx, EntryDetails};
use crate::answer::LedgerKind;
use crate::forms::fields;
use crate::issue::{at, Code, Issue, Issues};
use crate::model::{Booking, BookingStatus, Credit, CreditStatus, Id, Source};
use crate::policy::OrderKey;
use crate::state::Ix;
use crate::time::{self, Time};
use std::cmp::Ordering;

/// Can `c` pay for a session at `starts_at`? Available, and unexpired both now and then.
pub fn usable(c: &Credit, now: Time, starts_at: Time) -> bool {
    c.usable_at(now) && !c.expired_at(starts_at)
}

/// The policy's consumption order between two credits; ties end on id, ascending.
pub fn compare(a: &Credit, b: &Credit, order: &[OrderKey]) -> Ordering {
    for key in order {
        let o = match key {
            // Credits that never expire go last.
            OrderKey::SoonestExpiry => match (a.expires_at, b.expires_at) {
                (Some(x), Some(y)) => x.cmp(&y),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            },
            OrderKey::OldestGrant => a.granted_at.cmp(&b.granted_at),
            OrderKey::NewestGrant => b.granted_at.cmp(&a.granted_at),
            OrderKey::ManualFirst => (a.source != Source::Manual).cmp(&(b.source != Source::Manual)),
        };
        if o != Ordering::Equal {
            return o;
        }
    }
    a.id.cmp(&b.id)
}

/// How many credits one booking of a type takes.
pub fn cost(cx: &Cx, session_type_id: &str) -> usize {
    cx.state().session_type(session_type_id).map_or(1, crate::model::SessionType::cost)
}

/// The hold of its membership that keeps a credit from paying for a session starting at `t`.
pub fn hold_on(cx: &Cx, c: &Credit, t: Time) -> Option<Id> {
    let membership = c.membership_id.as_deref().and_then(|m| cx.draft.find_membership(m))?;
    let m = cx.draft.membership(membership)?;
    if m.holds.is_empty() {
        return None;
    }
    let date = time::local_date(t, cx.tz())?;
    m.hold_on(date).map(|h| h.id.clone())
}

/// The credits `"auto"` takes for a booking: the first `cost` usable ones, the booking's own type
/// first, then all substitutes together, each in the policy's consumption order; credits on hold
/// at the session's date are passed over. Fewer usable than the cost: none, and how many there were.
pub fn pick(
    cx: &Cx,
    (client_id, booking_type): (&str, &str),
    (now, starts_at): (Time, Time),
    allowed: impl Fn(Ix) -> bool,
    cost: usize,
) -> Result<Vec<Ix>, usize> {
    let policy = cx.policy;
    let mut own: Vec<(Ix, &Credit)> = Vec::new();
    let mut others: Vec<(Ix, &Credit)> = Vec::new();
    for (k, c) in cx.draft.client_credits(client_id) {
        if !allowed(k) || !usable(c, now, starts_at) {
            continue;
        }
        if &*c.session_type_id == booking_type {
            own.push((k, c));
        } else if policy.pays_for(&c.session_type_id, booking_type) {
            others.push((k, c));
        }
    }
    let on_hold = |c: &Credit| hold_on(cx, c, starts_at).is_some();
    own.retain(|(_, c)| !on_hold(c));
    others.retain(|(_, c)| !on_hold(c));
    let available = own.len() + others.len();
    if available < cost {
        return Err(available);
    }
    let order = &policy.consumption_order;
    let mut taken: Vec<Ix> = Vec::with_capacity(cost);
    for mut group in [own, others] {
        if taken.len() == cost {
            break;
        }
        let wanted = cost - taken.len();
        if group.len() > wanted {
            group.select_nth_unstable_by(wanted - 1, |(_, a), (_, b)| compare(a, b, order));
            group.truncate(wanted);
        }
        group.sort_by(|(_, a), (_, b)| compare(a, b, order));
        taken.extend(group.into_iter().map(|(k, _)| k));
    }
    Ok(taken)
}

/// What `"auto"` takes for a booking of `booking_type` at `starts_at`, usable now.
pub fn choose(cx: &Cx, client_id: &str, booking_type: &str, starts_at: Time) -> Result<Vec<Ix>, usize> {
    pick(cx, (client_id, booking_type), (cx.now, starts_at), |_| true, cost(cx, booking_type))
}

/// Credits a command names for a booking: the field it gave, and each id with its path.
pub struct Named<'a> {
    pub field: &'static str,
    pub ids: Vec<(&'a str, String)>,
}

/// Reads one credit or a list of them (both: `invalid_input` at the list; an empty list is missing).
pub fn read_named<'a>(issues: &mut Issues, one: fields::Id<'a>, list: fields::Ids<'a>) -> Option<Named<'a>> {
    let single = one.read(issues);
    let listed = named_list(issues, list);
    match (single, listed) {
        (Some(_), Some(_)) => {
            let what = format!("given alone: name the credits in {} or {}, not both", list.key, one.key);
            issues.error(crate::input::invalid(list.key.into(), &what));
            None
        }
        (Some(id), None) => Some(Named { field: one.key, ids: vec![(id, one.key.to_owned())] }),
        (None, listed) => listed,
    }
}

/// A list of named credits; `None` when absent or empty.
pub fn named_list<'a>(issues: &mut Issues, list: fields::Ids<'a>) -> Option<Named<'a>> {
    let items = list.read(issues)?;
    if items.is_empty() {
        return None;
    }
    let mut ids = Vec::with_capacity(items.len());
    for (i, item) in items.into_iter().enumerate() {
        match item {
            Ok(id) => ids.push((id, at(list.key, i))),
            Err(issue) => issues.error(issue),
        }
    }
    Some(Named { field: list.key, ids })
}

/// Checks credits named to pay for a booking of `booking_type` at `starts_at`: as many as its cost,
/// no repeats, each usable (at `now`) and not on hold. Every problem at its own path.
pub fn check_named(
    cx: &Cx,
    named: &Named,
    (client_id, booking_type): (&str, &str),
    (now, starts_at): (Time, Time),
) -> Result<Vec<Ix>, Vec<Issue>> {
    let needed = cost(cx, booking_type);
    if named.ids.len() != needed {
        let message = if needed == 1 {
            format!("{} takes 1 credit; {} were named.", cx.type_name(booking_type), named.ids.len())
        } else {
            format!("{} takes {needed} credits; {} were named.", cx.type_name(booking_type), named.ids.len())
        };
        let issue = Issue::new(Code::InvalidQuantity, named.field, message)
            .with("needed", needed)
            .with("given", named.ids.len());
        return Err(vec![issue]);
    }
    let mut problems = Vec::new();
    let mut taken: Vec<Ix> = Vec::with_capacity(needed);
    for (i, (id, path)) in named.ids.iter().enumerate() {
        if named.ids.iter().take(i).any(|(seen, _)| seen == id) {
            problems.push(super::super::duplicate_item(id, path));
            continue;
        }
        match check_one(cx, id, (client_id, booking_type), (now, starts_at), path) {
            Ok(k) => taken.push(k),
            Err(issue) => problems.push(issue),
        }
    }
    if problems.is_empty() {
        Ok(taken)
    } else {
        Err(problems)
    }
}

/// One named credit: the client's, usable now and at the start, of the type or a substitute, not on hold.
fn check_one(
    cx: &Cx,
    credit_id: &str,
    (client_id, booking_type): (&str, &str),
    (now, starts_at): (Time, Time),
    path: &str,
) -> Result<Ix, Issue> {
    let k = cx.draft.find_credit(credit_id).ok_or_else(|| unknown_credit(credit_id, path))?;
    let credit = cx.draft.credit(k).ok_or_else(|| unknown_credit(credit_id, path))?;
    if &*credit.client_id != client_id {
        return Err(wrong_client(credit, path));
    }
    if let Some(issue) = unavailable(credit, now, path) {
        return Err(issue);
    }
    if credit.expired_at(starts_at) {
        let when = credit.expires_at.map(|e| time::describe_expiry(e, cx.tz())).unwrap_or_default();
        return Err(Issue::new(
            Code::CreditExpired,
            path,
            format!("Credit {credit_id} expires after {when}, before the session starts."),
        )
        .with("creditId", credit_id));
    }
    if !cx.policy.pays_for(&credit.session_type_id, booking_type) {
        return Err(Issue::new(
            Code::SessionTypeMismatch,
            path,
            format!(
                "Credit {credit_id} is a {} credit and cannot pay for {}.",
                cx.type_name(&credit.session_type_id),
                cx.type_name(booking_type)
            ),
        )
        .with("creditId", credit_id)
        .with("sessionTypeId", booking_type));
    }
    if let Some(hold) = hold_on(cx, credit, starts_at) {
        return Err(Issue::new(
            Code::CreditOnHold,
            path,
            format!("Credit {credit_id} belongs to a membership on hold ({hold}) on the day of the session."),
        )
        .with("creditId", credit_id)
        .with("holdId", &*hold));
    }
    Ok(k)
}

/// "has 1 of the 2 usable Reformer credits this session takes", for the unpaid sentences.
pub fn shortfall(cx: &Cx, client_id: &str, booking_type: &str, needed: usize, available: usize) -> String {
    let name = cx.type_name(booking_type);
    if needed == 1 {
        format!("{} has no usable {name} credit", cx.client_name(client_id))
    } else {
        format!(
            "{} has {available} usable {name} credits of the {needed} this session takes",
            cx.client_name(client_id)
        )
    }
}

/// `insufficient_credits` for a booking `"auto"` cannot pay, at `path`.
pub fn insufficient(cx: &Cx, b: &Booking, available: usize, path: &str) -> Issue {
    let needed = cost(cx, &b.session_type_id);
    Issue::new(
        Code::InsufficientCredits,
        path,
        format!("{} for this session.", shortfall(cx, &b.client_id, &b.session_type_id, needed, available)),
    )
    .with("needed", needed)
    .with("available", available)
}

/// The credits that pay an unpaid booking: the ones named, else what `"auto"` takes
/// (`insufficient_credits` at `creditId` when it cannot). A visit already attended needs credits
/// usable at its start only.
pub fn payment(cx: &Cx, b: &Booking, named: Option<&Named>) -> Result<Vec<Ix>, Vec<Issue>> {
    let now = if b.status == BookingStatus::Attended { b.starts_at } else { cx.now };
    let owner = (&*b.client_id, &*b.session_type_id);
    match named {
        Some(named) => check_named(cx, named, owner, (now, b.starts_at)),
        None => pick(cx, owner, (now, b.starts_at), |_| true, cost(cx, &b.session_type_id))
            .map_err(|available| vec![insufficient(cx, b, available, "creditId")]),
    }
}

/// Writes a booking kind of ledger entry: one per session type of its credits, the booking's own
/// type first.
pub fn record(cx: &mut Cx, kind: LedgerKind, credits: &[Ix], booking: Ix) {
    let Some(b) = cx.draft.booking(booking) else { return };
    let (client_id, booking_id, own_type) = (b.client_id.clone(), b.id.clone(), b.session_type_id.clone());
    let mut groups: Vec<(Id, Vec<Id>)> = Vec::new();
    for &k in credits {
        let Some(c) = cx.draft.credit(k) else { continue };
        match groups.iter_mut().find(|(t, _)| *t == c.session_type_id) {
            Some((_, ids)) => ids.push(c.id.clone()),
            None => groups.push((c.session_type_id.clone(), vec![c.id.clone()])),
        }
    }
    groups.sort_by_key(|(t, _)| *t != own_type);
    for (session_type, ids) in groups {
        let details = EntryDetails { booking_id: Some(booking_id.clone()), ..EntryDetails::default() };
        cx.record(kind, (client_id.clone(), session_type), ids, details);
    }
}

/// Attaches credits to a booking, together; ledger `assign`.
pub fn assign(cx: &mut Cx, credits: &[Ix], booking: Ix) {
    let Some(booking_id) = cx.draft.booking(booking).map(|b| b.id.clone()) else { return };
    let mut ids = Vec::with_capacity(credits.len());
    for &k in credits {
        cx.draft.update_credit(k, |c| {
            c.status = CreditStatus::Assigned;
            c.booking_id = Some(booking_id.clone());
        });
        if let Some(c) = cx.draft.credit(k) {
            ids.push(c.id.clone());
        }
    }
    cx.draft.update_booking(booking, |b| b.credit_ids = ids);
    record(cx, LedgerKind::Assign, credits, booking);
}

/// "credit k1" or "credits k1, k2", for a sentence.
pub fn credits_phrase(cx: &Cx, credits: &[Ix]) -> String {
    let ids: Vec<String> = credits.iter().filter_map(|&k| cx.draft.credit(k).map(|c| c.id.to_string())).collect();
    ids_phrase(&ids)
}

pub fn ids_phrase<S: AsRef<str>>(ids: &[S]) -> String {
    let noun = if ids.len() == 1 { "credit" } else { "credits" };
    [noun, " ", &super::super::id_list(ids)].concat()
}
