//! The engine: holds the policy and the state, parses the context of each call, runs a command
//! against a draft, and answers. validate, preview and apply are one code path;
//! the small queries (balances, usage, liability) are in `queries.rs`.
use crate::answer::{Counts, Detail, Preview, ReplayEntry, ReplayResult, Verdict};
use crate::call::{options_value, parse_json, parse_options, to_json, CtxRef};
use crate::commands::{self, Cx};
use crate::draft::Draft;
use crate::issue::{Code, Issue, Issues};
use crate::load;
use crate::model::Snapshot;
use crate::policy::{parse_policy, Policy};
use crate::replay::{self, Entry, Part};
use crate::state::{Changes, State};
use crate::time::Time;
use rustc_hash::FxHashSet as HashSet;
use serde_json::Value;
use std::fmt;

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

#[derive(Clone)]
pub struct Engine {
    pub(crate) policy: Policy,
    pub(crate) state: State,
    applied: HashSet<String>,
    /// The `now` of the latest accepted apply: the queries' default `asOf`.
    pub(crate) last_apply_now: Option<Time>,
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
        Engine::build(&Engine::policy_value(policy)?, |p| load::snapshot_from_str(snapshot, p))
    }

    fn policy_value(policy: &str) -> Result<Value, EngineError> {
        let mut issues = Issues::default();
        let policy = parse_json(policy, "policy", &mut issues);
        if issues.has_errors() {
            return Err(issues.into());
        }
        Ok(policy)
    }

    /// `from_json` with the snapshot read from `snapshot` as it goes (a file, or text too large to
    /// hold whole next to the state it becomes).
    pub fn from_json_reader(policy: &str, snapshot: impl std::io::Read) -> Result<Engine, EngineError> {
        Engine::build(&Engine::policy_value(policy)?, |p| load::snapshot_from_reader(snapshot, p))
    }

    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// Runs a command against a draft of the state: the answer, and the changes (with the call's
    /// `now`) when ok. The record lists are built for full detail only, the changes for an apply.
    fn run(&self, command: &Value, ctx: CtxRef, for_apply: bool, detail: Detail) -> (Preview, Option<(Changes, Time)>) {
        let mut issues = Issues::default();
        let Some(context) = ctx.parse(&self.policy, for_apply, &mut issues) else {
            return (Preview::of_verdict(Verdict::from_issues(issues, None)), None);
        };
        // A context issue is reported alone: the command is not judged.
        if context.explicit && self.applied.contains(context.command_id.as_ref()) {
            let issue = Issue::new(
                Code::Duplicate,
                "commandId",
                format!("Command {} has already been applied.", context.command_id),
            );
            issues.error(issue.with("id", context.command_id.as_ref()));
            return (Preview::of_verdict(Verdict::from_issues(issues, None)), None);
        }
        let mut draft = Draft::new(&self.state, &context.command_id);
        draft.narrate = detail != Detail::Verdict;
        let mut cx = Cx {
            policy: &self.policy,
            role: context.role,
            now: context.now,
            actor: &context.actor_id,
            actor_id: None,
            draft,
            issues,
            items: None,
            rebooked: None,
        };
        commands::run(&mut cx, command, false);
        let Cx { mut draft, mut issues, items, now, .. } = cx;
        if draft.id_clash && context.explicit {
            let issue = Issue::new(
                Code::Duplicate,
                "commandId",
                format!("Records with ids made from {} already exist: use a new command id.", context.command_id),
            );
            issues.error(issue.with("id", context.command_id.as_ref()));
        }
        let verdict = Verdict::from_issues(issues, items);
        // A refusal, or a validate (the verdict is all it answers): nothing to finish.
        if !verdict.ok || (detail == Detail::Verdict && !for_apply) {
            return (Preview::of_verdict(verdict), None);
        }
        let steps = std::mem::take(&mut draft.steps);
        let ledger = std::mem::take(&mut draft.ledger);
        let outcome = draft.finish(now, detail);
        let counts = Counts {
            items: verdict.items.as_ref().map_or(0, Vec::len),
            items_ok: verdict.items.as_ref().map_or(0, |items| items.iter().filter(|i| i.ok).count()),
            ..outcome.counts
        };
        let preview = Preview {
            ok: true,
            errors: verdict.errors,
            warnings: verdict.warnings,
            items: verdict.items,
            steps,
            ledger,
            credits: outcome.credits,
            bookings: outcome.bookings,
            balances: outcome.balances,
            counts,
            deferred_change: outcome.deferred_change,
        };
        (preview, Some((outcome.changes, now)))
    }

    /// The one call every form goes through: `given` holds what reading the call found before
    /// the command (JSON text that did not parse, bad options): its errors refuse the call alone,
    /// its warnings join the answer's.
    fn judge(&self, call: &Call, given: Issues) -> (Preview, Option<(Changes, Time)>) {
        if given.has_errors() {
            return (Preview::of_verdict(Verdict::from_issues(given, None)).in_detail(call.detail), None);
        }
        let (mut preview, changes) = self.run(call.command, call.ctx, call.for_apply, call.detail);
        preview.warnings.extend(given.warnings);
        (preview.in_detail(call.detail), changes)
    }

    /// [`Engine::judge`], then the state becomes the result when it is ok.
    fn judge_and_commit(&mut self, call: &Call, given: Issues) -> Preview {
        let (preview, changes) = self.judge(call, given);
        if let Some((changes, now)) = changes {
            self.state.commit(changes);
            if let Some(id) = call.ctx.command_id() {
                self.applied.insert(id.to_owned());
            }
            self.last_apply_now = Some(now);
        }
        preview
    }

    /// `validate`, `preview` and `apply` of a typed command (for Rust callers): the same answers as
    /// its JSON form gives.
    pub fn validate_command(&self, command: &commands::Command, ctx: &Value) -> Verdict {
        self.validate(&command.to_value(), ctx)
    }

    pub fn preview_command(&self, command: &commands::Command, ctx: &Value) -> Preview {
        self.preview(&command.to_value(), ctx)
    }

    pub fn apply_command(&mut self, command: &commands::Command, ctx: &Value) -> Preview {
        self.apply(&command.to_value(), ctx)
    }

    /// Is this command allowed? Never fails: every problem is an issue in the verdict.
    pub fn validate(&self, command: &Value, ctx: &Value) -> Verdict {
        self.judge(&Call::validate(command, ctx), Issues::default()).0.verdict()
    }

    /// What the command would change. Changes nothing.
    pub fn preview(&self, command: &Value, ctx: &Value) -> Preview {
        self.preview_with(command, ctx, &Value::Null)
    }

    /// The same in the detail `options` asks for (`{ detail: "full" | "summary" }`).
    pub fn preview_with(&self, command: &Value, ctx: &Value, options: &Value) -> Preview {
        let (given, detail) = Call::options(options);
        self.judge(&Call::preview(command, ctx, detail), given).0
    }

    /// Like preview; when ok, the state becomes the result. Needs a new `commandId`.
    pub fn apply(&mut self, command: &Value, ctx: &Value) -> Preview {
        self.apply_with_options(command, ctx, &Value::Null)
    }

    /// The same, answered in the detail `options` asks for; the state changes the same either way.
    pub fn apply_with_options(&mut self, command: &Value, ctx: &Value, options: &Value) -> Preview {
        let (given, detail) = Call::options(options);
        self.judge_and_commit(&Call::apply(command, CtxRef::Value(ctx), detail), given)
    }

    pub fn validate_json(&self, command: &str, ctx: &str) -> String {
        let (command, ctx, given, _) = read_texts(command, ctx, None);
        to_json(&self.judge(&Call::validate(&command, &ctx), given).0.verdict())
    }

    pub fn preview_json(&self, command: &str, ctx: &str) -> String {
        self.preview_json_with(command, ctx, None)
    }

    /// `previewJson` with the options as JSON text (absent or blank: full detail).
    pub fn preview_json_with(&self, command: &str, ctx: &str, options: Option<&str>) -> String {
        let (command, ctx, given, detail) = read_texts(command, ctx, options);
        to_json(&self.judge(&Call::preview(&command, &ctx, detail), given).0)
    }

    pub fn apply_json(&mut self, command: &str, ctx: &str) -> String {
        self.apply_json_with(command, ctx, None)
    }

    /// `applyJson` with the options as JSON text.
    pub fn apply_json_with(&mut self, command: &str, ctx: &str, options: Option<&str>) -> String {
        let (command, ctx, given, detail) = read_texts(command, ctx, options);
        to_json(&self.judge_and_commit(&Call::apply(&command, CtxRef::Value(&ctx), detail), given))
    }

    /// Applies each entry (`{ command, ctx }`) in order, each on its own: a refused one changes
    /// nothing, and the next is judged on what the accepted ones left. Never fails.
    pub fn replay(&mut self, entries: &Value) -> ReplayResult {
        let Value::Array(list) = entries else {
            return ReplayResult::refusing(Issue::new(
                Code::InvalidInput,
                "",
                "A replay takes a list of entries, each { command, ctx }.",
            ));
        };
        self.replay_each(list.iter().map(Ok))
    }

    /// Replays entries of which some could not be read (a host value JSON cannot hold): each of
    /// those is refused alone, with its issue.
    pub fn replay_each<'v>(&mut self, entries: impl IntoIterator<Item = Result<&'v Value, Issue>>) -> ReplayResult {
        let mut result = ReplayResult::default();
        for entry in entries {
            let answer = self.replay_entry(entry);
            result.push(answer);
        }
        result
    }

    /// Applies one replay entry, answering only its verdict.
    fn replay_entry(&mut self, entry: Result<&Value, Issue>) -> ReplayEntry {
        match entry {
            Ok(Value::Object(e)) => self.replay_parts(
                e.get("command").unwrap_or(&Value::Null),
                CtxRef::Value(e.get("ctx").unwrap_or(&Value::Null)),
            ),
            Ok(_) => not_an_entry(),
            Err(issue) => refused_entry(issue),
        }
    }

    /// Applies one entry's command in its context, answering only its verdict.
    fn replay_parts(&mut self, command: &Value, ctx: CtxRef) -> ReplayEntry {
        let command_id = ctx.command_id().filter(|s| !crate::input::blank(s)).map(str::to_owned);
        // The answer keeps only the verdict: no record lists are built.
        let p = self.judge_and_commit(&Call::apply(command, ctx, Detail::Verdict), Issues::default());
        ReplayEntry { command_id, ok: p.ok, errors: p.errors, warnings: p.warnings }
    }

    /// A replay entry as read from its text: a context of plain strings is read as those.
    fn replay_read(&mut self, command: &Value, ctx: &Part) -> ReplayEntry {
        match (ctx.plain_ctx(), ctx) {
            (Some(plain), _) => self.replay_parts(command, CtxRef::Plain(plain)),
            (None, Part::Value(v)) => self.replay_parts(command, CtxRef::Value(v)),
            (None, other) => self.replay_parts(command, CtxRef::Value(&other.to_value())),
        }
    }

    /// `replay_json` with each entry's tree freed as soon as it has run, rather than all of them
    /// at the end (natively, freeing 10,000 entries' trees at once cost as much as reading them).
    /// Read as a list of values, the text is checked exactly as a whole value would be (syntax,
    /// numbers, depth); anything else (not a list, not JSON) is `None`, answered as before.
    fn replay_list(&mut self, text: &str) -> Option<ReplayResult> {
        // Each entry read as its command and context alone: no map and keys around them.
        let entries: Vec<Entry> = serde_json::from_str(text).ok()?;
        let mut result = ReplayResult { results: Vec::with_capacity(entries.len()), ..ReplayResult::default() };
        self.applied.reserve(entries.len());
        // A command of string fields is written into this one object, in place.
        let mut reused = Value::Null;
        for entry in entries {
            let answer = match entry {
                Entry::Object { command: Part::Strings(fields), ctx } => {
                    replay::fill(&mut reused, &fields);
                    self.replay_read(&reused, &ctx)
                }
                Entry::Object { command: Part::Value(command), ctx } => self.replay_read(&command, &ctx),
                Entry::Object { command, ctx } => self.replay_read(&command.to_value(), &ctx),
                Entry::NotObject => not_an_entry(),
            };
            result.push(answer);
        }
        Some(result)
    }

    pub fn replay_json(&mut self, entries: &str) -> String {
        if let Some(result) = self.replay_list(entries) {
            return to_json(&result);
        }
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
        let patched = crate::patch::read(changes, &self.state, &self.policy)?;
        self.take_patch(patched);
        Ok(())
    }

    fn take_patch(&mut self, patched: crate::patch::Patched) {
        match patched.result {
            crate::patch::Outcome::InPlace { incoming, removed_bookings } => {
                self.state.patch_in_place(incoming, &removed_bookings);
            }
            crate::patch::Outcome::Rebuilt(snapshot) => self.state = State::new(snapshot),
        }
        self.applied.extend(patched.applied_command_ids);
    }

    pub fn patch_json(&mut self, changes: &str) -> Result<(), EngineError> {
        let patched = crate::patch::read_text(changes, &self.state, &self.policy)?;
        self.take_patch(patched);
        Ok(())
    }

    /// The current state, in the snapshot's form.
    pub fn snapshot(&self) -> Snapshot {
        self.state.to_snapshot()
    }

    pub fn snapshot_json(&self) -> String {
        to_json(&self.snapshot())
    }
}

