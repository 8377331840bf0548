//! Property tests over generated studios and random command sequences (every command of SPEC §3,
//! valid and invalid, batches included, with random roles and `now`s):
//!
//! * conservation: every credit is in exactly one status, and statuses change only as the ledger
//!   entries of the applied commands say (grant, remove, assign, release, forfeit, expire, …);
//! * `validate` and `preview` agree; `preview` changes nothing; `apply` answers exactly what
//!   `preview` showed, and a refused apply changes nothing;
//! * the same inputs give byte-identical JSON on a second, fresh engine; replaying the applied
//!   commands on the original snapshot reproduces `snapshot()`; `snapshot()` loads again, the same;
//! * balances match the snapshot; credit ↔ booking links are consistent both ways.
//!
//! The default number of cases keeps a debug run well under a minute; `PROPTEST_CASES=2000` raises it.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests fail loudly"
)]
mod common;
use common::call;
use proptest::prelude::*;
use serde_json::{json, Value};
use session_credits::{forms, Engine};
use std::collections::{BTreeMap, HashMap, HashSet};

// ---- a small deterministic generator ---------------------------------------------------------

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // SplitMix64
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % ((hi - lo + 1) as u64)) as i64
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<T: Clone>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())].clone()
    }
}

/// 2026-11-24T17:00:00Z, the fixture's `now`.
const BASE: i64 = 1_795_539_600;
const HOUR: i64 = 3600;
const DAY: i64 = 86_400;

/// An instant in the engine's own form, `YYYY-MM-DDTHH:MM:SSZ`.
fn instant(t: i64) -> String {
    let days = t.div_euclid(DAY);
    let secs = t.rem_euclid(DAY);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", secs / 3600, secs % 3600 / 60, secs % 60)
}

fn date(t: i64) -> String {
    instant(t)[..10].to_owned()
}

// ---- studios ---------------------------------------------------------------------------------

const ZONES: [&str; 3] = ["America/New_York", "UTC", "Australia/Lord_Howe"];

fn policy(rng: &mut Rng) -> Value {
    let order = rng.pick(&[json!(["soonestExpiry", "oldestGrant"]), json!(["manualFirst", "newestGrant"]), json!([])]);
    json!({
        "timezone": rng.pick(&ZONES),
        "roles": {
            "owner": { "permissions": ["*"] },
            "manager": { "permissions": ["credits.add", "credits.remove", "credits.changeType", "credits.extendExpiry", "bookings.manage", "bookings.forgive"] },
            "staff": { "permissions": ["credits.add", "bookings.manage"], "maxCreditsPerAction": 5 },
            "frontdesk": { "permissions": ["bookings.manage"] },
            "sales": { "permissions": ["credits.add", "credits.transfer"], "maxCreditsPerAction": 2 }
        },
        "requireReasonFor": rng.pick(&[json!(["addCredits", "removeCredits", "extendExpiry"]), json!([])]),
        "manualCreditsRevocable": rng.chance(70),
        "requireMembershipToAdd": rng.chance(60),
        "cancelledMembershipGraceDays": rng.pick(&[0, 30, 60]),
        "lateCancelWindowMinutes": rng.pick(&[0, 720, 1440]),
        "autoAssign": rng.chance(70),
        "consumptionOrder": order,
        "substitutes": { "t1": ["t0"], "t0": ["t3"] },
        "allowExtendExpired": rng.chance(40),
        "minExpiryDays": 14,
        "maxQuantity": 50,
        "maxBulkItems": rng.pick(&[3, 10_000]),
        "checkInOpensMinutes": rng.pick(&[0, 60, 600]),
        "checkInRequiresCredit": rng.chance(60),
        "noShowForfeits": rng.chance(70),
        "chargeUnpaidPenalties": rng.chance(40),
        "autoPayUnpaid": rng.chance(50)
    })
}

