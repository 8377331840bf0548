//! The command table itself: one row per command, in the order of `TYPES` (`batch` last).
//! `make new-command NAME=…` adds a row before `batch`.

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
                ledger: [Assign, Use],
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
