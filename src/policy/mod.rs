//! The studio's policy: roles and permissions, time zone and the settings the rules read.
mod roles;

use roles::parse_role;
pub use roles::{Permission, Role};

use crate::answer::Verdict;
use crate::forms;
use crate::input::{invalid, object, required, Count, Reader};
use crate::issue::{at, join, Code, Issue, Issues};
use crate::limits::{MAX_BULK_ITEMS, MAX_ID_CHARS, MAX_POLICY_VALUES, MAX_QUANTITY};
use crate::time;
use crate::typescript::{interface, Member};
use serde_json::Value;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderKey {
    SoonestExpiry,
    OldestGrant,
    NewestGrant,
    ManualFirst,
}

impl OrderKey {
    pub const ALL: [OrderKey; 4] =
        [OrderKey::SoonestExpiry, OrderKey::OldestGrant, OrderKey::NewestGrant, OrderKey::ManualFirst];

    /// The key as a policy spells it.
    pub fn name(self) -> &'static str {
        match self {
            OrderKey::SoonestExpiry => "soonestExpiry",
            OrderKey::OldestGrant => "oldestGrant",
            OrderKey::NewestGrant => "newestGrant",
            OrderKey::ManualFirst => "manualFirst",
        }
    }

    fn parse(s: &str) -> Option<OrderKey> {
        OrderKey::ALL.into_iter().find(|k| k.name() == s)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    pub timezone: crate::time::Zone,
    pub roles: BTreeMap<String, Role>,
    pub require_reason_for: Vec<String>,
    pub manual_credits_revocable: bool,
    pub require_membership_to_add: bool,
    pub cancelled_membership_grace_days: u64,
    pub late_cancel_window_minutes: u64,
    pub auto_assign: bool,
    pub consumption_order: Vec<OrderKey>,
    /// `substitutes[X] = [Y, …]`: credits of Y may pay for a booking of X.
    pub substitutes: BTreeMap<String, Vec<String>>,
    pub allow_extend_expired: bool,
    pub min_expiry_days: u64,
    pub max_quantity: u64,
    pub max_bulk_items: u64,
    /// How long before a session's start a client may be checked in.
    pub check_in_opens_minutes: u64,
    pub check_in_requires_credit: bool,
    pub no_show_forfeits: bool,
    /// A late cancellation or no-show of a Booked: Unpaid booking takes a credit.
    pub charge_unpaid_penalties: bool,
    /// Credits a command makes available pay the client's future Booked: Unpaid bookings.
    pub auto_pay_unpaid: bool,
    /// The day a usage limit's week starts on.
    pub week_starts_on: chrono::Weekday,
    /// The ISO 4217 code credit values are in (minor units).
    pub currency: String,
}

/// Every setting's default, in one place: what a policy that leaves the setting out gets.
impl Default for Policy {
    fn default() -> Self {
        Policy {
            timezone: jiff::tz::TimeZone::UTC,
            roles: BTreeMap::new(),
            require_reason_for: [
                forms::AddCredits::TYPE,
                forms::RemoveCredits::TYPE,
                forms::TransferCredits::TYPE,
                forms::HoldMembership::TYPE,
            ]
            .map(str::to_owned)
            .to_vec(),
            manual_credits_revocable: true,
            require_membership_to_add: true,
            cancelled_membership_grace_days: 60,
            late_cancel_window_minutes: 720,
            auto_assign: true,
            consumption_order: vec![OrderKey::SoonestExpiry, OrderKey::OldestGrant],
            substitutes: BTreeMap::new(),
            allow_extend_expired: false,
            min_expiry_days: 14,
            max_quantity: 1000,
            max_bulk_items: 10_000,
            check_in_opens_minutes: 60,
            check_in_requires_credit: true,
            no_show_forfeits: true,
            charge_unpaid_penalties: false,
            auto_pay_unpaid: false,
            week_starts_on: chrono::Weekday::Mon,
            currency: "USD".to_owned(),
        }
    }
}

impl Policy {
    pub fn requires_reason(&self, command_type: &str) -> bool {
        // The table says which entry governs a command (taking a hold back follows the hold).
        forms::reason_governed_by(command_type)
            .is_some_and(|governed_by| self.require_reason_for.iter().any(|c| c == governed_by))
    }