fn studio(rng: &mut Rng) -> Value {
    let n_types = rng.range(1, 3) as usize;
    let types: Vec<Value> = (0..n_types)
        .map(|i| {
            json!({ "id": format!("t{i}"), "name": format!("Type {i}"), "kind": rng.pick(&["service", "class"]),
                    "durationMinutes": rng.pick(&[json!(30), json!(null)]), "active": i < 2 || rng.chance(50),
                    "creditCost": if rng.chance(35) { 2 } else { 1 } })
        })
        .collect();
    let n_clients = rng.range(1, 4) as usize;
    let clients: Vec<Value> =
        (0..n_clients).map(|i| json!({ "id": format!("c{i}"), "name": format!("Client {i}") })).collect();
    let mut memberships = Vec::new();
    let mut by_client: HashMap<usize, Vec<String>> = HashMap::new();
    for c in 0..n_clients {
        for _ in 0..rng.below(3) {
            let id = format!("m{}", memberships.len());
            let status = rng.pick(&["active", "active", "frozen", "expired", "cancelled"]);
            let ends = if rng.chance(30) { json!(instant(BASE + rng.range(-20, 60) * DAY)) } else { json!(null) };
            let cancelled =
                if status == "cancelled" { json!(instant(BASE - rng.range(0, 90) * DAY)) } else { json!(null) };
            let eligible: Vec<String> = if rng.chance(30) {
                (0..n_types).filter(|_| rng.chance(50)).map(|t| format!("t{t}")).collect()
            } else {
                vec![]
            };
            let limits: Vec<Value> = if rng.chance(30) {
                vec![json!({ "period": rng.pick(&["day", "week", "month"]), "max": rng.range(1, 3),
                             "sessionTypeIds": if rng.chance(50) { json!([format!("t{}", rng.below(n_types))]) } else { json!([]) } })]
            } else {
                vec![]
            };
            memberships.push(json!({ "id": id, "clientId": format!("c{c}"), "status": status, "endsAt": ends, "cancelledAt": cancelled,
                                     "recurring": rng.chance(50), "eligibleSessionTypeIds": eligible, "usageLimits": limits }));
            by_client.entry(c).or_default().push(id);
        }
    }
    let n_credits = rng.below(13);
    let mut credits: Vec<Value> = Vec::new();
    let mut credit_client = Vec::new();
    for i in 0..n_credits {
        let c = rng.below(n_clients);
        let expires = match rng.below(3) {
            0 => json!(null),
            1 => json!(instant(BASE + rng.range(-30, 120) * DAY + rng.range(0, 23) * HOUR)),
            _ => json!(date(BASE + rng.range(-30, 120) * DAY)),
        };
        let membership =
            by_client.get(&c).filter(|_| rng.chance(60)).map(|ms| json!(rng.pick(ms))).unwrap_or(json!(null));
        let mut credit = json!({
            "id": format!("k{i}"), "clientId": format!("c{c}"), "sessionTypeId": format!("t{}", rng.below(n_types)),
            "source": rng.pick(&["purchased", "recurring", "manual"]), "membershipId": membership,
            "grantedAt": instant(BASE - rng.range(1, 200) * DAY), "expiresAt": expires,
            "status": rng.pick(&["available", "available", "available", "used", "forfeited", "expired", "removed"]), "bookingId": null
        });
        if rng.chance(30) {
            credit["revocable"] = json!(rng.chance(50));
        }
        if rng.chance(60) {
            credit["value"] = json!(rng.pick(&[0, 1500, 2500]));
        }
        credits.push(credit);
        credit_client.push(c);
    }
    let mut bookings = Vec::new();
    let mut linked: HashSet<usize> = HashSet::new();
    for i in 0..rng.below(7) {
        let c = rng.below(n_clients);
        let status = rng.pick(&["booked", "booked", "booked", "cancelled", "lateCancelled", "attended", "noShow"]);
        let id = format!("b{i}");
        let t = rng.below(n_types);
        let cost = types[t]["creditCost"].as_u64().unwrap_or(1) as usize;
        let mut credit_ids: Vec<Value> = Vec::new();
        if status != "cancelled" && rng.chance(65) {
            let wanted = if status == "booked" { Some("available") } else { None };
            let found: Vec<usize> = (0..credits.len())
                .filter(|&k| {
                    credit_client[k] == c && !linked.contains(&k) && wanted.map_or(true, |w| credits[k]["status"] == w)
                })
                .take(cost)
                .collect();
            if found.len() == cost {
                for k in found {
                    linked.insert(k);
                    let new_status = match status {
                        "booked" => "assigned",
                        "lateCancelled" | "noShow" => "forfeited",
                        _ => "used",
                    };
                    credits[k]["status"] = json!(new_status);
                    credits[k]["bookingId"] = json!(id);
                    credit_ids.push(credits[k]["id"].clone());
                }
            }
        }
        let mut booking = json!({ "id": id, "clientId": format!("c{c}"), "sessionTypeId": format!("t{t}"),
                                  "startsAt": instant(BASE + rng.range(-72, 400) * HOUR), "status": status });
        // Both forms of the payment, as exports write them.
        match (credit_ids.len(), rng.below(3)) {
            (0 | 1, 0) => booking["creditId"] = credit_ids.first().cloned().unwrap_or(json!(null)),
            (_, 1) => {
                booking["creditId"] = credit_ids.first().cloned().unwrap_or(json!(null));
                booking["creditIds"] = json!(credit_ids);
            }
            _ => booking["creditIds"] = json!(credit_ids),
        }
        bookings.push(booking);
    }
    // Exports keep a link on credits that no longer pay: an available, expired or removed credit
    // naming a booking, of its client or, after a transfer, of another.
    for (k, credit) in credits.iter_mut().enumerate() {
        let loose = matches!(credit["status"].as_str(), Some("available" | "expired" | "removed"));
        if loose && !linked.contains(&k) && !bookings.is_empty() && rng.chance(15) {
            credit["bookingId"] = rng.pick(&bookings)["id"].clone();
        }
    }
    json!({ "sessionTypes": types, "clients": clients, "memberships": memberships, "credits": credits, "bookings": bookings })
}

