//! Profiling aid (`perf record`): one operation of the benchmark, many times.
//!
//!     cargo build --profile bench-native --example profile_preview
//!     perf record -g target/bench-native/examples/profile_preview bench/data summary|full|patch|replay|load 20
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use serde_json::Value;
use session_credits::Engine;
use std::hint::black_box;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = args.get(1).map_or("bench/data", String::as_str).to_owned();
    let what = args.get(2).map_or("full", String::as_str).to_owned();
    let n: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(20);
    let read = |name: &str| std::fs::read_to_string(format!("{dir}/{name}")).expect("bench data (run make bench once)");
    let policy = read("policy.json");
    let cases: Value = serde_json::from_str(&read("cases.json")).expect("cases.json");
    let size = if what == "replay" { "10000" } else { "100000" };
    let mut engine = Engine::from_json(&policy, &read(&format!("snapshot-{size}.json"))).expect("loads");
    let snap: Value = serde_json::from_str(&engine.snapshot_json()).expect("snapshot");
    let clients: Vec<&Value> = snap["clients"].as_array().expect("clients").iter().map(|c| &c["id"]).collect();
    let types: Vec<&Value> = snap["sessionTypes"]
        .as_array()
        .expect("types")
        .iter()
        .filter(|t| t["active"] != false)
        .map(|t| &t["id"])
        .collect();
    let case = &cases["changeType"];
    let (cmd, ctx) = (case["command"].to_string(), case["ctx"].to_string());
    // 10,000 book commands, as bench/run.mjs makes them.
    let entries: Vec<Value> = (0..10_000)
                    .map(|i| {
                        let base = chrono::DateTime::parse_from_rfc3339("2026-11-24T17:00:00Z").expect("instant");
                        let starts = (base + chrono::Duration::hours(24 + (i % 700) as i64))
                            .to_utc()
                            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
                        serde_json::json!({
                            "command": { "type": "book", "clientId": clients[(i * 7) % clients.len()], "sessionTypeId": types[i % types.len()],
                                         "startsAt": starts },
                            "ctx": { "actor": { "id": "desk", "role": "frontdesk" }, "now": "2026-11-24T17:00:00Z", "commandId": format!("r-{i}") }
                        })
                    })
                    .collect();
    let replay_text = serde_json::to_string(&entries).expect("entries");
    let mut times = Vec::with_capacity(n);
    for _ in 0..n {
        let t = std::time::Instant::now();
        match what.as_str() {
            "summary" => black_box(engine.preview_json_with(&cmd, &ctx, Some(r#"{"detail":"summary"}"#))),
            "load-reader" => {
                let text = read("snapshot-100000.json");
                black_box(Engine::from_json_reader(&policy, text.as_bytes()).is_ok().to_string())
            }
            "load" => {
                let text = read("snapshot-100000.json");
                black_box(Engine::from_json(&policy, &text).is_ok().to_string())
            }
            "replay" => {
                // A fresh copy each time; only the replay is timed.
                let mut copy = engine.clone();
                let t = std::time::Instant::now();
                let answer = copy.replay_json(&replay_text);
                times.push(t.elapsed().as_secs_f64() * 1e3);
                black_box(answer);
                continue;
            }
            "patch" => {
                // 100 available credits with a new expiry, as bench/run.mjs patches them.
                let mut credits: Vec<Value> = snap["credits"]
                    .as_array()
                    .expect("credits")
                    .iter()
                    .filter(|c| c["status"] == "available")
                    .take(100)
                    .cloned()
                    .collect();
                for c in &mut credits {
                    c["expiresAt"] = Value::from("2031-01-31");
                }
                let changes = serde_json::json!({ "credits": credits }).to_string();
                let t = std::time::Instant::now();
                engine.patch_json(&changes).expect("patch");
                eprintln!("  one patch: {:.3} ms", t.elapsed().as_secs_f64() * 1e3);
                String::new()
            }
            _ => black_box(engine.preview_json(&cmd, &ctx)),
        };
        times.push(t.elapsed().as_secs_f64() * 1e3);
    }
    times.sort_by(f64::total_cmp);
    let at = |q: usize| times.get(q).copied().unwrap_or(f64::NAN);
    eprintln!("{what}: median {:.2} ms, min {:.2}, max {:.2} ({n} runs)", at(n / 2), at(0), at(n.saturating_sub(1)));
}
