//! Profiles `Engine::replay_json` of 10,000 queued `book` commands on a 10k-credit studio (the
//! bench's replay), for callgrind:
//!
//!     node tools/gen-studio.mjs --credits 10000 --out /tmp/studio-10000.json
//!     cargo build --profile bench-native --example profile_replay
//!     valgrind --tool=callgrind --toggle-collect='*replay_once*' \
//!         target/bench-native/examples/profile_replay /tmp/studio-10000.json 1
//!
//! Arguments: the studio (gen-studio's `{ policy, now, snapshot }`), the runs (each on a fresh
//! copy of the engine), and optionally a file to write the last answer to (to compare builds).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, reason = "a profiling tool")]
use serde_json::{json, Value};
use session_credits::Engine;

/// The entries as bench/workload.mjs `bookCommands` makes them (tag `rp0`).
fn book_entries(snapshot: &Value, now: &str, count: usize) -> String {
    let clients: Vec<&Value> = snapshot["clients"].as_array().unwrap().iter().map(|c| &c["id"]).collect();
    let types: Vec<&Value> = snapshot["sessionTypes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["active"] != false)
        .map(|t| &t["id"])
        .collect();
    let base = chrono::DateTime::parse_from_rfc3339(now).unwrap();
    let entries: Vec<Value> = (0..count)
        .map(|i| {
            let starts = (base + chrono::Duration::hours(24 + (i % 700) as i64))
                .to_utc()
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
            json!({
                "command": { "type": "book", "clientId": clients[(i * 7) % clients.len()],
                             "sessionTypeId": types[i % types.len()], "startsAt": starts },
                "ctx": { "actor": { "id": "u-desk", "role": "frontdesk" }, "now": now, "commandId": format!("rp0-{i}") }
            })
        })
        .collect();
    serde_json::to_string(&entries).unwrap()
}

/// Not inlined, so that callgrind can count it alone (`--toggle-collect=*replay_once*`).
#[inline(never)]
fn replay_once(engine: &mut Engine, text: &str) -> String {
    engine.replay_json(text)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let studio_file = args.next().unwrap_or_else(|| "/tmp/studio-10000.json".to_owned());
    let runs: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(1);
    let out = args.next();
    let studio: Value = serde_json::from_str(&std::fs::read_to_string(studio_file).unwrap()).unwrap();
    let engine = Engine::new(&studio["policy"], &studio["snapshot"]).unwrap();
    let text = book_entries(&studio["snapshot"], studio["now"].as_str().unwrap(), 10_000);
    let mut times = Vec::with_capacity(runs);
    let mut answer = String::new();
    for _ in 0..runs {
        let mut copy = engine.clone();
        let start = std::time::Instant::now();
        answer = replay_once(&mut copy, &text);
        times.push(start.elapsed().as_secs_f64() * 1e3);
    }
    times.sort_by(f64::total_cmp);
    let refused = answer.matches("\"ok\":false").count();
    println!("replay_json of 10,000 books: median {:.2} ms over {runs} runs ({refused} refused)", times[runs / 2]);
    if let Some(path) = out {
        std::fs::write(path, &answer).unwrap();
    }
}