// ---- commands --------------------------------------------------------------------------------

/// The ids a command may name: those in the state now, and a few that do not exist.
struct Ids {
    clients: Vec<String>,
    credits: Vec<String>,
    bookings: Vec<String>,
    types: Vec<String>,
    memberships: Vec<String>,
    holds: Vec<String>,
    /// Available credits by client, so that transfers name the sender's own credits most often.
    available: HashMap<String, Vec<String>>,
}

fn ids(snapshot: &Value) -> Ids {
    let list = |k: &str, extra: &str| {
        let mut v: Vec<String> =
            snapshot[k].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap().to_owned()).collect();
        v.push(extra.to_owned());
        v
    };
    Ids {
        clients: list("clients", "c9"),
        credits: list("credits", "k99"),
        bookings: list("bookings", "b99"),
        types: list("sessionTypes", "t9"),
        memberships: list("memberships", "m9"),
        holds: snapshot["memberships"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|m| m["holds"].as_array().into_iter().flatten())
            .map(|h| h["id"].as_str().unwrap().to_owned())
            .chain(["h9".to_owned()])
            .collect(),
        available: snapshot["credits"].as_array().unwrap().iter().filter(|c| c["status"] == "available").fold(
            HashMap::new(),
            |mut m, c| {
                m.entry(c["clientId"].as_str().unwrap().to_owned())
                    .or_insert_with(Vec::new)
                    .push(c["id"].as_str().unwrap().to_owned());
                m
            },
        ),
    }
}

/// A field value that is wrong in some way: a form half filled in.
fn junk(rng: &mut Rng) -> Value {
    rng.pick(&[
        json!(null),
        json!(""),
        json!("   "),
        json!(42),
        json!(-1),
        json!(2.5),
        json!([]),
        json!({}),
        json!(true),
        json!("nonsense"),
    ])
}

fn some_ids(rng: &mut Rng, pool: &[String], max: usize) -> Value {
    let n = rng.range(1, max as i64) as usize;
    let mut v: Vec<Value> = (0..n).map(|_| json!(rng.pick(pool))).collect();
    if rng.chance(5) {
        v.push(junk(rng));
    }
    Value::Array(v)
}

fn when(rng: &mut Rng) -> Value {
    match rng.below(10) {
        0 => json!(date(BASE + rng.range(-10, 200) * DAY)),
        1 => junk(rng),
        _ => json!(instant(BASE + rng.range(-48, 24 * 60) * HOUR)),
    }
}

