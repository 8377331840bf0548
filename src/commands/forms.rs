//! Every command's shape, declared once: its `type`, its fields with their JSON names, Rust types
//! and TypeScript types. From this table come the typed [`Command`] for Rust callers, the list of
//! fields each command reads (anything else is an `unknown_field` warning), the command types, and
//! the command interfaces of `js/index.d.ts` ([`typescript`]). A field declared here and never read
//! fails `tests/forms.rs`.
use super::bulk::Mode;
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
        $name:ident = $tag:literal {
            $( $kind:ident $field:ident : $rust:ty = $json:literal as $ts:literal ),* $(,)?
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
            }
        )*

        /// A command, typed, for Rust callers (the engine reads the same JSON either way).
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[serde(tag = "type")]
        pub enum Command {
            $( #[serde(rename = $tag)] $name($name), )*
        }

        /// Every command type, in the order of the table (`batch` last).
        pub const TYPES: &[&str] = &[$($tag),*];

        /// The fields a command of this type reads; `None` for an unknown type.
        pub fn fields(command_type: &str) -> Option<&'static [&'static str]> {
            match command_type {
                $( $tag => Some($name::FIELDS), )*
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

forms! {
    "Grant credits to one or many clients."
    AddCredits = "addCredits" {
        req client_ids: Vec<String> = "clientIds" as "string[]",
        req session_type_id: String = "sessionTypeId" as "string",
        req quantity: Quantity = "quantity" as "Quantity",
        opt expires_at: String = "expiresAt" as "Expiry | null",
        opt reason: String = "reason" as "string",
        opt membership_id: String = "membershipId" as "string | null",
        opt mode: Mode = "mode" as "BulkMode",
        opt value_per_credit: Quantity = "valuePerCredit" as "Quantity",
    }
    "Deduct credits: named, or a session type and a quantity (newest grants first)."
    RemoveCredits = "removeCredits" {
        req client_id: String = "clientId" as "string",
        opt credit_ids: Vec<String> = "creditIds" as "string[]",
        opt session_type_id: String = "sessionTypeId" as "string",
        opt quantity: Quantity = "quantity" as "Quantity",
        opt reason: String = "reason" as "string",
    }
    "Change one or many credits to another session type."
    ChangeCreditType = "changeCreditType" {
        req credit_ids: Vec<String> = "creditIds" as "string[]",
        req to_session_type_id: String = "toSessionTypeId" as "string",
        opt note: String = "note" as "string",
        opt mode: Mode = "mode" as "BulkMode",
    }
    "Push expiry dates out: by a number of days, or to a date."
    ExtendExpiry = "extendExpiry" {
        req credit_ids: Vec<String> = "creditIds" as "string[]",
        opt days: Quantity = "days" as "Quantity",
        opt expires_at: String = "expiresAt" as "Expiry",
        opt reason: String = "reason" as "string",
        opt mode: Mode = "mode" as "BulkMode",
    }
    "Expire every available credit whose expiry has come."
    ExpireCredits = "expireCredits" {}
    "Move credits to another client: named, or a session type and a quantity (the ones the sender would use next)."
    TransferCredits = "transferCredits" {
        req from_client_id: String = "fromClientId" as "string",
        req to_client_id: String = "toClientId" as "string",
        opt credit_ids: Vec<String> = "creditIds" as "string[]",
        opt session_type_id: String = "sessionTypeId" as "string",
        opt quantity: Quantity = "quantity" as "Quantity",
        opt reason: String = "reason" as "string",
    }
    "Book a session, paying with a credit: `\"auto\"` (default when the policy auto-assigns), `\"none\"`, or a credit id."
    Book = "book" {
        req client_id: String = "clientId" as "string",
        req session_type_id: String = "sessionTypeId" as "string",
        req starts_at: String = "startsAt" as "Instant",
        opt booking_id: String = "bookingId" as "string",
        opt credit: String = "credit" as "\"auto\" | \"none\" | (string & {})",
        opt credit_ids: Vec<String> = "creditIds" as "string[]",
        opt override_limits: bool = "overrideLimits" as "boolean",
    }
    "Attach a credit to a Booked: Unpaid booking, or to a visit checked in unpaid (no `creditId`: as auto picks)."
    AssignCredit = "assignCredit" {
        req booking_id: String = "bookingId" as "string",
        opt credit_id: String = "creditId" as "string",
        opt credit_ids: Vec<String> = "creditIds" as "string[]",
    }
    "Cancel a booking; late and not forgiven, its credit is forfeited."
    CancelBooking = "cancelBooking" {
        req booking_id: String = "bookingId" as "string",
        opt forgive: bool = "forgive" as "boolean",
    }
    "Delete a booking; a booked one's credit returns (inside the late window, a forgiveness)."
    DeleteBooking = "deleteBooking" {
        req booking_id: String = "bookingId" as "string",
    }
    "Cancel forgiven, restore the credit and rebook at another time, as one operation."
    ForgiveAndRebook = "forgiveAndRebook" {
        req booking_id: String = "bookingId" as "string",
        req starts_at: String = "startsAt" as "Instant",
        opt new_booking_id: String = "newBookingId" as "string",
        opt override_limits: bool = "overrideLimits" as "boolean",
    }
    "The client attended: the booking's credit is used (an unpaid booking is paid first)."
    CheckIn = "checkIn" {
        req booking_id: String = "bookingId" as "string",
        opt credit_id: String = "creditId" as "string",
        opt credit_ids: Vec<String> = "creditIds" as "string[]",
    }
    "The client did not come: the credit is forfeited, or returns when forgiven."
    MarkNoShow = "markNoShow" {
        req booking_id: String = "bookingId" as "string",
        opt forgive: bool = "forgive" as "boolean",
    }
    "Undo a check-in or a no-show: the booking is booked again, paid by the credit it used or forfeited."
    RevertAttendance = "revertAttendance" {
        req booking_id: String = "bookingId" as "string",
    }
    "Pause a membership: bookings in the hold are refused (or cancelled, forgiven), its credits and end date move out by the hold's length."
    HoldMembership = "holdMembership" {
        req membership_id: String = "membershipId" as "string",
        req starts_on: String = "startsOn" as "string",
        req ends_on: String = "endsOn" as "string",
        opt reason: String = "reason" as "string",
        opt hold_id: String = "holdId" as "string",
        opt cancel_bookings: bool = "cancelBookings" as "boolean",
    }
    "Take a hold back, as if it never happened: its credits' expiry and the end date move back."
    RemoveHold = "removeHold" {
        req membership_id: String = "membershipId" as "string",
        req hold_id: String = "holdId" as "string",
        opt reason: String = "reason" as "string",
    }
    "Several commands, in order, all or nothing."
    Batch = "batch" {
        req commands: Vec<Command> = "commands" as "(Exclude<Command, Batch> | CommandDraft)[]",
    }
}

impl Command {
    /// The command as the JSON the engine reads.
    pub fn to_value(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
    }
}
