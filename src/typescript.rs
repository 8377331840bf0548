//! The TypeScript of the contract's names and commands, written from the Rust declarations: issue
//! codes, command types, permissions, ledger kinds, statuses, and every command's interface (from
//! the table in `forms/mod.rs`). `js/index.d.ts` holds this text between
//! its "generated" markers; a test fails when the two differ (`cargo run --example gen_types`
//! rewrites it).
use crate::answer::LedgerKind;
use crate::issue::Code;
use crate::model::{BookingStatus, CreditStatus, Kind, MembershipStatus, Source};
use crate::policy::{OrderKey, Permission};

pub const BEGIN: &str =
    "// ---- generated from the Rust declarations (cargo run --example gen_types): do not edit ----";
pub const END: &str = "// ---- end of generated declarations ----";

fn union(doc: &str, name: &str, members: impl IntoIterator<Item = String>) -> String {
    let members: Vec<String> = members.into_iter().map(|m| format!("  | \"{m}\"")).collect();
    format!("/** {doc} */\nexport type {name} =\n{};\n", members.join("\n"))
}

/// A declaration ts-rs writes on one line, laid out one field a line, `export`ed.
fn pretty(decl: &str) -> String {
    let decl = decl.trim().trim_start_matches("type ");
    let Some((head, body)) = decl.split_once(" = ") else { return format!("export type {decl}\n") };
    let body = body.trim_end_matches(';').trim();
    let Some(inner) = body.strip_prefix('{').and_then(|b| b.strip_suffix('}')) else {
        return format!("export type {head} = {body};\n");
    };
    // Split the fields at the commas outside any brackets.
    let (mut fields, mut current, mut depth) = (Vec::new(), String::new(), 0i32);
    for ch in inner.chars() {
        match ch {
            '{' | '<' | '(' | '[' => depth += 1,
            '}' | '>' | ')' | ']' => depth -= 1,
            ',' if depth == 0 => {
                fields.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(ch);
    }
    fields.push(current);
    let mut out = format!("export type {head} = {{\n");
    for field in fields.iter().map(|f| f.trim()).filter(|f| !f.is_empty()) {
        for line in field.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let end = if line.starts_with("/**") || line.starts_with('*') { "" } else { ";" };
            let line = if line.starts_with('*') { format!(" {line}") } else { line.to_owned() };
            out.push_str(&format!("  {line}{end}\n"));
        }
    }
    out.push_str("};\n");
    out
}

/// The declarations of the model and the answers, as ts-rs derives them from the Rust types.
fn derived() -> Vec<String> {
    use crate::answer::{
        Balance, BalanceChange, BookingChanges, Change, Counts, CreditChanges, ItemVerdict, LedgerEntry, Liability,
        Preview, Recognized, ReplayEntry, ReplayResult, Usage, Verdict,
    };
    use crate::issue::Issue;
    use crate::model::{
        BookingShape as Booking, Client, Credit, Hold, Membership, Period, SessionType, Snapshot, UsageLimit,
    };
    use ts_rs::{Config, TS};
    let cfg = Config::default();
    [
        Code::decl(&cfg),
        LedgerKind::decl(&cfg),
        Kind::decl(&cfg),
        MembershipStatus::decl(&cfg),
        Source::decl(&cfg),
        CreditStatus::decl(&cfg),
        BookingStatus::decl(&cfg),
        SessionType::decl(&cfg),
        Client::decl(&cfg),
        Period::decl(&cfg),
        UsageLimit::decl(&cfg),
        Hold::decl(&cfg),
        Membership::decl(&cfg),
        Credit::decl(&cfg),
        Booking::decl(&cfg),
        Snapshot::decl(&cfg),
        Issue::decl(&cfg),
        ItemVerdict::decl(&cfg),
        Verdict::decl(&cfg),
        LedgerEntry::decl(&cfg),
        Change::<()>::decl(&cfg),
        CreditChanges::decl(&cfg),
        BookingChanges::decl(&cfg),
        BalanceChange::decl(&cfg),
        Balance::decl(&cfg),
        Usage::decl(&cfg),
        Recognized::decl(&cfg),
        Liability::decl(&cfg),
        Counts::decl(&cfg),
        Preview::decl(&cfg),
        ReplayEntry::decl(&cfg),
        ReplayResult::decl(&cfg),
    ]
    .iter()
    .map(|d| pretty(d))
    .collect()
}

/// The generated block, markers included.
pub fn declarations() -> String {
    let parts = [
        union("Every command type.", "CommandType", crate::commands::TYPES.iter().map(|t| (*t).to_owned())),
        union(
            "A role's permissions; `*` is all of them.",
            "Permission",
            Permission::ALL.iter().map(|p| p.name().to_owned()).chain(["*".to_owned()]),
        ),
        union(
            "The commands `requireReasonFor` may name.",
            "ReasonCommand",
            crate::forms::reason_commands().map(str::to_owned),
        ),
        union("Keys of `consumptionOrder`.", "ConsumptionKey", OrderKey::ALL.iter().map(|k| k.name().to_owned())),
    ];
    format!(
        "{BEGIN}\n\n{}\n{}\n{}\n{}\n{}\n{}\n{END}\n",
        parts.join("\n"),
        derived().join("\n"),
        crate::issue::catalog_typescript(),
        crate::forms::typescript(),
        crate::policy::typescript(),
        crate::load::shapes::typescript()
    )
}

/// One member of an interface declared in Rust for TypeScript: a policy setting, a field of a
/// snapshot record as given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Member {
    pub key: &'static str,
    pub typescript: &'static str,
    pub required: bool,
    /// What it means, and its default; empty when the name says it all.
    pub doc: &'static str,
}

/// `export interface <name> { … }`, each member under its doc comment.
pub fn interface(name: &str, doc: &str, members: &[Member]) -> String {
    let mut out = if doc.is_empty() { String::new() } else { format!("/** {doc} */\n") };
    out.push_str(&format!("export interface {name} {{\n"));
    for m in members {
        if !m.doc.is_empty() {
            out.push_str(&format!("  /** {} */\n", m.doc));
        }
        let key = if m.key.starts_with('$') { format!("\"{}\"", m.key) } else { m.key.to_owned() };
        out.push_str(&format!("  {key}{}: {};\n", if m.required { "" } else { "?" }, m.typescript));
    }
    out.push_str("}\n");
    out
}