fn command(rng: &mut Rng, ids: &Ids, nested: bool) -> Value {
    let kinds = session_credits::commands::TYPES;
    let kind = if nested && rng.chance(90) { kinds[rng.below(kinds.len() - 1)] } else { rng.pick(kinds) };
    let reason = json!(rng.pick(&["refund", "promo", "goodwill"]));
    let mut c = match kind {
        "addCredits" => json!({ "clientIds": some_ids(rng, &ids.clients, 3), "sessionTypeId": rng.pick(&ids.types),
                                "quantity": rng.pick(&[json!(1), json!(2), json!("3"), json!(6), json!(60)]), "reason": reason,
                                "expiresAt": if rng.chance(40) { when(rng) } else { json!(null) },
                                "membershipId": if rng.chance(15) { json!(rng.pick(&ids.memberships)) } else { json!(null) },
                                "mode": rng.pick(&[json!(null), json!("allOrNothing"), json!("skipInvalid")]) }),
        "removeCredits" => {
            let mut c = json!({ "clientId": rng.pick(&ids.clients), "reason": reason });
            if rng.chance(50) {
                c["creditIds"] = some_ids(rng, &ids.credits, 3);
            } else {
                c["sessionTypeId"] = json!(rng.pick(&ids.types));
                c["quantity"] = json!(rng.range(1, 4));
            }
            c
        }
        "changeCreditType" => {
            json!({ "creditIds": some_ids(rng, &ids.credits, 4), "toSessionTypeId": rng.pick(&ids.types), "note": "n",
                                      "mode": rng.pick(&[json!(null), json!("skipInvalid")]) })
        }
        "extendExpiry" => {
            let mut c = json!({ "creditIds": some_ids(rng, &ids.credits, 4), "reason": reason, "mode": rng.pick(&[json!(null), json!("skipInvalid")]) });
            match rng.below(4) {
                0 => c["expiresAt"] = when(rng),
                1 => {
                    c["days"] = json!(7);
                    c["expiresAt"] = when(rng);
                }
                _ => c["days"] = rng.pick(&[json!(1), json!(30), json!("90"), json!(4000)]),
            }
            c
        }
        "expireCredits" => json!({}),
        "book" => {
            let mut c = json!({ "clientId": rng.pick(&ids.clients), "sessionTypeId": rng.pick(&ids.types), "startsAt": when(rng),
                          "credit": match rng.below(4) { 0 => json!("auto"), 1 => json!("none"), 2 => json!(rng.pick(&ids.credits)), _ => json!(null) },
                          "bookingId": if rng.chance(20) { json!(rng.pick(&ids.bookings)) } else { json!(null) },
                          "overrideLimits": rng.pick(&[json!(null), json!(true), json!(false)]) });
            if rng.chance(20) {
                c.as_object_mut().unwrap().remove("credit");
                c["creditIds"] = some_ids(rng, &ids.credits, 2);
            }
            c
        }
        "assignCredit" => {
            let mut c = json!({ "bookingId": rng.pick(&ids.bookings), "creditId": if rng.chance(50) { json!(rng.pick(&ids.credits)) } else { json!(null) } });
            if rng.chance(25) {
                c["creditIds"] = some_ids(rng, &ids.credits, 2);
            }
            c
        }
        "holdMembership" => {
            let starts = BASE + rng.range(-3, 40) * DAY;
            json!({ "membershipId": rng.pick(&ids.memberships), "startsOn": date(starts), "endsOn": date(starts + rng.range(-1, 30) * DAY),
                    "reason": reason, "cancelBookings": rng.pick(&[json!(null), json!(true)]),
                    "holdId": if rng.chance(20) { json!("h-fixed") } else { json!(null) } })
        }
        "removeHold" => {
            json!({ "membershipId": rng.pick(&ids.memberships), "holdId": rng.pick(&ids.holds), "reason": reason })
        }
        "cancelBooking" => {
            json!({ "bookingId": rng.pick(&ids.bookings), "forgive": rng.pick(&[json!(true), json!(false), json!(null)]) })
        }
        "deleteBooking" => json!({ "bookingId": rng.pick(&ids.bookings) }),
        "forgiveAndRebook" => json!({ "bookingId": rng.pick(&ids.bookings), "startsAt": when(rng),
                                      "newBookingId": if rng.chance(20) { json!(rng.pick(&ids.bookings)) } else { json!(null) },
                                      "overrideLimits": rng.pick(&[json!(null), json!(true)]) }),
        "checkIn" => {
            json!({ "bookingId": rng.pick(&ids.bookings), "creditId": if rng.chance(25) { json!(rng.pick(&ids.credits)) } else { json!(null) } })
        }
        "markNoShow" => {
            json!({ "bookingId": rng.pick(&ids.bookings), "forgive": rng.pick(&[json!(true), json!(false), json!(null)]) })
        }
        "revertAttendance" => json!({ "bookingId": rng.pick(&ids.bookings) }),
        "transferCredits" => {
            // Mostly real, different clients: a transfer has more ways to be refused than most.
            let real = ids.clients.split_last().map(|(_, r)| r.to_vec()).filter(|r| !r.is_empty() && rng.chance(90));
            let pool = real.unwrap_or_else(|| ids.clients.clone());
            let from = rng.pick(&pool);
            let others: Vec<String> = pool.iter().filter(|c| **c != from || rng.chance(5)).cloned().collect();
            let to = if others.is_empty() { from.clone() } else { rng.pick(&others) };
            let mut c = json!({ "fromClientId": from, "toClientId": to, "reason": reason });
            if let Some(own) = ids.available.get(&from).filter(|_| rng.chance(60)) {
                c["creditIds"] = some_ids(rng, own, 2);
            } else if rng.chance(30) {
                c["creditIds"] = some_ids(rng, &ids.credits, 2);
            } else {
                c["sessionTypeId"] = json!(rng.pick(&ids.types));
                c["quantity"] = json!(rng.range(1, 2));
            }
            c
        }
        _ => {
            let n = rng.range(0, 4);
            json!({ "commands": (0..n).map(|_| command(rng, ids, true)).collect::<Vec<_>>() })
        }
    };
    c["type"] = json!(kind);
    // Half-filled forms: a field missing or wrong, an unknown field.
    let keys: Vec<String> = c.as_object().unwrap().keys().cloned().collect();
    if rng.chance(15) {
        let k = rng.pick(&keys);
        c[&k] = junk(rng);
    }
    if rng.chance(8) {
        let k = rng.pick(&keys);
        c.as_object_mut().unwrap().remove(&k);
    }
    if rng.chance(5) {
        c["surprise"] = json!(1);
    }
    if rng.chance(2) {
        return rng.pick(&[json!(null), json!([]), json!("addCredits"), json!({ "type": "fly" })]);
    }
    c
}

