//! Profiles one small `validate` (one addCredits form, the bench's) many times, for callgrind:
//! `cargo build --profile bench-native --example profile_validate` then
//! `valgrind --tool=callgrind target/bench-native/examples/profile_validate bench/data 20000`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, reason = "a profiling tool")]
use session_credits::Engine;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().unwrap_or_else(|| "bench/data".to_owned());
    let runs: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(20_000);
    let read = |name: &str| std::fs::read_to_string(format!("{dir}/{name}")).unwrap();
    let cases: serde_json::Value = serde_json::from_str(&read("cases.json")).unwrap();
    let engine = Engine::from_json(&read("policy.json"), &read("snapshot-1000.json")).unwrap();
    let case = &cases["validate"]["1000"];
    let (command, ctx) = (case["command"].to_string(), case["ctx"].to_string());
    let start = std::time::Instant::now();
    let mut ok = 0;
    for _ in 0..runs {
        ok += usize::from(engine.validate_json(&command, &ctx).starts_with("{\"ok\":true"));
    }
    let each = start.elapsed().as_secs_f64() * 1e6 / runs as f64;
    println!("{runs} validates, {ok} ok, {each:.2} µs each");
}
