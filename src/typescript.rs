//! The TypeScript of the contract's names and commands, written from the Rust declarations: issue
//! codes, command types, permissions, ledger kinds, statuses, and every command's interface (from
//! the table in `commands/forms.rs`). `js/index.d.ts` holds this text between
//! its "generated" markers; a test fails when the two differ (`cargo run --example gen_types`
//! rewrites it).
use crate::answer::LedgerKind;
use crate::issue::Code;
use crate::model::{BookingStatus, CreditStatus, Kind, MembershipStatus, Source};
use crate::policy::{OrderKey, Permission, REASON_COMMANDS};
use serde::Serialize;

pub const BEGIN: &str =
    "// ---- generated from the Rust declarations (cargo run --example gen_types): do not edit ----";
pub const END: &str = "// ---- end of generated declarations ----";

/// How serde writes a unit variant: its name in JSON.
fn json_name<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

fn union(doc: &str, name: &str, members: impl IntoIterator<Item = String>) -> String {
    let members: Vec<String> = members.into_iter().map(|m| format!("  | \"{m}\"")).collect();
    format!("/** {doc} */\nexport type {name} =\n{};\n", members.join("\n"))
}

/// The generated block, markers included.
pub fn declarations() -> String {
    let parts = [
        union("Every issue code the engine writes, errors and warnings.", "IssueCode", Code::ALL.iter().map(json_name)),
        union("Every command type.", "CommandType", crate::commands::TYPES.iter().map(|t| (*t).to_owned())),
        union(
            "A role's permissions; `*` is all of them.",
            "Permission",
            Permission::ALL.iter().map(|p| p.name().to_owned()).chain(["*".to_owned()]),
        ),
        union(
            "The commands `requireReasonFor` may name.",
            "ReasonCommand",
            REASON_COMMANDS.iter().map(|c| (*c).to_owned()),
        ),
        union("Keys of `consumptionOrder`.", "ConsumptionKey", OrderKey::ALL.iter().map(|k| k.name().to_owned())),
        union("What a ledger entry records.", "LedgerKind", LedgerKind::ALL.iter().map(json_name)),
        union("A session type's kind.", "SessionKind", Kind::ALL.iter().map(json_name)),
        union("A membership's status.", "MembershipStatus", MembershipStatus::ALL.iter().map(json_name)),
        union("Where a credit came from.", "CreditSource", Source::ALL.iter().map(json_name)),
        union("A credit's status.", "CreditStatus", CreditStatus::ALL.iter().map(json_name)),
        union("A booking's status.", "BookingStatus", BookingStatus::ALL.iter().map(json_name)),
    ];
    format!("{BEGIN}\n\n{}\n{}\n{END}\n", parts.join("\n"), crate::commands::forms::typescript())
}