fn context(rng: &mut Rng, command_id: &str) -> Value {
    let role = rng.pick(&["owner", "owner", "owner", "manager", "manager", "staff", "frontdesk", "sales", "ghost"]);
    let now = if rng.chance(3) {
        junk(rng)
    } else {
        json!(instant(BASE + rng.pick(&[-48, 0, 0, 1, 11, 13, 72, 24 * 40, 24 * 100]) * HOUR))
    };
    json!({ "actor": { "id": format!("s{}", rng.below(3)), "role": role }, "now": now, "commandId": command_id })
}

// ---- checks ----------------------------------------------------------------------------------

fn to_value(x: &impl serde::Serialize) -> Value {
    serde_json::to_value(x).unwrap()
}

fn by_id(list: &Value) -> BTreeMap<String, Value> {
    list.as_array().unwrap().iter().map(|r| (r["id"].as_str().unwrap().to_owned(), r.clone())).collect()
}

const STATUSES: [&str; 6] = ["available", "assigned", "used", "forfeited", "expired", "removed"];

/// Credit statuses move only as the answer's ledger says.
fn check_conservation(before: &Value, after: &Value, answer: &Value) -> Result<(), TestCaseError> {
    let b = by_id(&before["credits"]);
    let a = by_id(&after["credits"]);
    for c in a.values() {
        prop_assert!(STATUSES.contains(&c["status"].as_str().unwrap()), "unknown status {}", c);
    }
    // Every credit that was there is still there.
    for id in b.keys() {
        prop_assert!(a.contains_key(id), "credit {} vanished", id);
    }
    let mut predicted: BTreeMap<String, String> =
        b.iter().map(|(k, c)| (k.clone(), c["status"].as_str().unwrap().to_owned())).collect();
    let mut granted = 0;
    for entry in answer["ledger"].as_array().unwrap() {
        let kind = entry["kind"].as_str().unwrap();
        let ids: Vec<String> =
            entry["creditIds"].as_array().unwrap().iter().map(|i| i.as_str().unwrap().to_owned()).collect();
        prop_assert_eq!(entry["quantity"].as_u64().unwrap() as usize, ids.len(), "quantity of {}", entry);
        for id in ids {
            let now_status = predicted.get(&id).cloned();
            let next = match (kind, now_status.as_deref()) {
                ("grant", None) => {
                    granted += 1;
                    "available".to_owned()
                }
                ("remove", Some("available")) => "removed".to_owned(),
                ("assign", Some("available")) => "assigned".to_owned(),
                ("release", Some("assigned")) => {
                    let actual = a[&id]["status"].as_str().unwrap();
                    // It comes back available, or expired if its date has passed.
                    if actual == "expired" {
                        "expired".to_owned()
                    } else {
                        "available".to_owned()
                    }
                }
                ("forfeit", Some("assigned")) => "forfeited".to_owned(),
                ("use", Some("assigned")) => "used".to_owned(),
                ("revert", Some("used" | "forfeited")) => "assigned".to_owned(),
                ("transferOut" | "transferIn", Some("available")) => "available".to_owned(),
                ("expire", Some("available")) => "expired".to_owned(),
                ("changeType", Some(s)) if s == "available" => s.to_owned(),
                ("extendExpiry", Some("expired")) => "available".to_owned(),
                ("extendExpiry", Some(s)) if s == "available" || s == "assigned" => s.to_owned(),
                ("hold", Some(s)) if s == "available" || s == "assigned" => s.to_owned(),
                // Pulled back by the hold's length, an available credit may expire at once.
                ("holdRemoved", Some(s)) if s == "available" || s == "assigned" => {
                    a[&id]["status"].as_str().unwrap().to_owned()
                }
                (k, s) => {
                    return Err(TestCaseError::fail(format!("ledger {k} on credit {id} in status {s:?}: {entry}")))
                }
            };
            predicted.insert(id, next);
        }
    }
    prop_assert_eq!(granted, answer["credits"]["added"].as_array().unwrap().len(), "grants vs credits added");
    // A credit changes hands only by a transfer, which moves it from the sender to the recipient.
    let ledger = answer["ledger"].as_array().unwrap();
    for (id, c) in &b {
        let (from, to) = (&c["clientId"], &a[id]["clientId"]);
        if from != to {
            let moved = |kind: &str, client: &Value, other: &Value| {
                ledger.iter().any(|e| {
                    e["kind"] == kind
                        && &e["clientId"] == client
                        && &e["counterpartyClientId"] == other
                        && e["creditIds"].as_array().unwrap().contains(&json!(id))
                })
            };
            prop_assert!(
                moved("transferOut", from, to) && moved("transferIn", to, from),
                "credit {} changed hands without a transfer",
                id
            );
        }
    }
    prop_assert_eq!(a.len(), b.len() + granted, "credit count");
    for (id, c) in &a {
        prop_assert_eq!(
            Some(c["status"].as_str().unwrap()),
            predicted.get(id).map(String::as_str),
            "status of {} moved without a ledger entry",
            id
        );
    }
    Ok(())
}

