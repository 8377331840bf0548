//! The commands, one module each, and what they share: the dispatch (made from the command table),
//! quantities, credit checks and sentences.
//!
//! Every command follows the same shape: read the fields (each problem an issue at its path), check
//! the rules against the draft, and only when there is no error at all, change the draft. A command
//! that fails leaves the draft as it found it, which is what lets a batch go on checking.
pub(crate) mod add_credits;
pub(crate) mod assign_credit;
pub(crate) mod autopay;
pub(crate) mod batch;
pub(crate) mod book;
pub(crate) mod booking_rules;
pub(crate) mod bulk;
pub(crate) mod cancel_booking;
pub(crate) mod change_credit_type;
pub(crate) mod check_in;
pub(crate) mod context;
pub(crate) mod delete_booking;
pub(crate) mod expire_credits;
pub(crate) mod extend_expiry;
pub(crate) mod forgive_and_rebook;
pub(crate) mod hold_membership;
pub(crate) mod holds;
pub(crate) mod mark_no_show;
pub(crate) mod membership;
pub(crate) mod remove_credits;
pub(crate) mod remove_hold;
pub(crate) mod revert_attendance;
pub(crate) mod selection;
pub(crate) mod transfer_credits;
pub(crate) mod usage_limits;

use crate::forms::{self, inputs, Batch};
use crate::input::{invalid, object, required, Reader};
use crate::issue::{Code, Issue};
use crate::model::{Credit, CreditStatus, SessionType};
use crate::policy::Permission;
use crate::time::{self, Time};
pub(crate) use context::{Cx, EntryDetails};
use serde_json::Value;

pub use forms::{Command, TYPES};

/// The dispatch, made from the command table: the permissions a command always needs, its
/// unknown fields, then its module's `run` with its typed input. `false` for an unknown type.
macro_rules! dispatch {
    ($(
        $doc:literal
        $name:ident = $tag:literal => $module:ident {
            permits: [$($permit:ident),*],
            $($rest:tt)*
        }
    )*) => {
        fn dispatch(cx: &mut Cx, command_type: &str, obj: &crate::input::Obj) -> bool {
            match command_type {
                $($tag => {
                    $( cx.permit(Permission::$permit); )*
                    Reader::new(obj, "", &mut cx.issues).unknown_fields(forms::$name::FIELDS);
                    $module::run(cx, inputs::$name::new(obj));
                })*
                _ => return false,
            }
            true
        }
    };
}
forms::command_table!(dispatch);

/// Runs one command; `in_batch` refuses nested batches.
pub fn run(cx: &mut Cx, command: &Value, in_batch: bool) {
    let Some(obj) = object(command, "", "command", &mut cx.issues) else {
        return;
    };
    let kind = match obj.get("type") {
        None | Some(Value::Null) => {
            cx.issues.error(required("type".into(), "type"));
            return;
        }
        Some(Value::String(s)) if crate::input::blank(s) => {
            cx.issues.error(required("type".into(), "type"));
            return;
        }
        Some(Value::String(s)) => s.as_str(),
        Some(_) => {
            cx.issues.error(invalid("type".into(), "a command type"));
            return;
        }
    };
    if kind == Batch::TYPE && in_batch {
        cx.issues.error(Issue::new(Code::InvalidInput, "", "A batch cannot contain another batch."));
    } else if !dispatch(cx, kind, obj) {
        let shown = crate::issue::clip(kind);
        let issue = Issue::new(
            Code::UnknownCommand,
            "type",
            format!("There is no command called {shown}; known ones are {}.", TYPES.join(", ")),
        );
        cx.issues.error(issue.with("type", shown));
    } else if kind == Batch::TYPE {
        // A batch's commands each ran their own autopay.
        return;
    }
    if cx.issues.has_errors() {
        cx.draft.fresh.clear();
        cx.rebooked = None;
    } else {
        autopay::run(cx);
    }
}

/// A number of credits: a whole number from 1 to the policy's `maxQuantity`.
pub fn quantity(cx: &mut Cx, count: crate::input::Count) -> Option<u64> {
    use crate::input::Count;
    let max = cx.policy.max_quantity;
    match count {
        Count::Missing => {
            cx.issues.error(required("quantity".into(), "quantity"));
            None
        }
        Count::Value(q) if (1..=max).contains(&q) => Some(q),
        _ => {
            let message = format!("Enter a whole number of credits from 1 to {max}.");
            cx.issues.error(Issue::new(Code::InvalidQuantity, "quantity", message).with("min", 1u64).with("max", max));
            None
        }
    }
}

/// A number of credits to take away or move: a whole number of at least 1 (bounded by the role and
/// by what is there, not by `maxQuantity`, which bounds grants).
pub fn count_of_credits(cx: &mut Cx, count: crate::input::Count) -> Option<u64> {
    use crate::input::Count;
    match count {
        Count::Missing => {
            cx.issues.error(required("quantity".into(), "quantity"));
            None
        }
        Count::Value(q) if q >= 1 => Some(q),
        _ => {
            let issue = Issue::new(Code::InvalidQuantity, "quantity", "Enter a whole number of credits, at least 1.");
            cx.issues.error(issue.with("min", 1u64));
            None
        }
    }
}