    /// May a credit of `credit_type` pay for a booking of `booking_type`?
    pub fn pays_for(&self, credit_type: &str, booking_type: &str) -> bool {
        credit_type == booking_type || self.substitutes_for(booking_type).iter().any(|s| s == credit_type)
    }

    pub fn substitutes_for(&self, booking_type: &str) -> &[String] {
        self.substitutes.get(booking_type).map_or(&[], Vec::as_slice)
    }
}

/// Every setting a policy may hold, declared once: anything else is `unknown_field`, and `Policy`
/// in `index.d.ts` is written from this (`tests/forms.rs` checks each is read).
pub const SETTINGS: &[Member] = members! {
    req "timezone": "string" "An IANA time zone, e.g. `America/New_York`.",
    req "roles": "Record<string, Role>" "Each role's permissions, by name.",
    opt "requireReasonFor": "ReasonCommand[]" "The commands whose `reason` is required (default addCredits, removeCredits, transferCredits, holdMembership).",
    opt "manualCreditsRevocable": "boolean" "Credits staff add may be taken away (default true).",
    opt "requireMembershipToAdd": "boolean" "Credits go only to clients with a membership that may hold them (default true).",
    opt "cancelledMembershipGraceDays": "number" "Days a cancelled membership still takes credits (0 to 36500; default 60).",
    opt "lateCancelWindowMinutes": "number" "A cancellation this close to the start is late (0 to 5256000; default 720).",
    opt "autoAssign": "boolean" "`book` pays with a credit by default (default true).",
    opt "consumptionOrder": "ConsumptionKey[]" "Which credit pays first (default soonestExpiry, oldestGrant).",
    opt "substitutes": "Record<string, string[]>" "Credits of other types that may pay for a session type.",
    opt "allowExtendExpired": "boolean" "An expired credit's expiry may be extended (default false).",
    opt "minExpiryDays": "number" "An expiry sooner than this many days is warned about (0 to 36500; default 14).",
    opt "maxQuantity": "number" "The most credits one grant gives each client (default 1000).",
    opt "maxBulkItems": "number" "The most clients or credits one bulk command names (default 10000).",
    opt "checkInOpensMinutes": "number" "How long before a session's start a client may be checked in (0 to 10080; default 60).",
    opt "checkInRequiresCredit": "boolean" "An unpaid booking must be paid at check-in (default true).",
    opt "noShowForfeits": "boolean" "A no-show forfeits the booking's credit (default true); otherwise it returns.",
    opt "chargeUnpaidPenalties": "boolean" "A late cancellation or no-show of an unpaid booking takes a credit and forfeits it (default false).",
    opt "autoPayUnpaid": "boolean" "Credits a command makes available pay the client's future unpaid bookings (default false).",
    opt "weekStartsOn": "\"monday\" | \"tuesday\" | \"wednesday\" | \"thursday\" | \"friday\" | \"saturday\" | \"sunday\"" "The day a usage limit's week starts on (default monday).",
    opt "currency": "string" "The ISO 4217 code credit values are in, three capital letters (default USD).",
    opt "$schema": "string" "A JSON schema reference for editors; ignored.",
};

/// The TypeScript `Policy`, from [`SETTINGS`].
pub fn typescript() -> String {
    interface("Policy", "A studio's policy: every setting but `timezone` and `roles` has a default.", SETTINGS)
}

/// Reads a whole number setting within `min..=max`, or its default.
fn number(r: &mut Reader, key: &str, min: u64, max: u64, default: u64) -> u64 {
    match r.count(key) {
        Count::Missing => default,
        Count::Value(n) if (min..=max).contains(&n) => n,
        _ => {
            r.issues.error(
                invalid(r.path(key), &format!("a whole number from {min} to {max}")).with("min", min).with("max", max),
            );
            default
        }
    }
}

fn flag(r: &mut Reader, key: &str, default: bool) -> bool {
    r.bool(key).unwrap_or(default)
}

/// Does `v` hold more than `max` JSON values, itself included? Stops counting past `max`.
fn more_values_than(v: &Value, max: usize) -> bool {
    let mut stack = vec![v];
    let mut count = 0usize;
    while let Some(v) = stack.pop() {
        count += 1;
        if count > max {
            return true;
        }
        match v {
            Value::Array(list) => stack.extend(list.iter()),
            Value::Object(map) => stack.extend(map.values()),
            _ => {}
        }
    }
    false
}

