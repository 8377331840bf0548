//! Profiles `Engine::from_json` of a bench studio, for callgrind:
//! `cargo build --profile bench-native --example profile_load` then
//! `valgrind --tool=callgrind target/bench-native/examples/profile_load bench/data 10000`.
#![allow(clippy::unwrap_used, reason = "a profiling tool")]
use session_credits::Engine;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().unwrap_or_else(|| "bench/data".to_owned());
    let size = args.next().unwrap_or_else(|| "10000".to_owned());
    let policy = std::fs::read_to_string(format!("{dir}/policy.json")).unwrap();
    let snapshot = std::fs::read_to_string(format!("{dir}/snapshot-{size}.json")).unwrap();
    let start = std::time::Instant::now();
    let engine = Engine::from_json(&policy, &snapshot).unwrap();
    let parse = std::time::Instant::now();
    let value: serde_json::Value = serde_json::from_str(&snapshot).unwrap();
    let floor = parse.elapsed();
    println!(
        "fromJson {:.1} ms, serde_json::Value {:.1} ms, {} bytes of snapshot out",
        (parse - start).as_secs_f64() * 1e3,
        floor.as_secs_f64() * 1e3,
        engine.snapshot_json().len() + usize::from(value.is_null())
    );
}
