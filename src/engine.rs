//! The engine: holds the policy and the state, parses the context of each call, runs a command
//! against a draft, and answers. validate, preview and apply are one code path.
use crate::answer::{Balance, Counts, Detail, LedgerEntry, LedgerKind, Preview, ReplayEntry, ReplayResult, Verdict};
use crate::commands;
use crate::draft::Draft;
use crate::input::{invalid, object, required, Reader};
use crate::issue::{Issue, Issues};
use crate::limits::MAX_COMMAND_ID_CHARS;
use crate::load::{self, syntax_issue};
use crate::model::{CreditStatus, Id, Snapshot};
use crate::policy::{parse_policy, Permission, Policy, Role};
use crate::state::State;
use crate::time::{self, Time};
use rustc_hash::FxHashSet as HashSet;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

/// A policy or snapshot refused, a bad `balances` query: every problem, as issues.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EngineError {
    pub issues: Vec<Issue>,
}

impl fmt::Display for EngineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.issues.as_slice() {
            [] => f.write_str("The input was refused."),
            [one] => write!(f, "{} ({} at {:?})", one.message, one.code, one.path),
            [first, rest @ ..] => {
                let more =
                    if rest.len() == 1 { "1 more problem".to_owned() } else { format!("{} more problems", rest.len()) };
                write!(f, "{} ({} at {:?}), and {more}.", first.message, first.code, first.path)
            }
        }
    }
}

impl std::error::Error for EngineError {}

impl From<Issues> for EngineError {
    fn from(issues: Issues) -> Self {
        EngineError { issues: issues.errors }
    }
}

/// Everything a command reads and writes while it runs.
pub struct Cx<'s> {
    pub policy: &'s Policy,
    pub role: &'s Role,
    pub now: Time,
    pub actor_id: Id,
    pub draft: Draft<'s>,
    pub issues: Issues,
    pub items: Option<Vec<crate::answer::ItemVerdict>>,
    /// The booking forgiveAndRebook made, which autopay pays first.
    pub rebooked: Option<crate::state::Ix>,
}

impl<'s> Cx<'s> {
    /// Checks the actor's role holds `p`; reports `permission_denied` when it does not.
    pub fn permit(&mut self, p: Permission) -> bool {
        let ok = self.role.may(p);
        if !ok {
            let issue =
                Issue::new("permission_denied", "", format!("The {} role may not {}.", self.role.name, p.action()));
            self.issues.error(issue.with("role", self.role.name.as_str()).with("permission", p.name()));
        }
        ok
    }

    pub fn state(&self) -> &'s State {
        self.draft.base
    }

    pub fn tz(&self) -> &'s crate::time::Zone {
        &self.policy.timezone
    }

    pub fn client_name(&self, id: &str) -> String {
        self.state().client(id).map_or_else(|| id.to_owned(), |c| c.name.clone())
    }

    /// A ledger entry by this actor, now, for one client and session type.
    pub fn entry(&self, kind: LedgerKind, client_id: Id, session_type_id: Id, credit_ids: Vec<Id>) -> LedgerEntry {
        LedgerEntry {
            id: String::new(),
            quantity: 0,
            at: self.now,
            actor_id: self.actor_id.clone(),
            client_id,
            kind,
            credit_ids,
            session_type_id,
            from_session_type_id: None,
            booking_id: None,
            reason: None,
            note: None,
            counterparty_client_id: None,
        }
    }

    pub fn type_name(&self, id: &str) -> String {
        self.state().session_type(id).map_or_else(|| id.to_owned(), |t| t.name.clone())
    }
}

/// The parsed context of one call.
struct Context<'p> {
    role: &'p Role,
    actor_id: Id,
    now: Time,
    command_id: String,
    /// Given by the caller (not the `preview` default), so it must be new.
    explicit: bool,
}

