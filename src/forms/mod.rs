//! Every command, declared once: its `type`, its fields (JSON name, Rust type, TypeScript type and
//! how it is read), the permissions it always needs, whether it takes a `reason`, and the ledger
//! kinds it may write. From this table come the typed [`Command`] for Rust callers, each command's
//! typed input ([`inputs`]) that its `run` receives, the dispatch (`commands::run`), the fields
//! each command reads (anything else is an `unknown_field` warning), the commands `requireReasonFor`
//! may name, the command interfaces of `js/index.d.ts`, and the field tables of
//! `docs/commands.md` ([`markdown`]). `make new-command NAME=…` adds a row.
mod docs;
pub mod fields;

pub use docs::markdown;

use crate::answer::LedgerKind;
use crate::policy::Permission;
pub use fields::Mode;
use serde::{Deserialize, Serialize};

/// A number of credits or days: JSON also accepts a string of digits, as a form sends it.
pub type Quantity = u64;

/// Leaves out of the JSON what a caller did not give (`None`); everything else is written.
pub trait Given {
    fn absent(&self) -> bool;
}
impl<T> Given for Option<T> {
    fn absent(&self) -> bool {
        self.is_none()
    }
}
macro_rules! always_given {
    ($($t:ty),*) => { $(impl Given for $t { fn absent(&self) -> bool { false } })* };
}
always_given!(String, Vec<String>, Quantity, Vec<Command>);

/// Whether a command takes a `reason`, and which `requireReasonFor` entry makes it required.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReasonRule {
    /// No `reason` field.
    None,
    /// Required when `requireReasonFor` names this command.
    Own,
    /// Required when `requireReasonFor` names that other command (taking a hold back follows the hold).
    Follows(&'static str),
}

/// One field of a command, as the table declares it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldDeclaration {
    pub json: &'static str,
    pub typescript: &'static str,
    pub required: bool,
    /// How it is read: a kind of [`fields`].
    pub kind: &'static str,
}

/// One command, as the table declares it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Declaration {
    pub command: &'static str,
    pub doc: &'static str,
    pub permits: &'static [Permission],
    pub reason: ReasonRule,
    pub ledger: &'static [LedgerKind],
    pub fields: &'static [FieldDeclaration],
}

macro_rules! field_type {
    (req $t:ty) => { $t };
    (opt $t:ty) => { Option<$t> };
}

macro_rules! ts_mark {
    (req) => {
        ""
    };
    (opt) => {
        "?"
    };
}

macro_rules! forms {
    ($(
        $doc:literal
        $name:ident = $tag:literal => $module:ident {
            permits: [$($permit:ident),*],
            reason: $rule:ident $(($follows:literal))?,
            ledger: [$($ledger:ident),*],
            fields: {
                $( $kind:ident $field:ident : $rust:ty = $json:literal as $ts:literal read $reader:ident ),* $(,)?
            }
        }
    )*) => {
        $(
            #[doc = $doc]
            #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
            pub struct $name {
                $(
                    #[serde(rename = $json, default, skip_serializing_if = "Given::absent")]
                    pub $field: field_type!($kind $rust),
                )*
            }

            impl $name {
                /// The command's `type`.
                pub const TYPE: &'static str = $tag;
                /// The fields it reads, `type` first.
                pub const FIELDS: &'static [&'static str] = &["type", $($json),*];
                /// Its row of the table.
                pub const DECLARATION: Declaration = Declaration {
                    command: $tag,
                    doc: $doc,
                    permits: &[$(Permission::$permit),*],
                    reason: ReasonRule::$rule $(($follows))?,
                    ledger: &[$(LedgerKind::$ledger),*],
                    fields: &[$(FieldDeclaration {
                        json: $json,
                        typescript: $ts,
                        required: required!($kind),
                        kind: stringify!($reader),
                    }),*],
                };
            }
        )*

        /// Each command's fields as its `run` receives them: one value per field, of the kind the
        /// table gives, read when the command's rules get to it.
        pub mod inputs {
            #[allow(unused_imports, reason = "a command without fields uses none")]
            use super::fields::{self, Field};
            use crate::input::Obj;
            $(
                #[doc = $doc]
                pub struct $name<'a> {
                    $( pub $field: fields::$reader<'a>, )*
                    /// The command read (a command without fields still borrows it).
                    of: std::marker::PhantomData<&'a Obj>,
                }

                impl<'a> $name<'a> {
                    #[allow(unused_variables, reason = "a command without fields reads none")]
                    pub fn new(obj: &'a Obj) -> Self {
                        $name {
                            $( $field: fields::$reader(Field::new(obj, $json, required!($kind), $tag)), )*
                            of: std::marker::PhantomData,
                        }
                    }
                }
            )*
        }

        /// A command, typed, for Rust callers (the engine reads the same JSON either way).
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[serde(tag = "type")]
        pub enum Command {
            $( #[serde(rename = $tag)] $name($name), )*
        }

        /// Every command type, in the order of the table (`batch` last).
        pub const TYPES: &[&str] = &[$($tag),*];

        /// Every row of the table, in its order.
        pub const DECLARATIONS: &[Declaration] = &[$($name::DECLARATION),*];

        /// The fields a command of this type reads, `type` first; `None` for an unknown type.
        pub fn fields(command_type: &str) -> Option<&'static [&'static str]> {
            match command_type {
                $( $tag => Some($name::FIELDS), )*
                _ => None,
            }
        }

        /// Whether a command of this type takes a `reason`; `None` for an unknown type. (A match,
        /// not a search of [`DECLARATIONS`], so that the docs' text stays out of the `.wasm`.)
        pub fn reason_rule(command_type: &str) -> Option<ReasonRule> {
            match command_type {
                $( $tag => Some($name::DECLARATION.reason), )*
                _ => None,
            }
        }

        /// The TypeScript interfaces of the commands and their union, `Command`.
        pub fn typescript() -> String {
            let mut out = String::new();
            $(
                out.push_str(&format!("/** {} */\nexport interface {} {{\n  type: \"{}\";\n", $doc.trim(), stringify!($name), $tag));
                $( out.push_str(&format!("  {}{}: {};\n", $json, ts_mark!($kind), $ts)); )*
                out.push_str("}\n");
            )*
            out.push_str("\n/** Every command, by its `type`. */\nexport type Command =\n");
            $( out.push_str(&format!("  | {}\n", stringify!($name))); )*
            out.push_str(";\n");
            out.replace("\n;\n", ";\n")
        }
    };
}

mod table;
pub(crate) use table::command_table;

command_table!(forms);

/// The row of the table for a command type.
pub fn declaration(command_type: &str) -> Option<&'static Declaration> {
    DECLARATIONS.iter().find(|d| d.command == command_type)
}

/// The commands that take a `reason` of their own: those `requireReasonFor` may name.
pub fn reason_commands() -> impl Iterator<Item = &'static str> {
    TYPES.iter().copied().filter(|t| reason_rule(t) == Some(ReasonRule::Own))
}

/// The `requireReasonFor` entry that makes a command's `reason` required, if any.
pub fn reason_governed_by(command_type: &str) -> Option<&str> {
    match reason_rule(command_type)? {
        ReasonRule::None => None,
        ReasonRule::Own => Some(command_type),
        ReasonRule::Follows(other) => Some(other),
    }
}

impl Command {
    /// The command as the JSON the engine reads.
    pub fn to_value(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
    }
}
