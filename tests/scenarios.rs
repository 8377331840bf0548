//! Scenario tables: each rule of SPEC.md as JSON scenarios run natively against the engine.
//! The format is the conformance runner's (`../shared/conformance/run.mjs`), so the public
//! scenarios run here too, natively, when `../shared/conformance` is beside the repository.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests fail loudly"
)]
mod common;
use common::call;
use serde_json::{json, Map, Value};
use session_credits::{validate_policy, Engine};
use std::fs;
use std::path::{Path, PathBuf};

struct Run {
    passed: usize,
    failures: Vec<String>,
    /// The shapes of the sentences the answers gave (only for the project's own scenarios).
    shapes: Option<std::collections::BTreeSet<String>>,
}

impl Run {
    fn check(&mut self, case: &str, step: usize, what: &str, ok: bool, detail: impl FnOnce() -> String) {
        if ok {
            self.passed += 1;
        } else {
            self.failures.push(format!("FAIL {case} #{step} {what}: {}", detail()));
        }
    }
}

fn code_at(i: &Value) -> String {
    format!("{}@{}", i["code"].as_str().unwrap_or(""), i["path"].as_str().unwrap_or(""))
}

fn has_issue(list: &Value, want: &str) -> bool {
    list.as_array().into_iter().flatten().any(|i| {
        if let Some(path) = want.strip_prefix('@') {
            i["path"] == path
        } else if want.contains('@') {
            code_at(i) == want
        } else {
            i["code"] == want
        }
    })
}

fn show(list: &Value) -> String {
    format!("{:?}", list.as_array().into_iter().flatten().map(code_at).collect::<Vec<_>>())
}

/// Every field of `want` equals the same field of `actual`.
fn sub(actual: &Value, want: &Value) -> bool {
    match want {
        // "$absent": the field must be missing (the runner's r3 form).
        Value::Object(w) => w.iter().all(|(k, v)| match actual.get(k) {
            None => v == "$absent" || v.is_null(),
            Some(a) => v != "$absent" && sub(a, v),
        }),
        // A list is compared whole: same length, same order, each item partial.
        Value::Array(w) => {
            actual.as_array().is_some_and(|a| a.len() == w.len() && a.iter().zip(w).all(|(a, w)| sub(a, w)))
        }
        other => actual == other,
    }
}

fn strs(v: &Value) -> Vec<String> {
    v.as_array().into_iter().flatten().filter_map(|s| s.as_str().map(str::to_owned)).collect()
}

fn len(v: &Value) -> usize {
    v.as_array().map_or(0, Vec::len)
}

fn inputs(case: &Value, fixtures: &Path) -> (Value, Value, String) {
    let name = case["fixture"].as_str().unwrap_or("studio");
    let fx: Value = serde_json::from_str(&fs::read_to_string(fixtures.join(format!("{name}.json"))).unwrap()).unwrap();
    let mut policy = fx["policy"].as_object().unwrap().clone();
    for (k, v) in case["policy"].as_object().into_iter().flatten() {
        policy.insert(k.clone(), v.clone());
    }
    for k in strs(&case["policyRemove"]) {
        policy.remove(&k);
    }
    let mut snapshot = fx["snapshot"].as_object().unwrap().clone();
    for (k, v) in case["snapshot"].as_object().into_iter().flatten() {
        snapshot.insert(k.clone(), v.clone());
    }
    for (k, extra) in case["snapshotAdd"].as_object().into_iter().flatten() {
        let list = snapshot.entry(k.clone()).or_insert(json!([]));
        if let Some(l) = list.as_array_mut() {
            l.extend(extra.as_array().unwrap().iter().cloned());
        }
    }
    let now = case["now"].as_str().or(fx["now"].as_str()).unwrap().to_owned();
    (Value::Object(policy), Value::Object(snapshot), now)
}