fn parse_context<'p>(v: &Value, policy: &'p Policy, for_apply: bool, issues: &mut Issues) -> Option<Context<'p>> {
    let obj = object(v, "", "context", issues)?;
    let mut r = Reader::new(obj, "", issues);
    let mut role = None;
    let mut actor_id = None;
    match r.present("actor") {
        None => r.issues.error(required("actor".into(), "actor")),
        Some(Value::Object(actor)) => {
            let mut a = Reader::new(actor, "actor", r.issues);
            actor_id = a.id("id");
            if let Some(name) = a.id("role") {
                role = policy.roles.get(name);
                if role.is_none() {
                    let issue = Issue::new(
                        "unknown_role",
                        "actor.role",
                        format!("There is no role called {}.", crate::issue::clip(name)),
                    );
                    a.issues.error(issue.with("role", crate::issue::clip(name)));
                }
            }
        }
        Some(_) => r.issues.error(invalid("actor".into(), "an object with id and role")),
    }
    let now = r.required_instant("now");
    let command_id = match r.present("commandId") {
        None if for_apply => {
            r.issues.error(required("commandId".into(), "commandId"));
            None
        }
        None => Some(("preview".to_owned(), false)),
        Some(Value::String(s)) if s.chars().count() > MAX_COMMAND_ID_CHARS => {
            let issue = Issue::new(
                "too_long",
                "commandId",
                format!("A command id may have at most {MAX_COMMAND_ID_CHARS} characters."),
            );
            r.issues.error(issue.with("max", MAX_COMMAND_ID_CHARS));
            None
        }
        Some(Value::String(s)) if for_apply && s.trim() == "preview" => {
            let issue = Issue::new(
                "invalid_input",
                "commandId",
                "The command id preview is the previews' default: give the command an id of its own.",
            );
            r.issues.error(issue.with("commandId", "preview"));
            None
        }
        Some(Value::String(s)) => Some((s.clone(), true)),
        Some(_) => {
            r.issues.error(invalid("commandId".into(), "a string"));
            None
        }
    };
    match (role, actor_id, now, command_id) {
        (Some(role), Some(actor_id), Some(now), Some((command_id, explicit))) => {
            Some(Context { role, actor_id: Arc::from(actor_id), now, command_id, explicit })
        }
        _ => None,
    }
}

/// Parses JSON text given to a `…Json` entry point; a syntax error becomes an issue.
fn parse_json(text: &str, what: &str, issues: &mut Issues) -> Value {
    match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            issues.error(syntax_issue("", what, &e));
            Value::Null
        }
    }
}

/// Reads `{ detail?: "full" | "summary" }`; undefined or null is full detail.
fn parse_options(options: &Value, issues: &mut Issues) -> Detail {
    let obj = match options {
        Value::Null => return Detail::Full,
        Value::Object(o) => o,
        _ => {
            issues.error(invalid("options".into(), "an object like { detail: \"summary\" }"));
            return Detail::Full;
        }
    };
    let mut r = Reader::new(obj, "options", issues);
    r.unknown_fields(&["detail"]);
    match obj.get("detail") {
        None | Some(Value::Null) => Detail::Full,
        Some(Value::String(s)) if s == "full" => Detail::Full,
        Some(Value::String(s)) if s == "summary" => Detail::Summary,
        Some(_) => {
            r.issues.error(invalid("options.detail".into(), "full or summary"));
            Detail::Full
        }
    }
}

/// The options of a `…Json` call: absent or blank text is no options.
fn options_value(text: Option<&str>, issues: &mut Issues) -> Value {
    match text {
        Some(t) if !t.trim().is_empty() => {
            let mut parse = Issues::default();
            let v = parse_json(t, "options", &mut parse);
            for mut i in parse.errors {
                i.path = "options".to_owned();
                issues.error(i);
            }
            v
        }
        _ => Value::Null,
    }
}

fn to_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|e| {
        format!(r#"{{"ok":false,"errors":[{{"code":"invalid_input","path":"","message":"The answer could not be written: {e}."}}],"warnings":[]}}"#)
    })
}

#[derive(Clone)]
pub struct Engine {
    policy: Policy,
    state: State,
    applied: HashSet<String>,
    last_apply_now: Option<Time>,
}

impl Engine {
    fn build(
        policy: &Value,
        snapshot: impl FnOnce(&Policy) -> Result<Snapshot, Issues>,
    ) -> Result<Engine, EngineError> {
        let (policy, mut issues) = parse_policy(policy);
        issues.warnings.clear();
        match snapshot(&policy) {
            Ok(s) if !issues.has_errors() => {
                Ok(Engine { policy, state: State::new(s), applied: HashSet::default(), last_apply_now: None })
            }
            Ok(_) => Err(issues.into()),
            Err(more) => {
                issues.append(more);
                Err(issues.into())
            }
        }
    }

    /// Loads a policy and a snapshot; every problem of either is listed in the error.
    pub fn new(policy: &Value, snapshot: &Value) -> Result<Engine, EngineError> {
        Engine::build(policy, |p| load::snapshot_from_value(snapshot, p))
    }

