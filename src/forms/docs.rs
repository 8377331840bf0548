//! The command table, written for `docs/commands.md`.
use super::{Declaration, ReasonRule};

/// The generated part of a command's section in `docs/commands.md`: who may run it, its `reason`,
/// its ledger kinds and a table of its fields. `tests/forms.rs` fails when the doc is stale.
pub fn markdown(d: &Declaration) -> String {
    let code = |s: &str| format!("`{s}`");
    let permits = if d.permits.is_empty() {
        "any role".to_owned()
    } else {
        d.permits.iter().map(|p| code(p.name())).collect::<Vec<_>>().join(" and ")
    };
    let reason = match d.reason {
        ReasonRule::None => "no `reason`".to_owned(),
        ReasonRule::Own => format!("`reason` required when `requireReasonFor` names `{}`", d.command),
        ReasonRule::Follows(other) => format!("`reason` required when `requireReasonFor` names `{other}`"),
    };
    let ledger = if d.ledger.is_empty() {
        "its commands' kinds".to_owned()
    } else {
        d.ledger.iter().map(|k| code(k.name())).collect::<Vec<_>>().join(", ")
    };
    let mut signature = format!("{{ type: \"{}\"", d.command);
    for f in d.fields {
        signature.push_str(&format!(", {}{}", f.json, if f.required { "" } else { "?" }));
    }
    let mut out = format!("`{signature} }}`\n\nPermission: {permits}. Reason: {reason}. Ledger kinds: {ledger}.\n");
    if !d.fields.is_empty() {
        out.push_str("\n| field | type | required | read as |\n|---|---|---|---|\n");
        for f in d.fields {
            let required = if f.required { "yes" } else { "no" };
            let typescript = f.typescript.replace('|', "\\|");
            out.push_str(&format!("| `{}` | `{typescript}` | {required} | {} |\n", f.json, read_as(f.kind)));
        }
    }
    out
}

/// A kind of field, as the docs say it.
fn read_as(kind: &str) -> &'static str {
    match kind {
        "Id" => "an id",
        "Ids" => "a list of ids",
        "Text" | "Reason" => "a text, trimmed",
        "Quantity" => "a whole number",
        "Instant" => "an instant",
        "Expiry" => "an instant, or a date",
        "Flag" => "true or false",
        "BulkMode" => "a bulk mode",
        "PlainDate" => "a date",
        _ => "as below",
    }
}
