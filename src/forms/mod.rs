//! Every command, declared once: its `type`, its fields (JSON name, Rust type, TypeScript type and
//! how it is read), the permissions it always needs, whether it takes a `reason`, and the ledger
//! kinds it may write. From this table come the typed [`Command`] for Rust callers, each command's
//! typed input ([`inputs`]) that its `run` receives, the dispatch (`commands::run`), the fields
//! each command reads (anything else is an `unknown_field` warning), the commands `requireReasonFor`
//! may name, the command interfaces of `js/index.d.ts`, and the field tables of
//! `docs/commands.md` ([`markdown`]). `make new-command NAME=…` adds a row.
pub mod fields;

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

macro_rules! required {
    (req) => {
        true
    };
    (opt) => {
        false
    };
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
                    pub obj: &'a Obj,
                }

                impl<'a> $name<'a> {
                    pub fn new(obj: &'a Obj) -> Self {
                        $name {
                            $( $field: fields::$reader(Field::new(obj, $json, required!($kind), $tag)), )*
                            obj,
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

/// The table, handed to a macro that makes something of it: [`forms!`] here, the dispatch in
/// `commands`.
macro_rules! command_table {
    ($then:ident) => {
        $then! {
            "Grant credits to one or many clients."
            AddCredits = "addCredits" => add_credits {
                permits: [CreditsAdd],
                reason: Own,
                ledger: [Grant, Assign],
                fields: {
                    req client_ids: Vec<String> = "clientIds" as "string[]" read Ids,
                    req session_type_id: String = "sessionTypeId" as "string" read Id,
                    req quantity: Quantity = "quantity" as "Quantity" read Quantity,
                    opt expires_at: String = "expiresAt" as "Expiry | null" read Expiry,
                    opt reason: String = "reason" as "string" read Reason,
                    opt membership_id: String = "membershipId" as "string | null" read Id,
                    opt mode: Mode = "mode" as "BulkMode" read BulkMode,
                    opt value_per_credit: Quantity = "valuePerCredit" as "Quantity" read Quantity,
                }
            }
            "Deduct credits: named, or a session type and a quantity (newest grants first)."
            RemoveCredits = "removeCredits" => remove_credits {
                permits: [CreditsRemove],
                reason: Own,
                ledger: [Remove],
                fields: {
                    req client_id: String = "clientId" as "string" read Id,
                    opt credit_ids: Vec<String> = "creditIds" as "string[]" read Ids,
                    opt session_type_id: String = "sessionTypeId" as "string" read Id,
                    opt quantity: Quantity = "quantity" as "Quantity" read Quantity,
                    opt reason: String = "reason" as "string" read Reason,
                }
            }
            "Change one or many credits to another session type."
            ChangeCreditType = "changeCreditType" => change_credit_type {
                permits: [CreditsChangeType],
                reason: None,
                ledger: [ChangeType, Assign],
                fields: {
                    req credit_ids: Vec<String> = "creditIds" as "string[]" read Ids,
                    req to_session_type_id: String = "toSessionTypeId" as "string" read Id,
                    opt note: String = "note" as "string" read Text,
                    opt mode: Mode = "mode" as "BulkMode" read BulkMode,
                }
            }
            "Push expiry dates out: by a number of days, or to a date."
            ExtendExpiry = "extendExpiry" => extend_expiry {
                permits: [CreditsExtendExpiry],
                reason: Own,
                ledger: [ExtendExpiry, Assign],
                fields: {
                    req credit_ids: Vec<String> = "creditIds" as "string[]" read Ids,
                    opt days: Quantity = "days" as "Quantity" read Quantity,
                    opt expires_at: String = "expiresAt" as "Expiry" read Expiry,
                    opt reason: String = "reason" as "string" read Reason,
                    opt mode: Mode = "mode" as "BulkMode" read BulkMode,
                }
            }
            "Expire every available credit whose expiry has come."
            ExpireCredits = "expireCredits" => expire_credits {
                permits: [],
                reason: None,
                ledger: [Expire],
                fields: {
                }
            }
            "Move credits to another client: named, or a session type and a quantity (the ones the sender would use next)."
            TransferCredits = "transferCredits" => transfer_credits {
                permits: [CreditsTransfer],
                reason: Own,
                ledger: [TransferOut, TransferIn, Assign],
                fields: {
                    req from_client_id: String = "fromClientId" as "string" read Id,
                    req to_client_id: String = "toClientId" as "string" read Id,
                    opt credit_ids: Vec<String> = "creditIds" as "string[]" read Ids,
                    opt session_type_id: String = "sessionTypeId" as "string" read Id,
                    opt quantity: Quantity = "quantity" as "Quantity" read Quantity,
                    opt reason: String = "reason" as "string" read Reason,
                }
            }
            "Book a session, paying with a credit: `\"auto\"` (default when the policy auto-assigns), `\"none\"`, or a credit id."
            Book = "book" => book {
                permits: [BookingsManage],
                reason: None,
                ledger: [Assign],
                fields: {
                    req client_id: String = "clientId" as "string" read Id,
                    req session_type_id: String = "sessionTypeId" as "string" read Id,
                    req starts_at: String = "startsAt" as "Instant" read Instant,
                    opt booking_id: String = "bookingId" as "string" read Id,
                    opt credit: String = "credit" as "\"auto\" | \"none\" | (string & {})" read Raw,
                    opt credit_ids: Vec<String> = "creditIds" as "string[]" read Ids,
                    opt override_limits: bool = "overrideLimits" as "boolean" read Flag,
                }
            }
            "Attach a credit to a Booked: Unpaid booking, or to a visit checked in unpaid (no `creditId`: as auto picks)."
            AssignCredit = "assignCredit" => assign_credit {
                permits: [BookingsManage],
                reason: None,
                ledger: [Assign],
                fields: {
                    req booking_id: String = "bookingId" as "string" read Id,
                    opt credit_id: String = "creditId" as "string" read Id,
                    opt credit_ids: Vec<String> = "creditIds" as "string[]" read Ids,
                }
            }
            "Cancel a booking; late and not forgiven, its credit is forfeited."
            CancelBooking = "cancelBooking" => cancel_booking {
                permits: [BookingsManage],
                reason: None,
                ledger: [Release, Forfeit, Assign],
                fields: {
                    req booking_id: String = "bookingId" as "string" read Id,
                    opt forgive: bool = "forgive" as "boolean" read Flag,
                }
            }
            "Delete a booking; a booked one's credit returns (inside the late window, a forgiveness)."
            DeleteBooking = "deleteBooking" => delete_booking {
                permits: [BookingsManage],
                reason: None,
                ledger: [Release, Assign],
                fields: {
                    req booking_id: String = "bookingId" as "string" read Id,
                }
            }
            "Cancel forgiven, restore the credit and rebook at another time, as one operation."
            ForgiveAndRebook = "forgiveAndRebook" => forgive_and_rebook {
                permits: [BookingsManage, BookingsForgive],
                reason: None,
                ledger: [Release, Assign],
                fields: {
                    req booking_id: String = "bookingId" as "string" read Id,
                    req starts_at: String = "startsAt" as "Instant" read Instant,
                    opt new_booking_id: String = "newBookingId" as "string" read Id,
                    opt override_limits: bool = "overrideLimits" as "boolean" read Flag,
                }
            }
            "The client attended: the booking's credit is used (an unpaid booking is paid first)."
            CheckIn = "checkIn" => check_in {
                permits: [BookingsManage],
                reason: None,
                ledger: [Assign, Use],
                fields: {
                    req booking_id: String = "bookingId" as "string" read Id,
                    opt credit_id: String = "creditId" as "string" read Id,
                    opt credit_ids: Vec<String> = "creditIds" as "string[]" read Ids,
                }
            }
            "The client did not come: the credit is forfeited, or returns when forgiven."
            MarkNoShow = "markNoShow" => mark_no_show {
                permits: [BookingsManage],
                reason: None,
                ledger: [Release, Forfeit, Assign],
                fields: {
                    req booking_id: String = "bookingId" as "string" read Id,
                    opt forgive: bool = "forgive" as "boolean" read Flag,
                }
            }
            "Undo a check-in or a no-show: the booking is booked again, paid by the credit it used or forfeited."
            RevertAttendance = "revertAttendance" => revert_attendance {
                permits: [BookingsManage],
                reason: None,
                ledger: [Revert],
                fields: {
                    req booking_id: String = "bookingId" as "string" read Id,
                }
            }
            "Pause a membership: bookings in the hold are refused (or cancelled, forgiven), its credits and end date move out by the hold's length."
            HoldMembership = "holdMembership" => hold_membership {
                permits: [MembershipsHold],
                reason: Own,
                ledger: [Hold, Release, Assign],
                fields: {
                    req membership_id: String = "membershipId" as "string" read Id,
                    req starts_on: String = "startsOn" as "string" read PlainDate,
                    req ends_on: String = "endsOn" as "string" read PlainDate,
                    opt reason: String = "reason" as "string" read Reason,
                    opt hold_id: String = "holdId" as "string" read Id,
                    opt cancel_bookings: bool = "cancelBookings" as "boolean" read Flag,
                }
            }
            "Take a hold back, as if it never happened: its credits' expiry and the end date move back."
            RemoveHold = "removeHold" => remove_hold {
                permits: [MembershipsHold],
                reason: Follows("holdMembership"),
                ledger: [HoldRemoved, Assign],
                fields: {
                    req membership_id: String = "membershipId" as "string" read Id,
                    req hold_id: String = "holdId" as "string" read Id,
                    opt reason: String = "reason" as "string" read Reason,
                }
            }
            "Several commands, in order, all or nothing."
            Batch = "batch" => batch {
                permits: [],
                reason: None,
                ledger: [],
                fields: {
                    req commands: Vec<Command> = "commands" as "(Exclude<Command, Batch> | CommandDraft)[]" read Raw,
                }
            }
        }
    };
}
pub(crate) use command_table;

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