    /// The same from JSON text; the snapshot is read record by record, never as a whole tree.
    pub fn from_json(policy: &str, snapshot: &str) -> Result<Engine, EngineError> {
        let mut issues = Issues::default();
        let policy = parse_json(policy, "policy", &mut issues);
        if issues.has_errors() {
            return Err(issues.into());
        }
        Engine::build(&policy, |p| load::snapshot_from_str(snapshot, p))
    }

    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// Runs a command against a draft of the state; the answer, and the changes when ok.
    fn evaluate(
        &self,
        command: &Value,
        ctx: &Value,
        for_apply: bool,
        mut issues: Issues,
    ) -> (Preview, Option<crate::state::Changes>) {
        if issues.has_errors() {
            // JSON text that did not parse: nothing more can be said about it.
            return (Preview::refused(Verdict::from_issues(issues, None)), None);
        }
        let Some(context) = parse_context(ctx, &self.policy, for_apply, &mut issues) else {
            return (Preview::refused(Verdict::from_issues(issues, None)), None);
        };
        // A context issue is reported alone: the command is not judged.
        if context.explicit && self.applied.contains(&context.command_id) {
            let issue = Issue::new(
                "duplicate",
                "commandId",
                format!("Command {} has already been applied.", context.command_id),
            );
            issues.error(issue.with("commandId", context.command_id.as_str()));
            return (Preview::refused(Verdict::from_issues(issues, None)), None);
        }
        let mut cx = Cx {
            policy: &self.policy,
            role: context.role,
            now: context.now,
            actor_id: context.actor_id,
            draft: Draft::new(&self.state, &context.command_id),
            issues,
            items: None,
            rebooked: None,
        };
        commands::run(&mut cx, command, false);
        let Cx { mut draft, mut issues, items, now, .. } = cx;
        if draft.id_clash && context.explicit {
            let issue = Issue::new(
                "duplicate",
                "commandId",
                format!("Records with ids made from {} already exist: use a new command id.", context.command_id),
            );
            issues.error(issue.with("commandId", context.command_id.as_str()));
        }
        let verdict = Verdict::from_issues(issues, items);
        if !verdict.ok {
            return (Preview::refused(verdict), None);
        }
        let steps = std::mem::take(&mut draft.steps);
        let ledger = std::mem::take(&mut draft.ledger);
        let outcome = draft.finish(now);
        let counts = Counts {
            items: verdict.items.as_ref().map_or(0, Vec::len),
            items_ok: verdict.items.as_ref().map_or(0, |items| items.iter().filter(|i| i.ok).count()),
            credits_added: outcome.credits.added.len(),
            credits_changed: outcome.credits.changed.len(),
            bookings_added: outcome.bookings.added.len(),
            bookings_changed: outcome.bookings.changed.len(),
            bookings_removed: outcome.bookings.removed.len(),
        };
        let preview = Preview {
            ok: true,
            errors: verdict.errors,
            warnings: verdict.warnings,
            items: verdict.items,
            steps,
            ledger,
            credits: Some(outcome.credits),
            bookings: Some(outcome.bookings),
            balances: outcome.balances,
            counts,
        };
        (preview, Some(outcome.changes))
    }

    /// Is this command allowed? Never fails: every problem is an issue in the verdict.
    pub fn validate(&self, command: &Value, ctx: &Value) -> Verdict {
        self.evaluate(command, ctx, false, Issues::default()).0.verdict()
    }

    /// What the command would change. Changes nothing.
    pub fn preview(&self, command: &Value, ctx: &Value) -> Preview {
        self.evaluate(command, ctx, false, Issues::default()).0
    }

    /// The same in the detail `options` asks for (`{ detail: "full" | "summary" }`).
    pub fn preview_with(&self, command: &Value, ctx: &Value, options: &Value) -> Preview {
        let mut issues = Issues::default();
        let detail = parse_options(options, &mut issues);
        self.evaluate_in(command, ctx, false, issues, detail).0
    }

    /// Like preview; when ok, the state becomes the result. Needs a new `commandId`.
    pub fn apply(&mut self, command: &Value, ctx: &Value) -> Preview {
        self.apply_with(command, ctx, Issues::default(), Detail::Full)
    }

    /// The same, answered in the detail `options` asks for; the state changes the same either way.
    pub fn apply_with_options(&mut self, command: &Value, ctx: &Value, options: &Value) -> Preview {
        let mut issues = Issues::default();
        let detail = parse_options(options, &mut issues);
        self.apply_with(command, ctx, issues, detail)
    }

    /// Runs a command after the options were read: their errors refuse the call alone, their
    /// warnings join the answer's.
    fn evaluate_in(
        &self,
        command: &Value,
        ctx: &Value,
        for_apply: bool,
        options: Issues,
        detail: Detail,
    ) -> (Preview, Option<crate::state::Changes>) {
        if options.has_errors() {
            return (Preview::refused(Verdict::from_issues(options, None)).in_detail(detail), None);
        }
        let (mut preview, changes) = self.evaluate(command, ctx, for_apply, Issues::default());
        preview.warnings.extend(options.warnings);
        (preview.in_detail(detail), changes)
    }

    fn apply_with(&mut self, command: &Value, ctx: &Value, issues: Issues, detail: Detail) -> Preview {
        let (preview, changes) = self.evaluate_in(command, ctx, true, issues, detail);
        if let Some(changes) = changes {
            self.state.commit(changes);
            if let Some(Value::String(id)) = ctx.get("commandId") {
                self.applied.insert(id.clone());
            }
            if let Some(now) = ctx.get("now").and_then(Value::as_str).and_then(time::parse_instant) {
                self.last_apply_now = Some(now);
            }
        }
        preview
    }

