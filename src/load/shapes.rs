//! The snapshot as a caller gives it, declared once: each record's fields with their TypeScript
//! types, whether they may be left out, and what a default means. `index.d.ts`'s `…Input` types
//! are written from this; `tests/forms.rs` checks that every field declared here is read.
use crate::typescript::{interface, Member};

/// One kind of record, by its collection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InputRecord {
    pub collection: &'static str,
    pub typescript: &'static str,
    pub fields: &'static [Member],
}

macro_rules! inputs {
    ($( $collection:literal => $name:literal { $( $need:ident $key:literal : $ts:literal $doc:literal, )* } )*) => {
        /// Every record kind of a snapshot, in the order of its collections.
        pub const INPUTS: &[InputRecord] = &[$(InputRecord {
            collection: $collection,
            typescript: $name,
            fields: members! { $( $need $key: $ts $doc, )* },
        }),*];
    };
}

inputs! {
    "sessionTypes" => "SessionTypeInput" {
        req "id": "string" "",
        opt "name": "string" "Defaults to the id.",
        req "kind": "SessionKind" "",
        opt "durationMinutes": "number | null" "",
        opt "active": "boolean" "Defaults to true.",
        opt "creditCost": "Quantity" "How many credits one booking takes, 1 to 20 (default 1).",
    }
    "clients" => "ClientInput" {
        req "id": "string" "",
        opt "name": "string" "Defaults to the id.",
    }
    "memberships" => "MembershipInput" {
        req "id": "string" "",
        req "clientId": "string" "",
        req "status": "MembershipStatus" "",
        opt "endsAt": "Expiry | null" "",
        opt "cancelledAt": "Instant | null" "Required for cancelled memberships.",
        opt "recurring": "boolean" "",
        opt "eligibleSessionTypeIds": "string[]" "Empty or absent: every session type.",
        opt "usageLimits": "{ period: UsagePeriod; max: Quantity; sessionTypeIds?: string[] }[]" "\"At most `max` bookings per day, week or month\" (default none).",
        opt "holds": "{ id: string; startsOn: string; endsOn: string; creditIds?: string[]; extendedEndsAt?: boolean }[]" "Holds: local dates, both included (default none).",
    }
    "credits" => "CreditInput" {
        req "id": "string" "",
        req "clientId": "string" "",
        req "sessionTypeId": "string" "",
        req "source": "CreditSource" "",
        opt "membershipId": "string | null" "",
        req "grantedAt": "Instant" "",
        opt "expiresAt": "Expiry | null" "",
        req "status": "CreditStatus" "",
        opt "bookingId": "string | null" "",
        opt "revocable": "boolean" "Defaults to true for purchased and recurring credits, to the policy's manualCreditsRevocable for manual ones.",
        opt "value": "Quantity | null" "What the client paid for it, in minor units of the policy's currency; null: not tracked (default).",
    }
    "bookings" => "BookingInput" {
        req "id": "string" "",
        req "clientId": "string" "",
        req "sessionTypeId": "string" "",
        req "startsAt": "Instant" "",
        req "status": "BookingStatus" "",
        opt "creditIds": "string[]" "The credits paying it; `creditId` alone is `[creditId]`. Both given must agree.",
        opt "creditId": "string | null" "",
    }
}

/// The `…Input` interfaces and `SnapshotInput`, from [`INPUTS`].
pub fn typescript() -> String {
    let mut out = String::new();
    for record in INPUTS {
        out.push_str(&interface(record.typescript, "", record.fields));
        out.push('\n');
    }
    let mut members = String::new();
    for r in INPUTS {
        members.push_str(&format!("  {}?: {}[];\n", r.collection, r.typescript));
    }
    out.push_str(&format!("/** A snapshot as given: fields with defaults may be left out. */\nexport interface SnapshotInput {{\n{members}}}\n"));
    out
}
