//! `patch` against an independent reading: a patch is accepted exactly when the merged snapshot
//! (records replaced by id, new ones appended, removed ids gone) loads as a snapshot, and then the
//! engine's state is that snapshot. The engine checks only what the patch touches; the loader
//! checks everything, so a rule the incremental check forgets shows up here.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests fail loudly"
)]

mod common;
use proptest::prelude::*;
use serde_json::{json, Value};
use session_credits::Engine;

const COLLECTIONS: [&str; 5] = ["sessionTypes", "clients", "memberships", "credits", "bookings"];

fn fixture() -> (Value, Value) {
    let fx: Value = serde_json::from_str(include_str!("fixtures/studio.json")).unwrap();
    (fx["policy"].clone(), fx["snapshot"].clone())
}

/// The merged snapshot, as a reader of the contract would build it.
fn merge(snapshot: &Value, changes: &Value) -> Value {
    let mut out = snapshot.clone();
    for c in COLLECTIONS {
        let list = out[c].as_array_mut().unwrap();
        for record in changes[c].as_array().into_iter().flatten() {
            match list.iter().position(|r| r["id"] == record["id"]) {
                Some(n) => list[n] = record.clone(),
                None => list.push(record.clone()),
            }
        }
        let removed: Vec<&Value> = changes["remove"][c].as_array().into_iter().flatten().collect();
        list.retain(|r| !removed.contains(&&r["id"]));
    }
    out
}

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<T: Clone>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())].clone()
    }
}

fn ids(snapshot: &Value, c: &str) -> Vec<Value> {
    snapshot[c].as_array().unwrap().iter().map(|r| r["id"].clone()).collect()
}

/// A random patch of a few records: existing ones with a field changed, new ones, removals.
fn changes(rng: &mut Rng, snapshot: &Value) -> Value {
    let mut ch = json!({});
    let clients = [ids(snapshot, "clients"), vec![json!("c-new"), json!("ghost")]].concat();
    let credits = [ids(snapshot, "credits"), vec![json!("k-new"), json!("k-ghost")]].concat();
    let bookings = [ids(snapshot, "bookings"), vec![json!("b-new"), json!("b-ghost")]].concat();
    let memberships = [ids(snapshot, "memberships"), vec![json!("m-ghost")]].concat();
    if rng.below(4) == 0 {
        ch["clients"] = json!([{ "id": "c-new", "name": "New Client" }]);
    }
    for _ in 0..rng.below(4) {
        let c = rng.pick(&["credits", "bookings", "memberships"]);
        let list = snapshot[c].as_array().unwrap();
        let mut r = if rng.below(5) == 0 || list.is_empty() {
            match c {
                "credits" => {
                    json!({ "id": "k-new", "clientId": "c1", "sessionTypeId": "pt60", "source": "manual", "grantedAt": "2026-11-20T10:00:00Z", "status": "available" })
                }
                "bookings" => {
                    json!({ "id": "b-new", "clientId": "c1", "sessionTypeId": "pt60", "startsAt": "2026-12-01T15:00:00Z", "status": "booked" })
                }
                _ => json!({ "id": "m-new", "clientId": "c1", "status": "active" }),
            }
        } else {
            rng.pick(list)
        };
        match (c, rng.below(6)) {
            (_, 0) => r["clientId"] = rng.pick(&clients),
            ("credits", 1) => {
                r["status"] = json!(rng.pick(&["available", "assigned", "used", "forfeited", "expired", "removed"]))
            }
            ("credits", 2) => r["bookingId"] = if rng.below(3) == 0 { json!(null) } else { rng.pick(&bookings) },
            ("credits", 3) => r["membershipId"] = rng.pick(&memberships),
            ("bookings", 1) => {
                r["status"] = json!(rng.pick(&["booked", "cancelled", "lateCancelled", "attended", "noShow"]))
            }
            ("bookings", 2 | 3) => r["creditId"] = if rng.below(3) == 0 { json!(null) } else { rng.pick(&credits) },
            ("memberships", 1) => r["eligibleSessionTypeIds"] = json!([rng.pick(&["pt60", "yoga", "nope"])]),
            _ => {}
        }
        let list = ch[c].as_array().cloned().unwrap_or_default();
        if list.iter().all(|x| x["id"] != r["id"]) {
            ch[c] = Value::Array([list, vec![r]].concat());
        }
    }
    if rng.below(3) == 0 {
        // Mostly bookings (checked in place), sometimes other records (the whole state is checked).
        let c = if rng.below(4) == 0 {
            rng.pick(&["clients", "credits", "memberships", "sessionTypes"])
        } else {
            "bookings"
        };
        let id = rng.pick(&ids(snapshot, c));
        if ch[c].as_array().into_iter().flatten().all(|x| x["id"] != id) {
            ch["remove"] = json!({ c: [id] });
        }
    }
    ch
}

