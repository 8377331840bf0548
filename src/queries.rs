//! The small queries of an engine: balances, usage against limits, and what the credits are worth.
//! Each reads the state and answers data, or an `EngineError` for a bad query.
use crate::answer::Balance;
use crate::call::{parse_json, to_json};
use crate::commands;
use crate::engine::{Engine, EngineError};
use crate::input::{invalid, Reader};
use crate::issue::Issues;
use crate::model::CreditStatus;
use crate::time::Time;
use serde_json::Value;
use std::collections::BTreeMap;

impl Engine {
    /// Balances per client and session type: available credits unexpired at `asOf` (by default
    /// the `now` of the latest apply; before any apply, expiry dates are ignored) and assigned ones.
    pub fn balances(&self, query: &Value) -> Result<Vec<crate::answer::Balance>, EngineError> {
        let mut issues = Issues::default();
        let (client, as_of) = match query {
            Value::Null => (None, None),
            Value::Object(obj) => {
                let mut r = Reader::new(obj, "", &mut issues);
                r.unknown_fields(&["clientId", "asOf"]);
                (r.opt_id("clientId"), r.instant("asOf"))
            }
            _ => {
                issues.error(invalid(String::new(), "an object with clientId and asOf"));
                (None, None)
            }
        };
        if issues.has_errors() {
            return Err(issues.into());
        }
        let as_of = as_of.or(self.last_apply_now);
        let rows = match client {
            Some(id) => self.client_balances(id, as_of),
            None => self.state.clients.iter().flat_map(|c| self.client_balances(&c.id, as_of)).collect(),
        };
        Ok(rows)
    }

    fn client_balances(&self, client_id: &str, as_of: Option<Time>) -> Vec<Balance> {
        let Some(client) = self.state.client(client_id) else {
            return Vec::new();
        };
        // Keyed by the type's position, so rows come in the snapshot's order of session types.
        let mut rows: BTreeMap<usize, Balance> = BTreeMap::new();
        for &n in self.state.client_credit_ixs(client_id) {
            let Some(c) = self.state.credits.get(n as usize) else {
                continue;
            };
            let position = self.state.type_position(&c.session_type_id).map_or(usize::MAX, |p| p as usize);
            let row = rows.entry(position).or_insert_with(|| Balance {
                client_id: client.id.clone(),
                session_type_id: c.session_type_id.clone(),
                available: 0,
                assigned: 0,
                used: 0,
            });
            match c.status {
                CreditStatus::Available if as_of.map_or(true, |t| !c.expired_at(t)) => row.available += 1,
                CreditStatus::Assigned => row.assigned += 1,
                CreditStatus::Used => row.used += 1,
                _ => {}
            }
        }
        rows.into_values().collect()
    }

    pub fn balances_json(&self, query: &str) -> Result<String, EngineError> {
        let mut issues = Issues::default();
        let query = if query.trim().is_empty() { Value::Null } else { parse_json(query, "query", &mut issues) };
        if issues.has_errors() {
            return Err(issues.into());
        }
        self.balances(&query).map(|rows| to_json(&rows))
    }

    /// Where a client stands against each usage limit of its memberships at `at`: one row per limit
    /// that binds then, by membership id, then in the order of its limits.
    pub fn usage(&self, query: &Value) -> Result<Vec<crate::answer::Usage>, EngineError> {
        let mut issues = Issues::default();
        let (client_id, at) = self.read_query(query, &mut issues, "at", false);
        let (Some(client_id), Some(at), false) = (client_id, at, issues.has_errors()) else {
            return Err(issues.into());
        };
        let state = &self.state;
        let mut memberships: Vec<&crate::model::Membership> = state.client_memberships(client_id).collect();
        memberships.sort_by(|a, b| a.id.cmp(&b.id));
        let bookings = || {
            state
                .client_booking_ixs(client_id)
                .iter()
                .filter_map(|&n| state.bookings.get(n as usize)?.as_ref().map(|b| (n, b)))
        };
        let zone = (&self.policy.timezone, self.policy.week_starts_on);
        let mut rows = Vec::new();
        for m in memberships.into_iter().filter(|m| commands::usage_limits::binds(m, at)) {
            for limit in &m.usage_limits {
                let Some(s) = commands::usage_limits::standing(limit, bookings(), at, zone, None) else { continue };
                rows.push(crate::answer::Usage {
                    membership_id: m.id.clone(),
                    period: limit.period,
                    max: limit.max,
                    used: s.used,
                    period_start: s.period_start,
                    period_end: s.period_end,
                    session_type_ids: limit.session_type_ids.clone(),
                });
            }
        }
        Ok(rows)
    }

    /// What the credits are worth: deferred, recognised (used, forfeited, expired), removed, and how
    /// many have no value; over the studio or one client, at `asOf` (defaults as `balances`').
    pub fn liability(&self, query: &Value) -> Result<crate::answer::Liability, EngineError> {
        let mut issues = Issues::default();
        let (client_id, as_of) = self.read_query(query, &mut issues, "asOf", true);
        if issues.has_errors() {
            return Err(issues.into());
        }
        let as_of = as_of.or(self.last_apply_now);
        let mut sum = crate::answer::Liability { currency: self.policy.currency.clone(), ..Default::default() };
        let mut add = |c: &crate::model::Credit| {
            let Some(v) = c.value else {
                sum.untracked += 1;
                return;
            };
            let slot = match c.status {
                CreditStatus::Available if as_of.is_some_and(|t| c.expired_at(t)) => &mut sum.recognized.expired,
                CreditStatus::Available | CreditStatus::Assigned => &mut sum.deferred,
                CreditStatus::Used => &mut sum.recognized.used,
                CreditStatus::Forfeited => &mut sum.recognized.forfeited,
                CreditStatus::Expired => &mut sum.recognized.expired,
                CreditStatus::Removed => &mut sum.removed,
            };
            *slot = slot.saturating_add(v);
        };
        match client_id {
            Some(id) => self.state.client_credits(id).for_each(&mut add),
            None => self.state.credits.iter().for_each(&mut add),
        }
        Ok(sum)
    }

    /// Reads `{ clientId, <when> }` of `usage` (both required) or `liability` (both optional, the
    /// query itself too): a known client and an instant, each problem an issue at its field.
    fn read_query<'q>(
        &self,
        query: &'q Value,
        issues: &mut Issues,
        when: &str,
        optional: bool,
    ) -> (Option<&'q str>, Option<Time>) {
        let (client_id, t) = match query {
            Value::Null if optional => (None, None),
            Value::Object(obj) => {
                let mut r = Reader::new(obj, "", issues);
                r.unknown_fields(&["clientId", when]);
                if optional {
                    (r.opt_id("clientId"), r.instant(when))
                } else {
                    (r.id("clientId"), r.required_instant(when))
                }
            }
            _ => {
                issues.error(invalid(String::new(), &format!("an object with clientId and {when}")));
                (None, None)
            }
        };
        if let Some(id) = client_id.filter(|id| self.state.client(id).is_none()) {
            issues.error(commands::unknown_client(id, "clientId"));
        }
        (client_id, t)
    }
}