/// Links both ways, no double payment, balances that match, a snapshot that loads again.
/// The links the studio was exported with on credits that pay nothing: credit id → booking id.
fn loose_links(snapshot: &Value) -> HashMap<String, String> {
    let mut found = HashMap::new();
    for c in snapshot["credits"].as_array().into_iter().flatten() {
        if let (Some(id), Some(b)) = (c["id"].as_str(), c["bookingId"].as_str()) {
            if matches!(c["status"].as_str(), Some("available" | "expired" | "removed")) {
                found.insert(id.to_owned(), b.to_owned());
            }
        }
    }
    found
}

fn check_state(
    engine: &Engine,
    policy: &Value,
    last_apply_now: Option<&str>,
    loose: &HashMap<String, String>,
) -> Result<(), TestCaseError> {
    let text = engine.snapshot_json();
    let snap: Value = serde_json::from_str(&text).unwrap();
    prop_assert_eq!(to_value(&engine.snapshot()), snap.clone());
    let credits = by_id(&snap["credits"]);
    let bookings = by_id(&snap["bookings"]);
    let lists = |bk: &Value, id: &str| bk["creditIds"].as_array().unwrap().iter().any(|k| k == id);
    for (id, c) in &credits {
        if let Some(b) = c["bookingId"].as_str() {
            // The engine never leaves a link of its own on a credit that pays nothing; one the
            // export had stays until its booking is deleted (then the snapshot would not load).
            prop_assert!(
                !matches!(c["status"].as_str(), Some("available" | "expired" | "removed"))
                    || loose.get(id.as_str()).map(String::as_str) == Some(b),
                "credit {} is {} but names booking {}",
                id,
                c["status"],
                b
            );
        }
        // A used credit stays linked to the attended booking of its client that it paid, and back.
        if c["status"] == "used" {
            if let Some(b) = c["bookingId"].as_str() {
                prop_assert!(
                    bookings.get(b).is_some_and(|bk| bk["status"] == "attended"
                        && lists(bk, id)
                        && bk["clientId"] == c["clientId"]),
                    "used credit {} ↔ booking {}",
                    id,
                    b
                );
            }
        }
        if c["status"] == "assigned" {
            let b = c["bookingId"].as_str().unwrap_or_default();
            let booking = bookings.get(b);
            prop_assert!(
                booking.is_some_and(|bk| bk["status"] == "booked" && lists(bk, id)),
                "assigned credit {} ↔ booking {}",
                id,
                b
            );
        }
    }
    let mut paying: HashSet<String> = HashSet::new();
    for (id, b) in &bookings {
        let listed = b["creditIds"].as_array().unwrap();
        prop_assert_eq!(&b["creditId"], listed.first().unwrap_or(&Value::Null), "creditId mirrors creditIds[0]: {}", b);
        for k in listed.iter().filter_map(Value::as_str) {
            prop_assert!(paying.insert(k.to_owned()), "credit {} pays two bookings", k);
            if b["status"] == "booked" {
                prop_assert!(
                    credits.get(k).is_some_and(|c| c["status"] == "assigned" && c["bookingId"] == json!(id)),
                    "booked {} ↔ credit {}",
                    id,
                    k
                );
            }
        }
    }
    // Balances: one row per client and type with any credit; counts as the snapshot says.
    let rows = to_value(&engine.balances(&Value::Null).unwrap());
    let mut want: BTreeMap<(String, String), (u64, u64)> = BTreeMap::new();
    for c in credits.values() {
        let key = (c["clientId"].as_str().unwrap().to_owned(), c["sessionTypeId"].as_str().unwrap().to_owned());
        let row = want.entry(key).or_default();
        let unexpired = match (c["expiresAt"].as_str(), last_apply_now) {
            (Some(e), Some(now)) => e > now,
            _ => true,
        };
        if c["status"] == "available" && unexpired {
            row.0 += 1;
        }
        if c["status"] == "assigned" {
            row.1 += 1;
        }
    }
    let mut got = BTreeMap::new();
    for r in rows.as_array().unwrap() {
        let key = (r["clientId"].as_str().unwrap().to_owned(), r["sessionTypeId"].as_str().unwrap().to_owned());
        prop_assert!(
            got.insert(key, (r["available"].as_u64().unwrap(), r["assigned"].as_u64().unwrap())).is_none(),
            "two rows for {}",
            r
        );
    }
    prop_assert_eq!(got, want, "balances");
    // The snapshot written loads again and gives the same snapshot.
    let again = Engine::from_json(&policy.to_string(), &text)
        .map_err(|e| TestCaseError::fail(format!("own snapshot refused: {e}")))?;
    prop_assert_eq!(again.snapshot_json(), text);
    Ok(())
}

