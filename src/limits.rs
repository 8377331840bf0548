//! Hard limits that keep any input from exhausting memory. They are documented in the README;
//! going over one is an issue, never a crash.

/// Records in one snapshot collection (clients, credits, bookings, …).
pub const MAX_RECORDS: usize = 2_000_000;
/// Issues listed when a snapshot or policy is refused; the rest are counted in one last issue.
pub const MAX_LOAD_ISSUES: usize = 1_000;
/// `maxBulkItems` may not be set above this.
pub const MAX_BULK_ITEMS: u64 = 100_000;
/// `maxQuantity` may not be set above this.
pub const MAX_QUANTITY: u64 = 100_000;
/// Credits one command may create in all (quantity × clients).
pub const MAX_CREATED: u64 = 200_000;
/// Commands in one batch.
pub const MAX_BATCH: usize = 10_000;
/// Errors a batch gathers before the commands after that are no longer checked.
pub const MAX_BATCH_ERRORS: usize = 10_000;
/// Elements of any list of ids (the most `maxBulkItems` may allow): a longer list is refused
/// before its elements are looked at.
pub const MAX_LIST_ITEMS: usize = 100_000;
/// Unknown fields reported per object.
pub const MAX_UNKNOWN_FIELDS: usize = 20;
/// Ids, in Unicode code points.
pub const MAX_ID_CHARS: usize = 128;
/// `commandId`, in code points.
pub const MAX_COMMAND_ID_CHARS: usize = 64;
/// Free texts (`reason`, `note`, names), in code points.
pub const MAX_TEXT_CHARS: usize = 500;
/// Nesting depth of any JSON input (the parser's own limit is 128).
pub const MAX_DEPTH: usize = 128;
/// JSON values (objects, lists, strings, numbers, … counted together) in one policy: a real one
/// holds hundreds. A bigger one is refused whole, before its parts are checked one by one.
pub const MAX_POLICY_VALUES: usize = 100_000;
/// `days` of extendExpiry.
pub const MAX_EXTEND_DAYS: u64 = 3650;