    fn parse_pair(command: &str, ctx: &str) -> (Value, Value, Issues) {
        let mut issues = Issues::default();
        let command = parse_json(command, "command", &mut issues);
        let ctx = parse_json(ctx, "context", &mut issues);
        (command, ctx, issues)
    }

    pub fn validate_json(&self, command: &str, ctx: &str) -> String {
        let (command, ctx, issues) = Engine::parse_pair(command, ctx);
        to_json(&self.evaluate(&command, &ctx, false, issues).0.verdict())
    }

    pub fn preview_json(&self, command: &str, ctx: &str) -> String {
        self.preview_json_with(command, ctx, None)
    }

    /// `previewJson` with the options as JSON text (absent or blank: full detail).
    pub fn preview_json_with(&self, command: &str, ctx: &str, options: Option<&str>) -> String {
        let (command, ctx, issues) = Engine::parse_pair(command, ctx);
        if issues.has_errors() {
            return to_json(&self.evaluate(&command, &ctx, false, issues).0);
        }
        let mut option_issues = Issues::default();
        let detail = parse_options(&options_value(options, &mut option_issues), &mut option_issues);
        to_json(&self.evaluate_in(&command, &ctx, false, option_issues, detail).0)
    }

    pub fn apply_json(&mut self, command: &str, ctx: &str) -> String {
        self.apply_json_with(command, ctx, None)
    }

    /// `applyJson` with the options as JSON text.
    pub fn apply_json_with(&mut self, command: &str, ctx: &str, options: Option<&str>) -> String {
        let (command, ctx, issues) = Engine::parse_pair(command, ctx);
        if issues.has_errors() {
            return to_json(&self.evaluate(&command, &ctx, true, issues).0);
        }
        let mut option_issues = Issues::default();
        let detail = parse_options(&options_value(options, &mut option_issues), &mut option_issues);
        to_json(&self.apply_with(&command, &ctx, option_issues, detail))
    }

    /// Applies each entry (`{ command, ctx }`) in order, each on its own: a refused one changes
    /// nothing, and the next is judged on what the accepted ones left. Never fails.
    pub fn replay(&mut self, entries: &Value) -> ReplayResult {
        let Value::Array(list) = entries else {
            return ReplayResult::refusing(Issue::new(
                "invalid_input",
                "",
                "A replay takes a list of entries, each { command, ctx }.",
            ));
        };
        let mut result = ReplayResult::default();
        for entry in list {
            let answer = match entry {
                Value::Object(e) => {
                    let command = e.get("command").unwrap_or(&Value::Null);
                    let ctx = e.get("ctx").unwrap_or(&Value::Null);
                    let command_id = match ctx.get("commandId") {
                        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
                        _ => None,
                    };
                    let p = self.apply(command, ctx);
                    ReplayEntry { command_id, ok: p.ok, errors: p.errors, warnings: p.warnings }
                }
                _ => ReplayEntry {
                    command_id: None,
                    ok: false,
                    errors: vec![Issue::new("invalid_input", "", "A replay entry must be an object { command, ctx }.")],
                    warnings: Vec::new(),
                },
            };
            if answer.ok {
                result.applied += 1;
            } else {
                result.refused += 1;
            }
            result.results.push(answer);
        }
        result
    }

    pub fn replay_json(&mut self, entries: &str) -> String {
        let mut issues = Issues::default();
        let entries = parse_json(entries, "replay entries", &mut issues);
        match issues.errors.pop() {
            Some(issue) => to_json(&ReplayResult::refusing(issue)),
            None => to_json(&self.replay(&entries)),
        }
    }

    /// Brings server-side changes in, all or nothing: records replaced by id or added, `remove`d
    /// ids deleted, `appliedCommandIds` remembered. The result must be a consistent snapshot.
    pub fn patch(&mut self, changes: &Value) -> Result<(), EngineError> {
        let patched = crate::patch::read(changes, self.state.to_snapshot(), &self.policy)?;
        self.state = State::new(patched.snapshot);
        self.applied.extend(patched.applied_command_ids);
        Ok(())
    }

    pub fn patch_json(&mut self, changes: &str) -> Result<(), EngineError> {
        let mut issues = Issues::default();
        let changes = parse_json(changes, "changes", &mut issues);
        if issues.has_errors() {
            return Err(issues.into());
        }
        self.patch(&changes)
    }

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

    /// The current state, in the snapshot's form.
    pub fn snapshot(&self) -> Snapshot {
        self.state.to_snapshot()
    }

    pub fn snapshot_json(&self) -> String {
        to_json(&self.snapshot())
    }
}