fn answer_lists_nothing(v: &Value) -> bool {
    ["ledger", "steps", "balances"].iter().all(|k| v[k].as_array().unwrap().is_empty())
        && ["added", "changed"].iter().all(|k| v["credits"][k].as_array().unwrap().is_empty())
        && ["added", "changed", "removed"].iter().all(|k| v["bookings"][k].as_array().unwrap().is_empty())
}

struct Step {
    command: Value,
    ctx: Value,
    json_form: bool,
    answers: Vec<String>,
    applied: bool,
}

/// Undoing a check-in or a no-show and doing it again gives the same state.
fn check_revert_then_redo(engine: &Engine, command: &Value, ctx: &Value, n: usize) -> Result<(), TestCaseError> {
    let kind = command["type"].as_str().unwrap_or_default();
    if kind != "checkIn" && kind != "markNoShow" {
        return Ok(());
    }
    let mut copy = engine.clone();
    let mut ctx = ctx.clone();
    ctx["actor"]["role"] = json!("owner");
    ctx["commandId"] = json!(format!("undo{n}"));
    let undo = copy.apply(&json!({ "type": "revertAttendance", "bookingId": command["bookingId"] }), &ctx);
    prop_assert!(undo.ok, "revert refused after {}: {:?}", command, undo.errors);
    // The credit is on the booking again, so the redo names none.
    let mut redo = json!({ "type": kind, "bookingId": command["bookingId"] });
    if kind == "markNoShow" {
        redo["forgive"] = command["forgive"].clone();
    }
    ctx["commandId"] = json!(format!("redo{n}"));
    let again = copy.apply(&redo, &ctx);
    prop_assert!(again.ok, "redo refused after {}: {:?}", command, again.errors);
    prop_assert_eq!(copy.snapshot_json(), engine.snapshot_json(), "revert then redo of {} differs", command);
    Ok(())
}

