//! Writes the generated block of `js/index.d.ts` (the TypeScript unions of issue codes, command
//! types, permissions, ledger kinds and statuses) from the Rust declarations.
//!
//!     cargo run --example gen_types
use session_credits::typescript::{declarations, BEGIN, END};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/js/index.d.ts");
    let text = std::fs::read_to_string(path)?;
    let fresh = declarations();
    let updated = match (text.find(BEGIN), text.find(END)) {
        (Some(a), Some(b)) if a < b => {
            let end = b + END.len() + 1;
            format!(
                "{}{fresh}{}",
                text.get(..a).unwrap_or_default(),
                text.get(end.min(text.len())..).unwrap_or_default()
            )
        }
        // No block yet: it goes after the file's first paragraph of comments.
        _ => {
            let at = text.find("\n\n").map_or(0, |n| n + 2);
            format!("{}{fresh}\n{}", text.get(..at).unwrap_or_default(), text.get(at..).unwrap_or_default())
        }
    };
    if updated != text {
        std::fs::write(path, updated)?;
        eprintln!("js/index.d.ts: generated declarations rewritten");
    }
    Ok(())
}
