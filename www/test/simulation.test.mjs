// Deterministic simulation of the whole sync loop (issue 11, item 5), TigerBeetle-style: from one
// seed, three front desks go offline and online, queue random commands, apply them optimistically
// and rebase them on the server's feed, through a network that drops, loses, duplicates, delays
// and reorders requests, against the real server, which is stopped, killed (also mid-request) and
// restarted on its database. After each run: the invariants of sim/world.mjs.
//
//   www/test/run.sh                                      (3 seeds × 40 steps, part of make test)
//   node --test www/test/simulation.test.mjs             the same, alone (~10-30 s)
//   SIM_SEED=1234 node --test www/test/simulation.test.mjs                       one seed again
//   SIM_RUNS=50 SIM_STEPS=150 node --test www/test/simulation.test.mjs           a longer run
//   SIM_VERBOSE=1 …                                      print every step
//   SIM_MUTATE=no-applied-ids …                          desks that ignore appliedCommandIds: must fail
//   SIM_MUTATE=replay-on-confirmed …                     desks that replay on the confirmed copy: must fail
//
// A run prints a digest of its trace: the same seed gives the same trace, except when a SIGKILL
// from outside (killMid) lands in the middle of a batch, where timing decides how many of its
// commands were committed; the server's own SERVER_CRASH_AFTER_COMMITS crashes are reproducible.
//
// Seeds: SIM_SEED alone runs that seed; with SIM_RUNS, SIM_SEED is the first of SIM_RUNS seeds.
// Without either, the fixed seeds below run (so `make test` is the same every time), and a
// failing run prints its seed and how to run it again.
import { test } from "node:test";
import assert from "node:assert/strict";
import { runSimulation } from "./sim/world.mjs";

const FIXED_SEEDS = [1, 2, 3];
const env = process.env;
const steps = Number(env.SIM_STEPS || 40);
const seeds = env.SIM_SEED || env.SIM_RUNS
  ? Array.from({ length: Number(env.SIM_RUNS || 1) }, (_, i) => (Number(env.SIM_SEED || Date.now() % 1e6) + i) >>> 0)
  : FIXED_SEEDS;

// SIM_MUTATE=… breaks a rule on purpose in the simulated desks, to see the invariants catch it
const MUTANTS = {
  "": {},
  "no-applied-ids": { patchAppliedIds: false }, // the desks drop appliedCommandIds from each patch
  "replay-on-confirmed": { replayOnConfirmed: true }, // the desks rebase on their confirmed copy, not a clone
};
if (!(env.SIM_MUTATE || "") in MUTANTS) throw new Error(`SIM_MUTATE: one of ${Object.keys(MUTANTS).join(", ")}`);

const total = { runs: 0, ms: 0, faults: {}, commands: {}, checks: [], violations: 0, notes: {}, byKind: {}, refusedByCode: {} };
const add = (into, from) => {
  for (const [k, v] of Object.entries(from)) if (typeof v === "number") into[k] = (into[k] ?? 0) + v;
};

for (const seed of seeds) {
  test(`simulation seed ${seed}, ${steps} steps`, { timeout: 120_000 }, async () => {
    const r = await runSimulation({ seed, steps, verbose: env.SIM_VERBOSE === "1", clientOpts: MUTANTS[env.SIM_MUTATE || ""] });
    total.runs++;
    total.ms += r.ms;
    add(total.faults, r.faults);
    add(total.commands, r.commands);
    add(total.notes, r.notes);
    for (const [k, v] of Object.entries(r.commands.byKind)) add((total.byKind[k] ??= {}), v);
    for (const [k, v] of Object.entries(r.commands.refusedByCode)) total.refusedByCode[k] = (total.refusedByCode[k] ?? 0) + v;
    total.checks = r.checks;
    total.violations += r.violations.length;
    console.log(`# sim seed ${seed}: ${r.ms} ms, trace ${r.digest}; faults ${fmt(r.faults)}`);
    console.log(`# sim seed ${seed}: commands ${fmt(r.commands)}; refused by the server ${fmt(r.commands.refusedByCode)}; desks whose copy differs from the server only in record order: ${r.notes.orderOnly}`);
    assert.deepEqual(r.violations, [], `seed ${seed} broke an invariant; again with SIM_SEED=${seed} SIM_STEPS=${steps} SIM_VERBOSE=1`);
  });
}

test("simulation totals", () => {
  console.log(`# sim total: ${total.runs} runs × ${steps} steps in ${total.ms} ms, ${total.violations} violations, ${total.notes.orderOnly ?? 0} copies in another record order; faults ${fmt(total.faults)}; commands ${fmt(total.commands)}`);
  console.log(`# sim commands queued (refused locally) by kind: ${Object.entries(total.byKind).map(([k, v]) => `${k} ${v.queued} (${v.refusedLocally})`).join(", ")}`);
  console.log(`# sim refused by the server: ${fmt(total.refusedByCode)}`);
  console.log(`# sim invariants checked after each run, plus during it: no rebase applies a command the feed listed as accepted, no rebase refuses a queued command for its context`);
  for (const c of total.checks) console.log(`#   - ${c}`);
});

function fmt(o) {
  return Object.entries(o).filter(([, v]) => typeof v === "number").map(([k, v]) => `${k}=${v}`).join(" ");
}