fn run_sequence(studio_seed: u64, steps: &[u64]) -> Result<(), TestCaseError> {
    let mut rng = Rng(studio_seed);
    let policy = policy(&mut rng);
    let snapshot = studio(&mut rng);
    let mut engine = Engine::new(&policy, &snapshot)
        .map_err(|e| TestCaseError::fail(format!("generated studio refused: {e}\n{snapshot}")))?;
    let original = engine.snapshot_json();
    let loose = loose_links(&snapshot);
    check_state(&engine, &policy, None, &loose)?;
    let mut last_apply_now: Option<String> = None;
    let mut log: Vec<Step> = Vec::new();

    for (n, &seed) in steps.iter().enumerate() {
        let mut rng = Rng(seed);
        let before_text = engine.snapshot_json();
        let before: Value = serde_json::from_str(&before_text).unwrap();
        let command = command(&mut rng, &ids(&before), false);
        let command_id = if n > 0 && rng.chance(5) { format!("cmd{}", n - 1) } else { format!("cmd{n}") };
        let ctx = context(&mut rng, &command_id);
        let json_form = rng.chance(50);

        let verdict = call(&mut engine, "validate", json_form, &command, &ctx);
        let preview = call(&mut engine, "preview", json_form, &command, &ctx);
        let other_form = call(&mut engine, "preview", !json_form, &command, &ctx);
        prop_assert_eq!(&preview, &other_form, "preview and previewJson differ");
        for key in ["ok", "errors", "warnings", "items"] {
            prop_assert_eq!(verdict.get(key), preview.get(key), "validate and preview disagree on {}", key);
        }
        prop_assert_eq!(preview["ok"].as_bool().unwrap(), preview["errors"].as_array().unwrap().is_empty());
        if preview["ok"] == false {
            prop_assert!(answer_lists_nothing(&preview), "a refused preview lists changes: {}", preview);
        }
        prop_assert_eq!(engine.snapshot_json(), before_text.clone(), "validate or preview changed the state");

        // At an asOf before every expiry, liability's deferred follows status alone, as deferredChange does.
        let deferred = |e: &Engine| e.liability(&json!({ "asOf": "0001-01-01T00:00:00Z" })).unwrap().deferred as i64;
        let deferred_before = deferred(&engine);
        let applied = call(&mut engine, "apply", json_form, &command, &ctx);
        prop_assert_eq!(
            deferred_before + applied["deferredChange"].as_i64().unwrap(),
            deferred(&engine),
            "liability before plus deferredChange is not liability after: {}",
            command
        );
        prop_assert_eq!(&applied, &preview, "apply answered other than preview\ncommand {}\nctx {}", command, ctx);
        // The ledger kinds the command table declares for a command are the only ones it writes.
        let declared = forms::declaration(command["type"].as_str().unwrap_or_default())
            .map(|d| d.ledger.iter().map(|k| k.name()).collect::<Vec<_>>());
        for entry in applied["ledger"].as_array().unwrap() {
            let kind = entry["kind"].as_str().unwrap();
            if let Some(kinds) = declared.as_ref().filter(|k| !k.is_empty()) {
                prop_assert!(
                    kinds.contains(&kind),
                    "{} wrote {} ledger entry, not in the table",
                    command["type"],
                    kind
                );
            }
        }
        let after: Value = serde_json::from_str(&engine.snapshot_json()).unwrap();
        let ok = applied["ok"] == true;
        if ok {
            check_conservation(&before, &after, &applied)?;
            last_apply_now = ctx["now"].as_str().map(str::to_owned);
        } else {
            prop_assert_eq!(engine.snapshot_json(), before_text, "a refused apply changed the state");
        }
        check_state(&engine, &policy, last_apply_now.as_deref(), &loose)?;
        if ok {
            check_revert_then_redo(&engine, &command, &ctx, n)?;
        }
        let answers = [verdict, preview, other_form, applied].iter().map(|v| v.to_string()).collect();
        log.push(Step { command, ctx, json_form, answers, applied: ok });
    }

    // The same inputs, on a fresh engine: byte-identical answers.
    let mut twin = Engine::new(&policy, &snapshot).unwrap();
    for step in &log {
        let again = [
            call(&mut twin, "validate", step.json_form, &step.command, &step.ctx),
            call(&mut twin, "preview", step.json_form, &step.command, &step.ctx),
            call(&mut twin, "preview", !step.json_form, &step.command, &step.ctx),
            call(&mut twin, "apply", step.json_form, &step.command, &step.ctx),
        ];
        let again: Vec<String> = again.iter().map(|v| v.to_string()).collect();
        prop_assert_eq!(&again, &step.answers, "a fresh engine answered otherwise: {}", step.command);
    }
    prop_assert_eq!(twin.snapshot_json(), engine.snapshot_json());

    // Replaying only the applied commands on the original snapshot reproduces the state.
    let mut replay = Engine::from_json(&policy.to_string(), &original).unwrap();
    for step in log.iter().filter(|s| s.applied) {
        let answer = replay.apply_json(&step.command.to_string(), &step.ctx.to_string());
        prop_assert!(answer.starts_with(r#"{"ok":true"#), "replay refused: {}", answer);
    }
    prop_assert_eq!(replay.snapshot_json(), engine.snapshot_json(), "replay differs");
    Ok(())
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(96)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn command_sequences_keep_every_invariant(studio_seed in any::<u64>(), steps in prop::collection::vec(any::<u64>(), 1..14)) {
        run_sequence(studio_seed, &steps)?;
    }
}

/// The generators make consistent studios, and sequences that apply something.
#[test]
fn generators_make_loadable_studios_and_useful_commands() {
    let mut applied = 0;
    let mut kinds: HashSet<String> = HashSet::new();
    for seed in 0..400u64 {
        let mut rng = Rng(seed);
        let policy = policy(&mut rng);
        let snapshot = studio(&mut rng);
        let mut engine = Engine::new(&policy, &snapshot).unwrap_or_else(|e| panic!("seed {seed}: {e}\n{snapshot}"));
        for n in 0..10u64 {
            let mut rng = Rng(seed * 1000 + n);
            let snap: Value = serde_json::from_str(&engine.snapshot_json()).unwrap();
            let c = command(&mut rng, &ids(&snap), false);
            let ctx = context(&mut rng, &format!("x{n}"));
            let answer = engine.apply(&c, &ctx);
            if answer.ok {
                applied += 1;
                for e in &answer.ledger {
                    kinds.insert(to_value(&e.kind).as_str().unwrap().to_owned());
                }
            }
        }
    }
    assert!(applied > 150, "only {applied} of 4000 commands applied");
    for k in [
        "grant",
        "remove",
        "changeType",
        "extendExpiry",
        "assign",
        "release",
        "forfeit",
        "expire",
        "use",
        "revert",
        "transferOut",
        "transferIn",
    ] {
        assert!(kinds.contains(k), "no {k} entry was ever written: {kinds:?}");
    }
}
