//! session-credits: a rules engine for session credits in gym, studio and personal-training software.
//!
//! The engine is pure and deterministic: the caller passes `now` and the acting staff member with every
//! call. Rules live in `commands`, one module per command, over the model in [`model`]; [`engine`]
//! runs them against a copy-on-write draft of the state so that validate, preview and apply share
//! one code path. Every command's shape is declared once, in [`forms`]. The `wasm` module is the thin JavaScript face.
#![forbid(unsafe_code)]

/// `req` or `opt` in a declaration table (commands, settings, issue params): required or not.
macro_rules! required {
    (req) => {
        true
    };
    (opt) => {
        false
    };
}

/// The members of an interface declared for TypeScript: `req "key": "type" "what it means",`.
macro_rules! members {
    ($( $need:ident $key:literal : $ts:literal $doc:literal, )*) => {
        &[$($crate::typescript::Member { key: $key, typescript: $ts, required: required!($need), doc: $doc }),*]
    };
}

mod added;
pub mod answer;
mod call;
pub mod commands;
pub(crate) mod draft;
pub mod engine;
pub mod forms;
pub mod input;
pub mod issue;
mod json;
pub mod limits;
pub(crate) mod load;
/// The snapshot as a caller gives it, declared once (`index.d.ts` writes its `…Input` types from it).
pub use load::shapes;
pub mod model;
pub(crate) mod patch;
pub mod policy;
mod queries;
mod replay;
pub(crate) mod state;
pub mod time;
pub mod typescript;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use answer::{Detail, ItemVerdict, Preview, ReplayResult, Verdict};
pub use engine::{Engine, EngineError};
pub use issue::{Issue, Param};
pub use policy::validate_policy;

/// The crate's version, as `version()` reports it to JavaScript.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The IANA time-zone database release bundled in the engine: every verdict uses it, on every target.
pub const TZDATA_VERSION: &str = time::zones::RELEASE;