fn check_state(run: &mut Run, name: &str, n: usize, ex: &Value, engine: &Engine, now: &str) {
    for want in ex["balances"].as_array().into_iter().flatten() {
        let mut query = Map::new();
        query.insert("clientId".into(), want["clientId"].clone());
        if want["noAsOf"] != true {
            query.insert("asOf".into(), want.get("asOf").cloned().unwrap_or_else(|| json!(now)));
        }
        let got = engine.balances(&Value::Object(query)).map(|rows| serde_json::to_value(rows).unwrap());
        let mut want_row = want.as_object().unwrap().clone();
        want_row.remove("asOf");
        want_row.remove("noAsOf");
        let want_row = Value::Object(want_row);
        let ok = match &got {
            Ok(rows) => match rows
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["clientId"] == want["clientId"] && r["sessionTypeId"] == want["sessionTypeId"])
            {
                Some(row) => sub(row, &want_row),
                None => want["available"] == 0 && (want["assigned"].is_null() || want["assigned"] == 0),
            },
            Err(_) => false,
        };
        run.check(name, n, &format!("balance {want}"), ok, || format!("{got:?}"));
    }
    if ex.get("credits").is_some()
        || ex.get("bookings").is_some()
        || ex.get("bookingsAbsent").is_some()
        || ex.get("creditCount").is_some()
    {
        let snap = serde_json::to_value(engine.snapshot()).unwrap();
        let find = |list: &str, id: &str| {
            snap[list].as_array().unwrap().iter().find(|x| x["id"] == id).cloned().unwrap_or(Value::Null)
        };
        for (id, want) in ex["credits"].as_object().into_iter().flatten() {
            let got = find("credits", id);
            run.check(name, n, &format!("credit {id} {want}"), sub(&got, want), || got.to_string());
        }
        for (id, want) in ex["bookings"].as_object().into_iter().flatten() {
            let got = find("bookings", id);
            run.check(name, n, &format!("booking {id} {want}"), sub(&got, want), || got.to_string());
        }
        for id in strs(&ex["bookingsAbsent"]) {
            let got = find("bookings", &id);
            run.check(name, n, &format!("booking {id} gone"), got.is_null(), || got.to_string());
        }
        if let Some(count) = ex["creditCount"].as_u64() {
            let got = len(&snap["credits"]);
            run.check(name, n, &format!("credit count {count}"), got as u64 == count, || got.to_string());
        }
    }
}

