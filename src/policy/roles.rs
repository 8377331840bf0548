//! Roles and the permissions they hold [CT][MA][AJ].
use crate::input::{invalid, object, required, Count, Reader};
use crate::issue::{at, Issues};
use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    CreditsAdd,
    CreditsRemove,
    CreditsChangeType,
    CreditsExtendExpiry,
    CreditsTransfer,
    BookingsManage,
    BookingsForgive,
    BookingsOverrideLimits,
    MembershipsHold,
}

impl Permission {
    pub const ALL: [Permission; 9] = [
        Permission::CreditsAdd,
        Permission::CreditsRemove,
        Permission::CreditsChangeType,
        Permission::CreditsExtendExpiry,
        Permission::CreditsTransfer,
        Permission::BookingsManage,
        Permission::BookingsForgive,
        Permission::BookingsOverrideLimits,
        Permission::MembershipsHold,
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
            Permission::BookingsOverrideLimits => "bookings.overrideLimits",
            Permission::MembershipsHold => "memberships.hold",
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
            Permission::BookingsForgive => "forgive late cancellations and no-shows",
            Permission::BookingsOverrideLimits => "book past a membership's usage limits",
            Permission::MembershipsHold => "put memberships on hold",
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

pub(super) fn parse_role(name: &str, v: &Value, path: &str, issues: &mut Issues) -> Option<Role> {
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