/// Reads a policy, reporting every problem. A policy comes back even with errors (bad fields take
/// their defaults), so that a snapshot can still be checked against it and all problems listed.
pub fn parse_policy(v: &Value) -> (Policy, Issues) {
    let mut issues = Issues::default();
    // Every bad element of a list is an issue: a policy of millions of them would be gigabytes of
    // issues. Such a policy is refused whole, and a stand-in is read instead.
    let stand_in = serde_json::json!({ "timezone": "UTC", "roles": {} });
    let v = if more_values_than(v, MAX_POLICY_VALUES) {
        let issue = Issue::new(
            Code::TooMany,
            "",
            format!("A policy may hold at most {MAX_POLICY_VALUES} values; this one holds more."),
        );
        issues.error(issue.with("max", MAX_POLICY_VALUES));
        &stand_in
    } else {
        v
    };
    let empty = serde_json::Map::new();
    let obj = object(v, "", "policy", &mut issues).unwrap_or(&empty);
    let mut r = Reader::new(obj, "", &mut issues);
    let known: Vec<&str> = SETTINGS.iter().map(|s| s.key).collect();
    r.unknown_fields(&known);

    let timezone = match r.present("timezone") {
        None => {
            r.issues.error(required(r.path("timezone"), "timezone"));
            None
        }
        Some(Value::String(s)) => {
            let tz = time::parse_zone(s);
            if tz.is_none() {
                r.issues.error(invalid(r.path("timezone"), "an IANA time zone name, like America/New_York"));
            }
            tz
        }
        Some(_) => {
            r.issues.error(invalid(r.path("timezone"), "an IANA time zone name, like America/New_York"));
            None
        }
    };

    let mut roles = BTreeMap::new();
    match r.present("roles") {
        None => r.issues.error(required(r.path("roles"), "roles")),
        Some(Value::Object(map)) => {
            for (name, v) in map {
                let path = join("roles", name);
                if name.chars().count() > MAX_ID_CHARS {
                    r.issues.error(
                        Issue::new(Code::TooLong, "roles", "A role name is longer than 128 characters.")
                            .with("max", MAX_ID_CHARS),
                    );
                    continue;
                }
                if let Some(role) = parse_role(name, v, &path, r.issues) {
                    roles.insert(name.clone(), role);
                }
            }
        }
        Some(_) => r.issues.error(invalid(r.path("roles"), "an object of roles by name")),
    }

    let require_reason_for = match r.present("requireReasonFor") {
        None => Policy::default().require_reason_for,
        Some(Value::Array(list)) => {
            let mut names = Vec::new();
            for (i, c) in list.iter().enumerate() {
                match c.as_str().filter(|c| forms::reason_commands().any(|r| r == *c)) {
                    Some(c) => names.push(c.to_owned()),
                    None => r.issues.error(invalid(at("requireReasonFor", i), &reason_commands_phrase())),
                }
            }
            names
        }
        Some(_) => {
            r.issues.error(invalid(r.path("requireReasonFor"), "a list of command types"));
            Vec::new()
        }
    };

    let consumption_order = match r.present("consumptionOrder") {
        None => Policy::default().consumption_order,
        Some(Value::Array(list)) => {
            let mut keys = Vec::new();
            for (i, k) in list.iter().enumerate() {
                match k.as_str().and_then(OrderKey::parse) {
                    Some(key) if keys.contains(&key) => {
                        r.issues.error(Issue::new(
                            Code::Duplicate,
                            at("consumptionOrder", i),
                            "This order key is listed twice.",
                        ));
                    }
                    Some(key) => keys.push(key),
                    None => r.issues.error(invalid(
                        at("consumptionOrder", i),
                        "soonestExpiry, oldestGrant, newestGrant or manualFirst",
                    )),
                }
            }
            keys
        }
        Some(_) => {
            r.issues.error(invalid(r.path("consumptionOrder"), "a list of order keys"));
            Vec::new()
        }
    };

    let mut substitutes = BTreeMap::new();
    match r.present("substitutes") {
        None => {}
        Some(Value::Object(map)) => {
            for (booking_type, list) in map {
                let path = join("substitutes", booking_type);
                match list {
                    Value::Array(items) => {
                        let mut types = Vec::new();
                        for (i, t) in items.iter().enumerate() {
                            match t.as_str() {
                                Some(t) if !t.trim().is_empty() => types.push(t.to_owned()),
                                _ => r.issues.error(invalid(at(&path, i), "a session type id")),
                            }
                        }
                        substitutes.insert(booking_type.clone(), types);
                    }
                    _ => r.issues.error(invalid(path, "a list of session type ids")),
                }
            }
        }
        Some(_) => r.issues.error(invalid(r.path("substitutes"), "an object of session type id lists")),
    }

    const WEEKDAYS: [(&str, chrono::Weekday); 7] = [
        ("monday", chrono::Weekday::Mon),
        ("tuesday", chrono::Weekday::Tue),
        ("wednesday", chrono::Weekday::Wed),
        ("thursday", chrono::Weekday::Thu),
        ("friday", chrono::Weekday::Fri),
        ("saturday", chrono::Weekday::Sat),
        ("sunday", chrono::Weekday::Sun),
    ];
    let d = Policy::default();
    let week_starts_on = match r.present("weekStartsOn") {
        None => d.week_starts_on,
        Some(v) => match WEEKDAYS.iter().find(|(name, _)| v.as_str() == Some(name)) {
            Some((_, day)) => *day,
            None => {
                r.issues.error(invalid(r.path("weekStartsOn"), "a day of the week, like monday"));
                d.week_starts_on
            }
        },
    };
    let currency = match r.present("currency") {
        None => d.currency.clone(),
        Some(Value::String(c)) if c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase()) => c.clone(),
        Some(_) => {
            r.issues.error(invalid(r.path("currency"), "an ISO 4217 currency code of three capital letters, like USD"));
            d.currency.clone()
        }
    };
    let policy = Policy {
        timezone: timezone.unwrap_or(d.timezone),
        roles,
        require_reason_for,
        manual_credits_revocable: flag(&mut r, "manualCreditsRevocable", d.manual_credits_revocable),
        require_membership_to_add: flag(&mut r, "requireMembershipToAdd", d.require_membership_to_add),
        cancelled_membership_grace_days: number(
            &mut r,
            "cancelledMembershipGraceDays",
            0,
            36_500,
            d.cancelled_membership_grace_days,
        ),
        late_cancel_window_minutes: number(
            &mut r,
            "lateCancelWindowMinutes",
            0,
            5_256_000,
            d.late_cancel_window_minutes,
        ),
        auto_assign: flag(&mut r, "autoAssign", d.auto_assign),
        consumption_order,
        substitutes,
        allow_extend_expired: flag(&mut r, "allowExtendExpired", d.allow_extend_expired),
        min_expiry_days: number(&mut r, "minExpiryDays", 0, 36_500, d.min_expiry_days),
        max_quantity: number(&mut r, "maxQuantity", 1, MAX_QUANTITY, d.max_quantity),
        max_bulk_items: number(&mut r, "maxBulkItems", 1, MAX_BULK_ITEMS, d.max_bulk_items),
        check_in_opens_minutes: number(&mut r, "checkInOpensMinutes", 0, 10_080, d.check_in_opens_minutes),
        check_in_requires_credit: flag(&mut r, "checkInRequiresCredit", d.check_in_requires_credit),
        no_show_forfeits: flag(&mut r, "noShowForfeits", d.no_show_forfeits),
        charge_unpaid_penalties: flag(&mut r, "chargeUnpaidPenalties", d.charge_unpaid_penalties),
        auto_pay_unpaid: flag(&mut r, "autoPayUnpaid", d.auto_pay_unpaid),
        week_starts_on,
        currency,
    };
    (policy, issues)
}

/// Checks a policy without building an engine: errors refuse it, warnings (`unknown_field`) do not.
pub fn validate_policy(v: &Value) -> Verdict {
    let (_, issues) = parse_policy(v);
    Verdict::from_issues(issues, None)
}

/// "addCredits, removeCredits, extendExpiry, transferCredits or holdMembership", from the table.
fn reason_commands_phrase() -> String {
    let names: Vec<&str> = forms::reason_commands().collect();
    match names.split_last() {
        Some((last, [])) => (*last).to_owned(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}