fn check_result(run: &mut Run, name: &str, n: usize, res: &Value, ex: &Value) {
    // Revision 2's expectations: exact lists, in order or sorted.
    let kinds: Vec<String> =
        res["ledger"].as_array().into_iter().flatten().map(|e| e["kind"].as_str().unwrap_or("").to_owned()).collect();
    if let Some(want) = ex.get("ledgerSequence") {
        run.check(name, n, &format!("ledger sequence {want}"), strs(want) == kinds, || format!("{kinds:?}"));
    }
    if let Some(want) = ex.get("ledgerKinds") {
        let (mut got, mut want) = (kinds.clone(), strs(want));
        got.sort();
        want.sort();
        run.check(name, n, &format!("ledger kinds {want:?}"), got == want, || format!("{got:?}"));
    }
    if let Some(want) = ex.get("errorsExactly") {
        let mut got: Vec<String> = res["errors"].as_array().into_iter().flatten().map(code_at).collect();
        got.sort();
        let mut want = strs(want);
        want.sort();
        run.check(name, n, &format!("errors exactly {want:?}"), got == want, || format!("{got:?}"));
    }
    for (key, list) in [("changedCreditIds", "credits"), ("changedBookingIds", "bookings")] {
        if let Some(want) = ex.get(key) {
            let mut got: Vec<String> = res[list]["changed"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|c| c["after"]["id"].as_str().unwrap_or("").to_owned())
                .collect();
            got.sort();
            let mut want = strs(want);
            want.sort();
            run.check(name, n, &format!("{key} {want:?}"), got == want, || format!("{got:?}"));
        }
    }
    if let Some(want) = ex.get("counts") {
        run.check(name, n, &format!("counts {want}"), sub(&res["counts"], want), || res["counts"].to_string());
    }
    if let Some(ok) = ex.get("ok") {
        run.check(name, n, &format!("ok == {ok}"), &res["ok"] == ok, || {
            format!("errors={} warnings={}", show(&res["errors"]), show(&res["warnings"]))
        });
    }
    if ex["ok"] == true {
        run.check(name, n, "no errors when ok", len(&res["errors"]) == 0, || show(&res["errors"]));
    }
    for e in strs(&ex["errors"]) {
        run.check(name, n, &format!("error {e}"), has_issue(&res["errors"], &e), || show(&res["errors"]));
    }
    for w in strs(&ex["warnings"]) {
        run.check(name, n, &format!("warning {w}"), has_issue(&res["warnings"], &w), || show(&res["warnings"]));
    }
    for w in strs(&ex["notWarnings"]) {
        run.check(name, n, &format!("no warning {w}"), !has_issue(&res["warnings"], &w), || show(&res["warnings"]));
    }
    for e in strs(&ex["notErrors"]) {
        run.check(name, n, &format!("no error {e}"), !has_issue(&res["errors"], &e), || show(&res["errors"]));
    }
    for (code, params) in ex["errorParams"].as_object().into_iter().flatten() {
        let issue = res["errors"].as_array().into_iter().flatten().find(|i| i["code"] == code.as_str());
        let ok = issue.is_some_and(|i| sub(i.get("params").unwrap_or(&json!({})), params));
        run.check(name, n, &format!("params of {code}"), ok, || format!("{issue:?}"));
    }
    if ex["messages"] == true {
        let all: Vec<&Value> =
            res["errors"].as_array().into_iter().chain(res["warnings"].as_array()).flatten().collect();
        let ok = all.iter().all(|i| i["message"].as_str().is_some_and(|m| !m.trim().is_empty()));
        run.check(name, n, "every issue has a message", ok, || format!("{all:?}"));
    }
    for want in ex["items"].as_array().into_iter().flatten() {
        let got = res["items"].as_array().into_iter().flatten().find(|i| i["id"] == want["id"]);
        run.check(
            name,
            n,
            &format!("item {} ok == {}", want["id"], want["ok"]),
            got.is_some_and(|g| g["ok"] == want["ok"]),
            || format!("{got:?}"),
        );
    }
    if let Some(kinds) = ex.get("ledgerKinds") {
        let mut got: Vec<String> = res["ledger"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|e| e["kind"].as_str().unwrap_or("").to_owned())
            .collect();
        let mut want = strs(kinds);
        got.sort();
        want.sort();
        run.check(name, n, &format!("ledger kinds {want:?}"), got == want, || format!("{got:?}"));
    }
    for want in ex["ledger"].as_array().into_iter().flatten() {
        let ok = res["ledger"].as_array().into_iter().flatten().any(|e| sub(e, want));
        run.check(name, n, &format!("ledger has {want}"), ok, || res["ledger"].to_string());
    }
    if let Some(count) = ex["creditsAdded"].as_u64() {
        let got = len(&res["credits"]["added"]);
        run.check(name, n, &format!("credits added == {count}"), got as u64 == count, || got.to_string());
    }
    for want in ex["addedCredits"].as_array().into_iter().flatten() {
        let ok = res["credits"]["added"].as_array().into_iter().flatten().any(|c| sub(c, want));
        run.check(name, n, &format!("added credit {want}"), ok, || res["credits"]["added"].to_string());
    }
    if let Some(ids) = ex.get("changedCreditIds") {
        let mut got: Vec<String> = res["credits"]["changed"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|c| c["after"]["id"].as_str().unwrap_or("").to_owned())
            .collect();
        let mut want = strs(ids);
        got.sort();
        want.sort();
        run.check(name, n, &format!("changed credits {want:?}"), got == want, || format!("{got:?}"));
    }
    for want in ex["addedBookings"].as_array().into_iter().flatten() {
        let ok = res["bookings"]["added"].as_array().into_iter().flatten().any(|b| sub(b, want));
        run.check(name, n, &format!("added booking {want}"), ok, || res["bookings"]["added"].to_string());
    }
    for want in ex["previewBalances"].as_array().into_iter().flatten() {
        let got = res["balances"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|b| b["clientId"] == want["clientId"] && b["sessionTypeId"] == want["sessionTypeId"]);
        run.check(name, n, &format!("preview balance {want}"), got.is_some_and(|g| sub(g, want)), || {
            res["balances"].to_string()
        });
    }
    if let Some(steps) = ex["steps"].as_u64() {
        run.check(name, n, &format!("at least {steps} steps"), len(&res["steps"]) as u64 >= steps, || {
            res["steps"].to_string()
        });
    }
    if ex["noItems"] == true {
        run.check(name, n, "no items", res.get("items").is_none(), || res["items"].to_string());
    }
    if let Some(count) = ex["errorCount"].as_u64() {
        run.check(name, n, &format!("{count} errors"), len(&res["errors"]) as u64 == count, || show(&res["errors"]));
    }
    if let Some(want) = ex.get("stepsText") {
        run.check(name, n, "steps read as written", &res["steps"] == want, || res["steps"].to_string());
    }
    if ex["emptyWhenNotOk"] == true {
        let total = len(&res["ledger"])
            + len(&res["credits"]["added"])
            + len(&res["credits"]["changed"])
            + len(&res["bookings"]["added"])
            + len(&res["bookings"]["changed"])
            + len(&res["bookings"]["removed"])
            + len(&res["balances"])
            + len(&res["steps"]);
        run.check(name, n, "nothing changes when not ok", total == 0, || res.to_string());
    }
}