/// A session type that new credits or bookings may use: known and active.
pub fn active_session_type<'s>(cx: &mut Cx<'s>, id: &str, path: &str) -> Option<&'s SessionType> {
    let state = cx.state();
    match state.session_type(id) {
        None => {
            cx.issues.error(unknown_session_type(id, path));
            None
        }
        Some(t) if !t.active => {
            let issue = Issue::new(Code::SessionTypeInactive, path, format!("{} is no longer offered.", t.name));
            cx.issues.error(issue.with("sessionTypeId", id));
            None
        }
        Some(t) => Some(t),
    }
}

pub fn unknown_session_type(id: &str, path: &str) -> Issue {
    Issue::unknown(Code::UnknownSessionType, path, id)
}

pub fn unknown_client(id: &str, path: &str) -> Issue {
    Issue::unknown(Code::UnknownClient, path, id)
}

pub fn unknown_credit(id: &str, path: &str) -> Issue {
    Issue::unknown(Code::UnknownCredit, path, id)
}

pub fn unknown_booking(id: &str, path: &str) -> Issue {
    Issue::unknown(Code::UnknownBooking, path, id)
}

pub fn duplicate_item(id: &str, path: &str) -> Issue {
    Issue::new(Code::Duplicate, path, format!("{id} is listed more than once.")).with("id", id)
}

pub fn wrong_client(credit: &Credit, path: &str) -> Issue {
    Issue::new(Code::WrongClient, path, format!("Credit {} belongs to another client.", credit.id))
        .with("creditId", &*credit.id)
}

/// Why a credit is not available to change, remove or spend at `now`, if it is not.
pub fn unavailable(credit: &Credit, now: Time, path: &str) -> Option<Issue> {
    let id = &*credit.id;
    let issue = match credit.status {
        CreditStatus::Available if !credit.expired_at(now) => return None,
        CreditStatus::Assigned => Issue::new(
            Code::CreditAssigned,
            path,
            format!(
                "Credit {id} is assigned to booking {}: cancel and forgive that booking, or delete it, to free the credit first.",
                credit.booking_id.as_deref().unwrap_or("?")
            ),
        ),
        CreditStatus::Available | CreditStatus::Expired => Issue::new(Code::CreditExpired, path, format!("Credit {id} has expired.")),
        CreditStatus::Used => Issue::new(Code::CreditNotAvailable, path, format!("Credit {id} has already been used.")),
        CreditStatus::Forfeited => Issue::new(Code::CreditNotAvailable, path, format!("Credit {id} was forfeited by a late cancellation.")),
        CreditStatus::Removed => Issue::new(Code::CreditNotAvailable, path, format!("Credit {id} has been removed.")),
    };
    Some(issue.with("creditId", id))
}

/// "3 Personal Training 60 credits", "1 Spin credit".
pub fn credits_of(n: usize, type_name: &str) -> String {
    let plural = if n == 1 { "" } else { "s" };
    [itoa::Buffer::new().format(n), " ", type_name, " credit", plural].concat()
}

/// A short list of ids for a sentence: `k1, k2, k3 and 7 more`.
pub fn id_list<S: AsRef<str>>(ids: &[S]) -> String {
    const SHOWN: usize = 5;
    let shown: Vec<&str> = ids.iter().take(SHOWN).map(AsRef::as_ref).collect();
    match ids.len().saturating_sub(SHOWN) {
        0 => shown.join(", "),
        more => format!("{} and {more} more", shown.join(", ")),
    }
}

/// When a credit expiring at `t` can last be used, for a sentence.
pub fn expiry_phrase(expires_at: Option<Time>, tz: &crate::time::Zone) -> String {
    match expires_at {
        Some(t) => format!("usable through {}", time::describe_expiry(t, tz)),
        None => "with no expiry".to_owned(),
    }
}

/// Credits of one client and one session type, as a ledger entry covers them.
pub struct Group {
    pub client_id: crate::model::Id,
    pub session_type_id: crate::model::Id,
    pub credit_ids: Vec<crate::model::Id>,
}

/// Groups credits by client and session type, in order of first appearance.
pub fn group<'c>(credits: impl Iterator<Item = &'c Credit>) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    let mut index = rustc_hash::FxHashMap::default();
    for c in credits {
        let key = (c.client_id.clone(), c.session_type_id.clone());
        let n = *index.entry(key).or_insert_with(|| {
            groups.push(Group {
                client_id: c.client_id.clone(),
                session_type_id: c.session_type_id.clone(),
                credit_ids: Vec::new(),
            });
            groups.len() - 1
        });
        if let Some(g) = groups.get_mut(n) {
            g.credit_ids.push(c.id.clone());
        }
    }
    groups
}
