//! Who can hold credits: a client's qualifying membership, and the session types it covers [AD][AJ].
//! Shared by addCredits and transferCredits.
use crate::engine::Cx;
use crate::issue::Issue;
use crate::model::{Client, Membership, MembershipStatus};
use crate::policy::Policy;
use crate::time::{self, Time};

/// Where a membership stands for adding credits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Qualifies; lower ranks are preferred (active, frozen, cancelled within grace).
    Qualifies(u8),
    Expired,
    GraceOver,
}

pub fn standing(m: &Membership, now: Time, policy: &Policy) -> Standing {
    match m.status {
        MembershipStatus::Active | MembershipStatus::Frozen if m.ends_at.is_some_and(|e| e <= now) => Standing::Expired,
        MembershipStatus::Active => Standing::Qualifies(0),
        MembershipStatus::Frozen => Standing::Qualifies(1),
        MembershipStatus::Expired => Standing::Expired,
        MembershipStatus::Cancelled => {
            let grace_ends = m
                .cancelled_at
                .and_then(|c| time::add_days(c, policy.cancelled_membership_grace_days, &policy.timezone));
            match grace_ends {
                Some(end) if now < end => Standing::Qualifies(2),
                _ => Standing::GraceOver,
            }
        }
    }
}

pub fn issue(s: Standing, m: &Membership, path: &str, policy: &Policy) -> Option<Issue> {
    match s {
        Standing::Qualifies(_) => None,
        Standing::Expired => Some(
            Issue::new(
                "membership_expired",
                path,
                format!("Membership {} has expired: renew it or sell a new one before adding credits.", m.id),
            )
            .with("membershipId", &*m.id),
        ),
        Standing::GraceOver => Some(
            Issue::new(
                "grace_period_over",
                path,
                format!(
                    "Membership {} was cancelled more than {} days ago, so credits can no longer be added.",
                    m.id, policy.cancelled_membership_grace_days
                ),
            )
            .with("membershipId", &*m.id)
            .with("graceDays", policy.cancelled_membership_grace_days),
        ),
    }
}

/// The membership a client's new credits link to: the qualifying one (active before frozen before
/// cancelled within grace, ties on id), or none. With `requireMembershipToAdd` and none qualifying,
/// the issue of the best-placed one (`grace_period_over`, else `membership_expired`), or
/// `no_active_membership`, at `path`.
pub fn holding<'s>(cx: &Cx<'s>, client: &Client, path: &str) -> Result<Option<&'s Membership>, Issue> {
    let policy = cx.policy;
    let mut best: Option<(u8, &Membership)> = None;
    let mut worst: Option<(Standing, &Membership)> = None;
    for m in cx.state().client_memberships(&client.id) {
        match standing(m, cx.now, policy) {
            Standing::Qualifies(rank) => {
                if best.map_or(true, |(r, b)| (rank, &*m.id) < (r, &*b.id)) {
                    best = Some((rank, m));
                }
            }
            // grace_period_over speaks before membership_expired; ties on id.
            s => {
                let better = match worst {
                    None => true,
                    Some((w, wm)) => (s == Standing::GraceOver && w != Standing::GraceOver) || (s == w && m.id < wm.id),
                };
                if better {
                    worst = Some((s, m));
                }
            }
        }
    }
    match (best, worst) {
        (Some((_, m)), _) => Ok(Some(m)),
        (None, Some((s, m))) if policy.require_membership_to_add => match issue(s, m, path, policy) {
            Some(i) => Err(i),
            None => Ok(None),
        },
        (None, None) if policy.require_membership_to_add => Err(Issue::new(
            "no_active_membership",
            path,
            format!("{} has no active membership or package to add credits to.", client.name),
        )
        .with("clientId", &*client.id)),
        _ => Ok(None),
    }
}

/// `not_eligible` when the membership does not cover the session type.
pub fn not_eligible(cx: &Cx, client: &Client, m: &Membership, type_id: &str, path: &str) -> Option<Issue> {
    let covered = m.eligible_session_type_ids.is_empty() || m.eligible_session_type_ids.iter().any(|e| &**e == type_id);
    (!covered).then(|| {
        Issue::new(
            "not_eligible",
            path,
            format!("{}'s membership {} does not cover {}.", client.name, m.id, cx.type_name(type_id)),
        )
        .with("membershipId", &*m.id)
        .with("sessionTypeId", type_id)
    })
}