fn verdict_key(r: &Value) -> String {
    let mut e: Vec<String> = r["errors"].as_array().into_iter().flatten().map(code_at).collect();
    let mut w: Vec<String> = r["warnings"].as_array().into_iter().flatten().map(code_at).collect();
    e.sort();
    w.sort();
    format!("{} {e:?} {w:?}", r["ok"])
}

fn run_case(run: &mut Run, name: &str, case: &Value, fixtures: &Path) {
    let (policy, snapshot, now) = inputs(case, fixtures);
    if let Some(construct) = case.get("construct") {
        match Engine::new(&policy, &snapshot) {
            Ok(_) => run.check(name, 0, "constructor refuses", false, || "it did not".into()),
            Err(e) => {
                let issues = serde_json::to_value(&e.issues).unwrap();
                for want in strs(&construct["throws"]) {
                    run.check(name, 0, &format!("issue {want}"), has_issue(&issues, &want), || show(&issues));
                }
            }
        }
        return;
    }
    if let Some(expected) = case.get("policyIssues") {
        let v = serde_json::to_value(validate_policy(&policy)).unwrap();
        let want = strs(expected);
        for e in &want {
            run.check(name, 0, &format!("policy issue {e}"), has_issue(&v["errors"], e), || show(&v["errors"]));
        }
        run.check(name, 0, "policy ok", v["ok"] == want.is_empty(), || show(&v["errors"]));
        return;
    }
    let built = if case["fromJson"] == true {
        Engine::from_json(&policy.to_string(), &snapshot.to_string())
    } else {
        Engine::new(&policy, &snapshot)
    };
    let mut engine = match built {
        Ok(e) => e,
        Err(e) => return run.check(name, 0, "engine constructs", false, || format!("{e}")),
    };
    for (i, step) in case["steps"].as_array().into_iter().flatten().enumerate() {
        let n = i + 1;
        let call_name = step["call"].as_str().unwrap_or("preview");
        let role = step["as"].as_str().unwrap_or("manager");
        let step_now = step["now"].as_str().unwrap_or(&now).to_owned();
        let mut ctx = json!({ "actor": { "id": step["actorId"].as_str().map_or(format!("u-{role}"), str::to_owned), "role": role }, "now": step_now });
        if let Some(id) = step["commandId"].as_str() {
            ctx["commandId"] = json!(id);
        } else if call_name == "apply" && step["noCommandId"] != true {
            ctx["commandId"] = json!(format!("auto-{n}"));
        }
        let ex = step.get("expect").cloned().unwrap_or(json!({}));
        if call_name == "balances" {
            check_state(run, name, n, &ex, &engine, &step_now);
            continue;
        }
        if matches!(call_name, "usage" | "liability") {
            let query = step.get("query").cloned().unwrap_or(Value::Null);
            let answer = if call_name == "usage" {
                engine.usage(&query).map(|rows| serde_json::to_value(rows).unwrap())
            } else {
                engine.liability(&query).map(|l| serde_json::to_value(l).unwrap())
            };
            query_expectations(run, name, n, &ex, answer.map_err(|e| serde_json::to_value(&e.issues).unwrap()));
            check_state(run, name, n, &ex, &engine, &step_now);
            continue;
        }
        let command = step.get("command").cloned().unwrap_or(Value::Null);
        let before = serde_json::to_string(&engine.snapshot()).unwrap();
        let other = (ex["consistent"] == true).then(|| {
            call(&mut engine, if call_name == "validate" { "preview" } else { "validate" }, false, &command, &ctx)
        });
        let preview_first =
            (ex["pure"] == true && call_name == "apply").then(|| call(&mut engine, "preview", false, &command, &ctx));
        let res = call(&mut engine, call_name, step["json"] == true, &command, &ctx);
        if let Some(shapes) = run.shapes.as_mut() {
            shapes.extend(common::issues_of(&res).into_iter().map(common::message_shape));
        }
        check_result(run, name, n, &res, &ex);
        check_state(run, name, n, &ex, &engine, &step_now);
        if let Some(other) = other {
            run.check(name, n, "validate and preview agree", verdict_key(&other) == verdict_key(&res), || {
                format!("{} vs {}", verdict_key(&res), verdict_key(&other))
            });
        }
        if ex["pure"] == true && call_name != "apply" {
            let again = call(&mut engine, call_name, false, &command, &ctx);
            run.check(name, n, "same answer twice", again == res, || "answers differ".into());
            run.check(name, n, "state unchanged", serde_json::to_string(&engine.snapshot()).unwrap() == before, || {
                "snapshot changed".into()
            });
        }
        if let Some(first) = preview_first {
            run.check(name, n, "apply answers what preview showed", first == res, || format!("{first} vs {res}"));
        }
        if let Some(form) = step["sameAs"].as_str() {
            let via_object = call(&mut engine, form, false, &command, &ctx);
            run.check(name, n, &format!("json matches {form}"), via_object == res, || "answers differ".into());
        }
    }
}