fn check(seed: u64, steps: usize) -> Result<(), TestCaseError> {
    let (policy, snapshot) = fixture();
    let mut engine = Engine::new(&policy, &snapshot).unwrap();
    let mut rng = Rng(seed | 1);
    let (mut accepted, mut refused) = (0, 0);
    for _ in 0..steps {
        let current: Value = serde_json::to_value(engine.snapshot()).unwrap();
        let ch = changes(&mut rng, &current);
        let merged = merge(&current, &ch);
        let oracle = Engine::new(&policy, &merged);
        let before = engine.snapshot_json();
        // The JSON text form reads the same changes another way: the same verdict, the same state.
        let mut by_text = engine.clone();
        let text_result = by_text.patch_json(&ch.to_string());
        let result = engine.patch(&ch);
        prop_assert_eq!(
            result.as_ref().map_err(|e| e.issues.clone()),
            text_result.as_ref().map_err(|e| e.issues.clone()),
            "patch and patchJson differ on {}",
            ch
        );
        prop_assert_eq!(by_text.snapshot_json(), engine.snapshot_json());
        match (result, oracle) {
            (Ok(()), Ok(expected)) => {
                prop_assert_eq!(engine.snapshot_json(), expected.snapshot_json(), "patch {} gave another state", ch);
                accepted += 1;
            }
            (Err(e), Err(why)) => {
                prop_assert!(!e.issues.is_empty());
                // A refused patch and a refused snapshot speak the catalog's params too.
                for issue in e.issues.iter().chain(&why.issues) {
                    common::check_params(&serde_json::to_value(issue).unwrap());
                }
                prop_assert_eq!(engine.snapshot_json(), before, "a refused patch changed the state");
                refused += 1;
            }
            (Ok(()), Err(why)) => {
                return Err(TestCaseError::fail(format!(
                    "patch {ch} accepted, but the merged snapshot is refused: {why}"
                )))
            }
            (Err(e), Ok(_)) => {
                return Err(TestCaseError::fail(format!("patch {ch} refused ({e}), but the merged snapshot loads")))
            }
        }
    }
    prop_assert!(accepted + refused == steps);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]
    #[test]
    fn a_patch_is_accepted_exactly_when_the_merged_snapshot_loads(seed in any::<u64>()) {
        check(seed, 6)?;
    }
}

/// The generator makes both kinds of patch.
#[test]
fn patches_are_both_accepted_and_refused() {
    let (policy, snapshot) = fixture();
    let (mut ok, mut bad) = (0, 0);
    for seed in 1..300u64 {
        let mut engine = Engine::new(&policy, &snapshot).unwrap();
        let ch = changes(&mut Rng(seed), &snapshot);
        match engine.patch(&ch) {
            Ok(()) => ok += 1,
            Err(_) => bad += 1,
        }
    }
    assert!(ok > 30 && bad > 30, "accepted {ok}, refused {bad}");
}
