//! The studio's policy: roles and permissions, time zone and the settings the rules read.
use crate::answer::Verdict;
use crate::input::{invalid, object, required, Count, Reader};
use crate::issue::{at, join, Issue, Issues};
use crate::limits::{MAX_BULK_ITEMS, MAX_ID_CHARS, MAX_POLICY_VALUES, MAX_QUANTITY};
use crate::time;
use serde_json::Value;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    CreditsAdd,
    CreditsRemove,
    CreditsChangeType,
    CreditsExtendExpiry,
    CreditsTransfer,
    BookingsManage,
    BookingsForgive,
}

impl Permission {
    const ALL: [Permission; 7] = [
        Permission::CreditsAdd,
        Permission::CreditsRemove,
        Permission::CreditsChangeType,
        Permission::CreditsExtendExpiry,
        Permission::CreditsTransfer,
        Permission::BookingsManage,
        Permission::BookingsForgive,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Permission::CreditsAdd => "credits.add",
            Permission::CreditsRemove => "credits.remove",
            Permission::CreditsChangeType => "credits.changeType",
            Permission::CreditsExtendExpiry => "credits.extendExpiry",
            Permission::CreditsTransfer => "credits.transfer",
            Permission::BookingsManage => "bookings.manage",
            Permission::BookingsForgive => "bookings.forgive",
        }
    }

    /// What the permission lets one do, for messages: "The staff role may not {this}."
    pub fn action(self) -> &'static str {
        match self {
            Permission::CreditsAdd => "add credits",
            Permission::CreditsRemove => "remove credits",
            Permission::CreditsChangeType => "change credit types",
            Permission::CreditsExtendExpiry => "extend expiry dates",
            Permission::CreditsTransfer => "transfer credits between clients",
            Permission::BookingsManage => "manage bookings",
            Permission::BookingsForgive => "forgive late cancellations",
        }
    }

    fn parse(s: &str) -> Option<Permission> {
        Permission::ALL.into_iter().find(|p| p.name() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Role {
    pub name: String,
    pub all: bool,
    pub permissions: Vec<Permission>,
    /// Bounds the credits one command grants or removes.
    pub max_credits_per_action: Option<u64>,
}

impl Role {
    pub fn may(&self, p: Permission) -> bool {
        self.all || self.permissions.contains(&p)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderKey {
    SoonestExpiry,
    OldestGrant,
    NewestGrant,
    ManualFirst,
}

impl OrderKey {
    fn parse(s: &str) -> Option<OrderKey> {
        match s {
            "soonestExpiry" => Some(OrderKey::SoonestExpiry),
            "oldestGrant" => Some(OrderKey::OldestGrant),
            "newestGrant" => Some(OrderKey::NewestGrant),
            "manualFirst" => Some(OrderKey::ManualFirst),
            _ => None,
        }
    }
}

/// Command types that take a `reason`, and so may be named in `requireReasonFor`.
pub const REASON_COMMANDS: [&str; 4] = ["addCredits", "removeCredits", "extendExpiry", "transferCredits"];

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
}

impl Policy {
    pub fn requires_reason(&self, command_type: &str) -> bool {
        self.require_reason_for.iter().any(|c| c == command_type)
    }

    /// May a credit of `credit_type` pay for a booking of `booking_type`?
    pub fn pays_for(&self, credit_type: &str, booking_type: &str) -> bool {
        credit_type == booking_type || self.substitutes_for(booking_type).iter().any(|s| s == credit_type)
    }

    pub fn substitutes_for(&self, booking_type: &str) -> &[String] {
        self.substitutes.get(booking_type).map_or(&[], Vec::as_slice)
    }
}

const KNOWN_FIELDS: [&str; 20] = [
    "timezone",
    "roles",
    "requireReasonFor",
    "manualCreditsRevocable",
    "requireMembershipToAdd",
    "cancelledMembershipGraceDays",
    "lateCancelWindowMinutes",
    "autoAssign",
    "consumptionOrder",
    "substitutes",
    "allowExtendExpired",
    "minExpiryDays",
    "maxQuantity",
    "maxBulkItems",
    "checkInOpensMinutes",
    "checkInRequiresCredit",
    "noShowForfeits",
    "chargeUnpaidPenalties",
    "autoPayUnpaid",
    "$schema",
];

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

fn parse_role(name: &str, v: &Value, path: &str, issues: &mut Issues) -> Option<Role> {
    let obj = object(v, path, "role", issues)?;
    let mut r = Reader::new(obj, path, issues);
    r.unknown_fields(&["permissions", "maxCreditsPerAction", "name", "description"]);
    let mut role = Role { name: name.to_owned(), all: false, permissions: Vec::new(), max_credits_per_action: None };
    match r.present("permissions") {
        None => r.issues.error(required(r.path("permissions"), "permissions")),
        Some(Value::Array(list)) => {
            for (i, p) in list.iter().enumerate() {
                match p.as_str() {
                    Some("*") => role.all = true,
                    Some(s) => match Permission::parse(s) {
                        Some(p) => role.permissions.push(p),
                        None => {
                            let known: Vec<&str> = Permission::ALL.iter().map(|p| p.name()).collect();
                            let issue = invalid(
                                at(&r.path("permissions"), i),
                                &format!("a known permission ({}, or *)", known.join(", ")),
                            );
                            r.issues.error(issue);
                        }
                    },
                    None => r.issues.error(invalid(at(&r.path("permissions"), i), "a permission name")),
                }
            }
        }
        Some(_) => r.issues.error(invalid(r.path("permissions"), "a list of permission names")),
    }
    match r.count("maxCreditsPerAction") {
        Count::Missing => {}
        Count::Value(n) if n >= 1 => role.max_credits_per_action = Some(n),
        _ => r.issues.error(invalid(r.path("maxCreditsPerAction"), "a whole number of at least 1")),
    }
    Some(role)
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
            "too_many",
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
    r.unknown_fields(&KNOWN_FIELDS);

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
                        Issue::new("too_long", "roles", "A role name is longer than 128 characters.")
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
        None => vec!["addCredits".to_owned(), "removeCredits".to_owned(), "transferCredits".to_owned()],
        Some(Value::Array(list)) => {
            let mut names = Vec::new();
            for (i, c) in list.iter().enumerate() {
                match c.as_str().filter(|c| REASON_COMMANDS.contains(c)) {
                    Some(c) => names.push(c.to_owned()),
                    None => r.issues.error(invalid(
                        at("requireReasonFor", i),
                        "addCredits, removeCredits, extendExpiry or transferCredits",
                    )),
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
        None => vec![OrderKey::SoonestExpiry, OrderKey::OldestGrant],
        Some(Value::Array(list)) => {
            let mut keys = Vec::new();
            for (i, k) in list.iter().enumerate() {
                match k.as_str().and_then(OrderKey::parse) {
                    Some(key) if keys.contains(&key) => {
                        r.issues.error(Issue::new(
                            "duplicate",
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

    let policy = Policy {
        timezone: timezone.unwrap_or(jiff::tz::TimeZone::UTC),
        roles,
        require_reason_for,
        manual_credits_revocable: flag(&mut r, "manualCreditsRevocable", true),
        require_membership_to_add: flag(&mut r, "requireMembershipToAdd", true),
        cancelled_membership_grace_days: number(&mut r, "cancelledMembershipGraceDays", 0, 36_500, 60),
        late_cancel_window_minutes: number(&mut r, "lateCancelWindowMinutes", 0, 5_256_000, 720),
        auto_assign: flag(&mut r, "autoAssign", true),
        consumption_order,
        substitutes,
        allow_extend_expired: flag(&mut r, "allowExtendExpired", false),
        min_expiry_days: number(&mut r, "minExpiryDays", 0, 36_500, 14),
        max_quantity: number(&mut r, "maxQuantity", 1, MAX_QUANTITY, 1000),
        max_bulk_items: number(&mut r, "maxBulkItems", 1, MAX_BULK_ITEMS, 10_000),
        check_in_opens_minutes: number(&mut r, "checkInOpensMinutes", 0, 10_080, 60),
        check_in_requires_credit: flag(&mut r, "checkInRequiresCredit", true),
        no_show_forfeits: flag(&mut r, "noShowForfeits", true),
        charge_unpaid_penalties: flag(&mut r, "chargeUnpaidPenalties", false),
        auto_pay_unpaid: flag(&mut r, "autoPayUnpaid", false),
    };
    (policy, issues)
}

/// Checks a policy without building an engine: errors refuse it, warnings (`unknown_field`) do not.
pub fn validate_policy(v: &Value) -> Verdict {
    let (_, issues) = parse_policy(v);
    Verdict::from_issues(issues, None)
}