/// What a `usage` or `liability` step expects: `throws`, `rows` (whole list, partial records),
/// `rowsExactly` (how many), `liability` (a partial record).
fn query_expectations(run: &mut Run, name: &str, n: usize, ex: &Value, answer: Result<Value, Value>) {
    match (&answer, ex.get("throws")) {
        (Err(issues), Some(want)) => {
            for w in strs(want) {
                run.check(name, n, &format!("throws {w}"), has_issue(issues, &w), || show(issues));
            }
        }
        (Ok(_), Some(_)) => run.check(name, n, "throws", false, || "it answered".into()),
        (Err(issues), None) => run.check(name, n, "answers", false, || show(issues)),
        (Ok(got), None) => {
            if let Some(count) = ex["rowsExactly"].as_u64() {
                run.check(name, n, "rowsExactly", len(got) as u64 == count, || got.to_string());
            }
            if let Some(rows) = ex.get("rows") {
                let same = len(got) == len(rows)
                    && rows
                        .as_array()
                        .into_iter()
                        .flatten()
                        .zip(got.as_array().into_iter().flatten())
                        .all(|(w, a)| sub(a, w));
                run.check(name, n, "rows", same, || format!("{got} vs {rows}"));
            }
            if let Some(want) = ex.get("liability") {
                run.check(name, n, "liability", sub(got, want), || format!("{got} vs {want}"));
            }
        }
    }
}

/// Scenarios whose steps this native runner can take: the engine calls of revision 1. The sync
/// steps (`patch`, `replay`, `clone`, options) run in the package's conformance layer.
fn runs_natively(case: &Value) -> bool {
    case["steps"].as_array().into_iter().flatten().all(|step| {
        let call = step["call"].as_str().unwrap_or("preview");
        let query = matches!(call, "usage" | "liability");
        (query || matches!(call, "validate" | "preview" | "apply" | "balances"))
            && step.get("on").is_none()
            && step.get("options").is_none()
            && (query || step["expect"].get("throws").is_none())
    })
}

fn run_dir(cases: &Path, fixtures: &Path, shapes: bool) -> Run {
    let mut run = Run { passed: 0, failures: Vec::new(), shapes: shapes.then(Default::default) };
    let mut files: Vec<PathBuf> = fs::read_dir(cases)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no scenario files in {}", cases.display());
    for file in files {
        let list: Value = serde_json::from_str(&fs::read_to_string(&file).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let stem = file.file_stem().unwrap().to_string_lossy().to_string();
        for case in list.as_array().unwrap() {
            let name = format!("{stem}/{}", case["name"].as_str().unwrap_or("?"));
            if !runs_natively(case) {
                continue;
            }
            run_case(&mut run, &name, case, fixtures);
        }
    }
    run
}

fn report(run: Run) {
    eprintln!("{} checks passed", run.passed);
    assert!(run.passed > 0, "no checks ran");
    assert!(
        run.failures.is_empty(),
        "{} passed, {} failed:\n{}",
        run.passed,
        run.failures.len(),
        run.failures.join("\n")
    );
}

#[test]
fn rule_scenarios() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut run = run_dir(&root.join("scenarios"), &root.join("fixtures"), true);
    let shapes: Vec<String> = run.shapes.take().unwrap_or_default().into_iter().collect();
    report(run);
    // Every sentence the scenarios draw, its ids and numbers as {params}: a changed sentence shows
    // in review as a change to this file. `BLESS=1 cargo test --test scenarios` writes it anew.
    let fresh = format!("{}\n", shapes.join("\n"));
    common::bless_or_compare(&root.join("snapshots/messages.txt"), &fresh, "BLESS=1 cargo test --test scenarios");
}

#[test]
fn public_conformance_scenarios_natively() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/conformance");
    if !shared.join("cases").is_dir() {
        eprintln!("../shared/conformance is not here; skipped");
        return;
    }
    report(run_dir(&shared.join("cases"), &shared.join("fixtures"), false));
}
