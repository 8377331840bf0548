//! The native side of `make bench` (see bench/README.md): the same work as the Node benchmark, on
//! the same files, so that the wasm/native ratio compares like with like.
//!
//!     cargo build --profile bench-native --example bench_native
//!     target/bench-native/examples/bench_native bench/data [runs]
//!
//! Reads `policy.json`, `snapshot-<n>.json` and `cases.json` (written by bench/run.mjs from the
//! seeded studios of tools/gen-studio.mjs) and prints its timings as one JSON object on stdout.
//! Every figure is `{ median, min, max, runs }` in milliseconds, measured after warm-up runs.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use serde_json::{json, Value};
use session_credits::Engine;
use std::hint::black_box;
use std::time::Instant;

fn read(dir: &str, name: &str) -> String {
    let path = format!("{dir}/{name}");
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {path}: {e} (run bench/run.sh, which writes it)"))
}

/// Times `f` `runs` times after `warm` warm-up calls; milliseconds.
fn time<T>(warm: usize, runs: usize, mut f: impl FnMut() -> T) -> Value {
    for _ in 0..warm {
        black_box(f());
    }
    let mut ms: Vec<f64> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            black_box(f());
            t.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    ms.sort_by(f64::total_cmp);
    let median = if ms.len() % 2 == 1 { ms[ms.len() / 2] } else { (ms[ms.len() / 2 - 1] + ms[ms.len() / 2]) / 2.0 };
    json!({ "median": median, "min": ms[0], "max": ms[ms.len() - 1], "runs": runs })
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = args.get(1).map_or("bench/data", String::as_str).to_owned();
    let runs: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(15);

    let policy = read(&dir, "policy.json");
    let cases: Value = serde_json::from_str(&read(&dir, "cases.json")).expect("cases.json");
    let mut out = serde_json::Map::new();

    // ---- loading: the engine from JSON text, and the floor of reading that text -----------------
    let mut loading = serde_json::Map::new();
    for n in ["10000", "100000"] {
        let text = read(&dir, &format!("snapshot-{n}.json"));
        let load_runs = if n == "100000" { runs.min(7) } else { runs };
        loading.insert(
            n.to_owned(),
            json!({
                "fromJson": time(1, load_runs, || Engine::from_json(&policy, &text).expect("snapshot loads")),
                "parseValue": time(1, load_runs, || serde_json::from_str::<Value>(&text).expect("parses")),
            }),
        );
    }
    out.insert("loading".into(), Value::Object(loading));

    // ---- validate of one addCredits form, at each size -------------------------------------------
    let mut validate = serde_json::Map::new();
    for (n, case) in cases["validate"].as_object().expect("validate cases") {
        let engine = Engine::from_json(&policy, &read(&dir, &format!("snapshot-{n}.json"))).expect("snapshot loads");
        let (cmd, ctx) = (&case["command"], &case["ctx"]);
        assert!(engine.validate(cmd, ctx).ok, "the validate case of {n} must be valid");
        let (cmd_text, ctx_text) = (cmd.to_string(), ctx.to_string());
        // Many calls per sample: one validate is microseconds.
        let reps = 200;
        let per_call = |v: Value| {
            let scale = |k: &str| v[k].as_f64().unwrap_or(0.0) / reps as f64;
            json!({ "median": scale("median"), "min": scale("min"), "max": scale("max"), "runs": v["runs"] })
        };
        validate.insert(
            n.clone(),
            json!({
                "validate": per_call(time(3, runs, || (0..reps).map(|_| engine.validate(cmd, ctx).ok as usize).sum::<usize>())),
                "validateJson": per_call(time(3, runs, || (0..reps).map(|_| engine.validate_json(&cmd_text, &ctx_text).len()).sum::<usize>())),
            }),
        );
    }
    out.insert("validate".into(), Value::Object(validate));

    // ---- bulk preview: changeCreditType over 10,000 available credits ----------------------------
    let case = &cases["changeType"];
    let engine = Engine::from_json(
        &policy,
        &read(&dir, &format!("snapshot-{}.json", case["snapshot"].as_str().expect("snapshot size"))),
    )
    .expect("snapshot loads");
    let (cmd, ctx) = (&case["command"], &case["ctx"]);
    let (cmd_text, ctx_text) = (cmd.to_string(), ctx.to_string());
    let preview = engine.preview(cmd, ctx);
    assert!(
        preview.ok && preview.counts.credits_changed == case["credits"].as_u64().expect("count") as usize,
        "the changeType case must change every credit"
    );
    let answer_bytes = serde_json::to_string(&preview).expect("serializes").len();
    out.insert(
        "preview".into(),
        json!({
            "credits": preview.counts.credits_changed,
            "answerBytes": answer_bytes,
            "commandBytes": cmd_text.len(),
            // JSON text in, JSON text out: what previewJson does in wasm.
            "previewJson": time(3, runs, || engine.preview_json(&cmd_text, &ctx_text)),
            // Split: reading the command text, the engine's own work, writing the answer.
            "parse": time(3, runs, || (serde_json::from_str::<Value>(&cmd_text).expect("parses"), serde_json::from_str::<Value>(&ctx_text).expect("parses"))),
            "evaluate": time(3, runs, || engine.preview(cmd, ctx)),
            "serialize": time(3, runs, || serde_json::to_string(&preview).expect("serializes")),
        }),
    );

    println!("{}", Value::Object(out));
}
