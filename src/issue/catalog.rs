//! Every issue code, declared once: its name, whether it is an error or a warning, the section of
//! `docs/issue-codes.md` it stands in, when it is given, and the params it carries (each named the
//! same wherever the code is given). From this come `Code`, its names, the TypeScript `IssueCode`
//! and `IssueParams`, and the tables of `docs/issue-codes.md` (a test fails when they are stale);
//! `tests/scenarios.rs` checks every issue the engine gives against its code's params here, and
//! pins one sentence per code in `tests/snapshots/messages.txt`.
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
    /// `unknown_field`: a warning on a command, an error where a policy or a patch must be exact.
    Both,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamKind {
    Text,
    Number,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParamDeclaration {
    pub name: &'static str,
    pub kind: ParamKind,
    /// Carried by every issue of the code (else only where it applies).
    pub always: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeDeclaration {
    pub code: Code,
    pub severity: Severity,
    /// Its heading in `docs/issue-codes.md`.
    pub section: &'static str,
    /// When it is given, in the docs' words.
    pub when: &'static str,
    pub params: &'static [ParamDeclaration],
}

macro_rules! param_kind {
    (text) => {
        ParamKind::Text
    };
    (number) => {
        ParamKind::Number
    };
}

macro_rules! codes {
    ($(
        $section:literal {
            $( $name:ident = $text:literal $severity:ident
               ( $( $need:ident $param:ident : $kind:ident ),* )
               $when:literal, )*
        }
    )*) => {
        /// Every issue code, spelled once: errors, then warnings (`unknown_field` is both). JSON and
        /// TypeScript spell them snake_case (`Code::InvalidQuantity` is `invalid_quantity`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, TS)]
        #[ts(rename = "IssueCode")]
        pub enum Code {
            $($(#[serde(rename = $text)] $name,)*)*
        }

        impl Code {
            pub const ALL: &'static [Code] = &[$($(Code::$name,)*)*];

            /// The code as JSON writes it.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($(Code::$name => $text,)*)*
                }
            }
        }

        /// The catalog, in the order of `docs/issue-codes.md`.
        pub const CATALOG: &[CodeDeclaration] = &[$($(CodeDeclaration {
            code: Code::$name,
            severity: Severity::$severity,
            section: $section,
            when: $when,
            params: &[$(ParamDeclaration { name: stringify!($param), kind: param_kind!($kind), always: required!($need) }),*],
        },)*)*];
    };
}

codes! {
    "Reading the input" {
        InvalidInput = "invalid_input" Error (opt expected: text, opt min: number, opt max: number, opt days: number, opt commandId: text, opt line: number, opt column: number)
            "a value of the wrong kind or out of range: not an object, an unknown `mode`, `days` outside 1–3650, both forms of a two-form command, an unknown time zone, permission or consumption key, a nested batch, JSON text that does not parse (`line`, `column`)",
        Required = "required" Error (req field: text)
            "a field is missing, `null` or blank (also a blank entry of a list)",
        UnknownCommand = "unknown_command" Error (req type: text)
            "`type` names no command",
        InvalidQuantity = "invalid_quantity" Error (opt min: number, opt max: number, opt needed: number, opt given: number)
            "a quantity that is not a whole number from 1 (up to `maxQuantity` for `addCredits`); credits named for a booking that are not as many as its type's cost (`needed`, `given`)",
        InvalidDate = "invalid_date" Error (req expected: text)
            "an instant or date that does not parse, `now` included",
        TooLong = "too_long" Error (req max: number)
            "an id over 128 characters, a `commandId` over 64, a `reason`, `note` or name over 500",
        TooMany = "too_many" Error (req max: number, opt count: number)
            "more items than `maxBulkItems`, a batch over 10,000 commands, a snapshot collection over 2,000,000 records; also the issue that counts the rest of a long list of problems",
        Duplicate = "duplicate" Error (opt id: text, opt first: number)
            "an id given twice in one list or collection; a `bookingId` already in use; a `commandId` already applied, or whose generated ids exist already",
    }
    "Who may do it" {
        UnknownRole = "unknown_role" Error (req role: text)
            "the context's `actor.role` is not in the policy",
        PermissionDenied = "permission_denied" Error (req role: text, req permission: text)
            "the role lacks the command's permission, or `bookings.forgive` for forgiving (also deleting inside the late window)",
        LimitExceeded = "limit_exceeded" Error (req max: number, req total: number)
            "more credits in one command than the role's `maxCreditsPerAction`; more credits created by one command than 200,000",
        ReasonRequired = "reason_required" Error (req command: text)
            "`reason` missing where `requireReasonFor` asks for it",
    }
    "What it refers to" {
        UnknownClient = "unknown_client" Error (req id: text)
            "an id that names no client",
        UnknownCredit = "unknown_credit" Error (req id: text)
            "an id that names no credit",
        UnknownBooking = "unknown_booking" Error (req id: text)
            "an id that names no booking",
        UnknownSessionType = "unknown_session_type" Error (req id: text)
            "an id that names no session type",
        UnknownMembership = "unknown_membership" Error (req id: text)
            "an id that names no membership",
        SessionTypeInactive = "session_type_inactive" Error (req sessionTypeId: text)
            "granting, changing to or booking a retired session type",
        WrongClient = "wrong_client" Error (req creditId: text)
            "a credit of another client",
        MembershipMismatch = "membership_mismatch" Error (opt membershipId: text)
            "a `membershipId` of another client, or given with several clients",
        SessionTypeMismatch = "session_type_mismatch" Error (req creditId: text, req sessionTypeId: text)
            "a credit whose type (and substitutes) cannot pay for this booking",
    }
    "Credits" {
        CreditAssigned = "credit_assigned" Error (req creditId: text)
            "the credit is on a booking: cancel with forgiveness or delete the booking first",
        CreditExpired = "credit_expired" Error (req creditId: text)
            "the credit has expired (or would by the session's start); extending it needs `allowExtendExpired`",
        CreditNotAvailable = "credit_not_available" Error (req creditId: text)
            "the credit is used, forfeited or removed",
        InsufficientCredits = "insufficient_credits" Error (req available: number, req needed: number)
            "fewer usable credits than asked, or too few usable to pay a booking",
        NotRevocable = "not_revocable" Error (req creditId: text)
            "removing or transferring a credit marked not revocable",
        ExpiryInPast = "expiry_in_past" Error (req expiresAt: text, opt creditId: text)
            "an `expiresAt` at or before now",
        ExpiryNotLater = "expiry_not_later" Error (req creditId: text, req expiresAt: text)
            "an extension that does not move the expiry later",
    }
    "Memberships" {
        NoActiveMembership = "no_active_membership" Error (req clientId: text)
            "granting or transferring to a client with no membership, when `requireMembershipToAdd`",
        MembershipExpired = "membership_expired" Error (req membershipId: text)
            "the client's membership has ended (an expired package takes no credits)",
        GracePeriodOver = "grace_period_over" Error (req membershipId: text, req graceDays: number)
            "the membership was cancelled longer ago than `cancelledMembershipGraceDays`",
        NotEligible = "not_eligible" Error (req membershipId: text, req sessionTypeId: text)
            "the session type is not among the membership's `eligibleSessionTypeIds`",
    }
    "Bookings and attendance" {
        AlreadyPaid = "already_paid" Error (req bookingId: text, req creditId: text)
            "paying a booking that has a credit (assignCredit, or a `creditId` at check-in)",
        BookingNotActive = "booking_not_active" Error (req bookingId: text, req status: text)
            "the booking is not in a status the command accepts (cancelling a cancelled one, deleting an attended one, …)",
        CheckInNotOpen = "check_in_not_open" Error (req opensAt: text)
            "checking in earlier than `checkInOpensMinutes` before the start",
        SessionNotStarted = "session_not_started" Error (req startsAt: text)
            "marking a no-show before the start",
        Inconsistent = "inconsistent" Error (opt creditId: text, opt bookingId: text)
            "reverting attendance when the credit no longer matches the booking; in a snapshot, a credit and a booking that disagree about each other",
        NothingToApply = "nothing_to_apply" Error ()
            "a `skipInvalid` bulk command with no valid item",
        UsageLimitReached = "usage_limit_reached" Error (req membershipId: text, req period: text, req max: number, req used: number, req periodStart: text)
            "a booking past a membership's usage limit, one per limit, at `startsAt`",
        CreditOnHold = "credit_on_hold" Error (req creditId: text, req holdId: text)
            "a named credit whose membership is on hold on the session's date",
    }
    "Holds" {
        MembershipNotActive = "membership_not_active" Error (req membershipId: text)
            "holding a membership that is not active or frozen, or past its `endsAt`",
        DateInPast = "date_in_past" Error (req startsOn: text)
            "a hold that starts before today",
        HoldOverlaps = "hold_overlaps" Error (req holdId: text)
            "a hold that overlaps another hold of the membership",
        BookingInHold = "booking_in_hold" Error (req bookingId: text)
            "a paid booking of the membership inside the hold, without `cancelBookings`",
        UnknownHold = "unknown_hold" Error (req membershipId: text, req holdId: text)
            "`removeHold` of a hold the membership does not have",
    }
    "Warnings" {
        UnknownField = "unknown_field" Both (opt field: text, opt count: number)
            "a field the engine does not know (up to 20 per object, then one that counts the rest)",
        NoChange = "no_change" Warning (req creditId: text)
            "a credit already of the target type, or one that never expires, left alone",
        RecurringReleaseUnchanged = "recurring_release_unchanged" Warning (req creditId: text)
            "changing the type of a credit a recurring agreement released: the agreement keeps releasing the old type",
        ShortExpiry = "short_expiry" Warning (req minExpiryDays: number)
            "an expiry sooner than `minExpiryDays`",
        BookedUnpaid = "booked_unpaid" Warning (opt needed: number, opt available: number)
            "the booking is made without a credit (Booked: Unpaid); when `\"auto\"` found too few, how many it needed and found",
        LateCancelForfeit = "late_cancel_forfeit" Warning (req creditId: text, req windowMinutes: number)
            "a late, unforgiven cancellation forfeits the credit",
        NoShowForfeit = "no_show_forfeit" Warning (req creditId: text)
            "a no-show forfeits the credit",
        ReturnedCreditExpired = "returned_credit_expired" Warning (req creditId: text)
            "a credit that comes back from a booking has expired meanwhile",
        RestoredCreditUnusable = "restored_credit_unusable" Warning (req creditId: text)
            "forgive-and-rebook: the returned credit cannot pay the new session",
        OtherUnpaidBookings = "other_unpaid_bookings" Warning (req count: number)
            "forgive-and-rebook: the client has other future unpaid bookings of that type competing for credits",
        StartsInPast = "starts_in_past" Warning (req startsAt: text)
            "booking a start before now",
        AttendedUnpaid = "attended_unpaid" Warning (req bookingId: text, req needed: number, req available: number)
            "checked in without a credit (when `checkInRequiresCredit` is off)",
        ItemSkipped = "item_skipped" Warning (req reason: text)
            "a `skipInvalid` bulk command left this item out",
        UsageLimitOverridden = "usage_limit_overridden" Warning (req membershipId: text, req period: text, req max: number, req used: number, req periodStart: text)
            "a booking past a usage limit, allowed by `overrideLimits: true` (the params of `usage_limit_reached`)",
    }
}

impl Code {
    /// Its row of the catalog.
    pub fn declaration(self) -> Option<&'static CodeDeclaration> {
        CATALOG.iter().find(|d| d.code == self)
    }
}

/// The catalog, written for `docs/issue-codes.md`: errors by section, then warnings, each code with
/// when it is given and its params (`tests/typescript.rs` fails when the doc is stale).
pub fn markdown() -> String {
    let mut out = String::from("## Errors\n");
    let mut section = "";
    for d in CATALOG {
        if d.section != section {
            section = d.section;
            let heading =
                if d.severity == Severity::Error { format!("\n### {section}\n") } else { format!("\n## {section}\n") };
            out.push_str(&heading);
            out.push_str("\n| code | when | params |\n|---|---|---|\n");
        }
        let params: Vec<String> = d
            .params
            .iter()
            .map(|p| {
                let kind = match p.kind {
                    ParamKind::Text => "string",
                    ParamKind::Number => "number",
                };
                format!("`{}{}: {kind}`", p.name, if p.always { "" } else { "?" })
            })
            .collect();
        let params = if params.is_empty() { "none".to_owned() } else { params.join(", ") };
        out.push_str(&format!("| `{}` | {} | {params} |\n", d.code.as_str(), d.when));
    }
    out
}

/// `IssueParams`: each code's params, for TypeScript (a screen translating `invalid_quantity`
/// knows it may read `params.max`).
pub fn typescript() -> String {
    let mut out = String::from(
        "/** The params each issue code carries (`?`: only where it applies). */\nexport interface IssueParams {\n",
    );
    for d in CATALOG {
        let fields: Vec<String> = d
            .params
            .iter()
            .map(|p| {
                let kind = match p.kind {
                    ParamKind::Text => "string",
                    ParamKind::Number => "number",
                };
                format!("{}{}: {kind}", p.name, if p.always { "" } else { "?" })
            })
            .collect();
        out.push_str(&format!("  {}: {{ {} }};\n", d.code.as_str(), fields.join("; ")));
    }
    out.push_str("}\n");
    out.replace("{  }", "{}")
}