fn refused_entry(issue: Issue) -> ReplayEntry {
    ReplayEntry { command_id: None, ok: false, errors: vec![issue], warnings: Vec::new() }
}

fn not_an_entry() -> ReplayEntry {
    refused_entry(Issue::new(Code::InvalidInput, "", "A replay entry must be an object { command, ctx }."))
}

/// One call of `validate`, `preview` or `apply`: the command, its context, and what the answer holds.
struct Call<'v> {
    command: &'v Value,
    ctx: CtxRef<'v>,
    for_apply: bool,
    detail: Detail,
}

impl<'v> Call<'v> {
    /// A validate answers the verdict alone: no steps, no ledger, no record lists.
    fn validate(command: &'v Value, ctx: &'v Value) -> Self {
        Call { command, ctx: CtxRef::Value(ctx), for_apply: false, detail: Detail::Verdict }
    }
    fn preview(command: &'v Value, ctx: &'v Value, detail: Detail) -> Self {
        Call { command, ctx: CtxRef::Value(ctx), for_apply: false, detail }
    }
    fn apply(command: &'v Value, ctx: CtxRef<'v>, detail: Detail) -> Self {
        Call { command, ctx, for_apply: true, detail }
    }
    /// The detail `options` asks for, and what reading them found.
    fn options(options: &Value) -> (Issues, Detail) {
        let mut issues = Issues::default();
        let detail = parse_options(options, &mut issues);
        (issues, detail)
    }
}

/// The JSON text forms' inputs, read: the command, the context, what reading found, and the
/// detail. Options are read only when the command and context parsed (else they alone answer).
fn read_texts(command: &str, ctx: &str, options: Option<&str>) -> (Value, Value, Issues, Detail) {
    let mut issues = Issues::default();
    let command = parse_json(command, "command", &mut issues);
    let ctx = parse_json(ctx, "context", &mut issues);
    let detail = if issues.has_errors() {
        Detail::Full
    } else {
        parse_options(&options_value(options, &mut issues), &mut issues)
    };
    (command, ctx, issues, detail)
}
