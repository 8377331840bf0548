// One simulation run: the real server (node www/server.mjs, a child process on a free port, a
// temporary SQLite file), three front desks (desk-1 frontdesk, mgr-1 manager, own-1 owner) behind
// a faulty network, random steps from one seed, then a quiet phase and the invariants.
//
// Time: the server's clock is pinned with SERVER_NOW to a simulated clock that starts at the
// sample studio's instant and moves only when the server restarts (0 min to 6 h, now and then a
// long outage of 80 h that puts the oldest queued commands out of the 72-hour offline window). A
// desk's ctx.now is that clock plus up to a minute, or, now and then, a device clock 10 minutes
// fast (the server refuses those at `now`).

import { isDeepStrictEqual } from "node:util";
import { Engine } from "session-credits";
import { startServer, tempDb, Database, T0 } from "../helpers.mjs";
import { Rng, fnv1a } from "./prng.mjs";
import { Network } from "./network.mjs";
import { Client } from "./client.mjs";
import { randomCommand } from "./commands.mjs";
import { Hostile } from "./hostile.mjs";

const MIN = 60_000;
const HOUR = 60 * MIN;
const iso = (ms) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");

export const DESKS = [
  { name: "desk", staffId: "desk-1", pin: "1234" },
  { name: "mgr", staffId: "mgr-1", pin: "9876" },
  { name: "own", staffId: "own-1", pin: "2468" },
];

/** Per request, by method: a lost, duplicated or late POST is where a sync can go wrong. */
export const DEFAULT_FAULTS = {
  GET: { drop: 0.05, lose: 0.05, duplicate: 0.03, delay: 0.03 },
  POST: { drop: 0.08, lose: 0.15, duplicate: 0.12, delay: 0.12 },
};

/**
 * @param {{ seed: number, steps: number, faults?: typeof DEFAULT_FAULTS, clientOpts?: object, verbose?: boolean }} o
 */
export async function runSimulation({ seed, steps, faults = DEFAULT_FAULTS, clientOpts = {}, verbose = false }) {
  const started = Date.now();
  const rng = new Rng(seed);
  const rngWorld = rng.fork("world");
  const trace = [];
  const log = (line) => {
    trace.push(line);
    if (verbose) console.log(`  [${seed} +${Date.now() - started}ms] ${line}`);
  };
  const violations = [];
  const world = { restartTerm: 0, kill9: 0, killMid: 0, crashes: 0, downSteps: 0, clockJumps: 0, longOutages: 0, serverStarts: 0 };
  const commands = { generated: 0, notBuilt: 0, refusedLocally: 0, queued: 0, badClock: 0, byKind: {} };

  const dbFile = tempDb();
  let clock = Date.parse(T0);
  let server = null;
  let downUntil = -1;

  let armed = 0;
  const start = async ({ mayCrash = true } = {}) => {
    // now and then this life of the server ends by itself, right after its n-th commit
    armed = mayCrash && rngWorld.chance(0.4) ? rngWorld.int(1, 4) : 0;
    const env = { SERVER_NOW: iso(clock), ...(armed ? { SERVER_CRASH_AFTER_COMMITS: String(armed) } : {}) };
    server = await startServer({ dbFile, env });
    world.serverStarts++;
    log(`server up at ${iso(clock)}${armed ? `, to crash after ${armed} commits` : ""}`);
  };
  const advanceClock = () => {
    if (rngWorld.chance(0.04)) {
      clock += 80 * HOUR;
      world.longOutages++;
    } else {
      clock += rngWorld.pick([0, 10 * MIN, HOUR, 3 * HOUR, 6 * HOUR]);
    }
    world.clockJumps++;
  };
  const down = async (how) => {
    const s = server;
    server = null;
    if (how === "term") { world.restartTerm++; await s.stop(); } else { world.kill9++; await s.kill9(); }
  };

  const net = new Network(rng.fork("net"), faults, {
    server: () => server,
    log,
    // a request failed in transit: did the server die (its armed crash)? Only kills and crashes
    // break connections here, so waiting for the exit is deterministic.
    transportError: async () => {
      const s = server;
      if (!s) return;
      const died = await Promise.race([s.exited.then(() => true), new Promise((r) => setTimeout(() => r(false), 3000))]);
      if (died && server === s) {
        server = null;
        world.crashes++;
        log(`server crashed (SIGKILL after ${armed} commits)`);
      }
    },
    killMid: async () => {
      world.killMid++;
      await new Promise((r) => setTimeout(r, rngWorld.int(0, 15)));
      if (server) await down("kill9");
    },
  });

  try {
    await start();
    const clients = [];
    for (const d of DESKS) {
      const cookie = await server.signIn(d.staffId, d.pin);
      const who = (await server.call("GET", "/api/session", { cookie })).json.staff;
      const rngRetry = rng.fork(`retry:${d.name}`);
      clients.push(new Client({ name: d.name, staff: { id: who.id, role: who.role }, cookie, net, log, retry: () => rngRetry.chance(0.5), opts: clientOpts }));
    }
    net.faulty = false;
    for (const c of clients) await c.load();
    net.faulty = true;
    const startSnapshot = clients[0].confirmed.snapshot();
    const clientIds = startSnapshot.clients.map((c) => c.id);
    const hot = ["c1", ...rngWorld.sample(clientIds.filter((id) => id !== "c1"), 3)];
    const rngCmd = Object.fromEntries(clients.map((c) => [c.name, rng.fork(`cmd:${c.name}`)]));
    // a hostile account (issue 18) attacks the server straight, not through the faulty network
    const hostile = new Hostile({ rng: rng.fork("hostile"), cookie: await server.signIn("staff-1", "5678"), log });
    log(`hot clients ${hot.join(" ")}`);

    // ---- random steps -------------------------------------------------------------------------
    for (let step = 0; step < steps; step++) {
      if (!server && step >= downUntil) { advanceClock(); await start(); }
      if (!server) world.downSteps++;
      // an offline desk comes back now and then, and syncs as it does
      for (const d of clients) {
        if (!d.online && rngWorld.chance(0.12)) {
          d.online = true;
          log(`${d.name} goes online`);
          log(`${d.name} sync ${(await d.sync()) ? "done" : "stopped"} (cursor ${d.cursor}, ${d.pending.length} pending)`);
        }
      }
      const action = rngWorld.weighted([
        ["queue", 5], ["sync", 4], ["offline", 0.8], ["deliver", net.held.length ? 1.5 : 0],
        ["restart", server ? 0.3 : 0], ["killMid", server && !net.killMidNext ? 0.25 : 0],
        ["hostile", server && !net.killMidNext ? 0.6 : 0],
      ]);
      const c = rngWorld.pick(clients);
      switch (action) {
        case "queue": {
          const r = rngCmd[c.name];
          const n = r.int(1, 4);
          for (let i = 0; i < n; i++) {
            const built = randomCommand(r, c.view(), hot, clock, c.staff.role);
            if (!built) { commands.notBuilt++; continue; }
            commands.generated++;
            let now = clock + r.int(0, 60) * 1000;
            if (r.chance(0.03)) { now = clock + 10 * MIN; commands.badClock++; }
            const q = c.queue(built.command, iso(now));
            const k = (commands.byKind[built.kind] ??= { queued: 0, refusedLocally: 0 });
            if (q.queued) { commands.queued++; k.queued++; } else { commands.refusedLocally++; k.refusedLocally++; }
            log(`${c.name} ${q.queued ? "queues" : "cannot"} ${q.commandId} ${built.command.type}${q.queued ? "" : ` (${q.errors.map((e) => e.code).join(",")})`}`);
          }
          // an online desk usually sends what it just did
          if (c.online && c.pending.length && rngWorld.chance(0.6)) log(`${c.name} sync ${(await c.sync()) ? "done" : "stopped"} (cursor ${c.cursor}, ${c.pending.length} pending)`);
          break;
        }
        case "sync":
          if (c.online) log(`${c.name} sync ${(await c.sync()) ? "done" : "stopped"} (cursor ${c.cursor}, ${c.pending.length} pending)`);
          break;
        case "offline":
          if (c.online) log(`${c.name} goes offline`);
          c.online = false;
          break;
        case "deliver": {
          const d = await net.deliverOne();
          if (d) log(`held ${d.req.method} ${d.req.path} of ${d.req.who} delivered late: ${d.status ?? "lost"}`);
          break;
        }
        case "restart": {
          const how = rngWorld.chance(0.5) ? "term" : "kill9";
          await down(how);
          log(`server ${how === "term" ? "stopped (SIGTERM)" : "killed (SIGKILL)"}`);
          downUntil = step + (rngWorld.chance(0.5) ? 0 : rngWorld.int(1, 3));
          if (step >= downUntil) { advanceClock(); await start(); }
          break;
        }
        case "hostile":
          await hostile.attack(server, clock, hot);
          break;
        case "killMid":
          net.killMidNext = true;
          downUntil = step + 1 + rngWorld.int(0, 2);
          log(`the next POST will be cut by a SIGKILL`);
          break;
      }
    }

    // ---- quiet phase: the network heals, held requests arrive, every desk syncs ---------------
    net.killMidNext = false;
    net.faulty = false;
    if (server && armed) await down("term");
    if (!server) { advanceClock(); await start({ mayCrash: false }); }
    for (const d of await net.deliverAll()) log(`held ${d.req.method} ${d.req.path} of ${d.req.who} delivered at the end: ${d.status ?? "lost"}`);
    for (const c of clients) c.online = true;
    for (let round = 0; round < 4; round++) {
      for (const c of clients) if (!(await c.sync())) violations.push(`${c.name}: a sync on a quiet network failed`);
      const last = (await server.call("GET", "/api/changes?since=0", { cookie: clients[0].cookie })).json.cursor;
      if (clients.every((c) => !c.pending.length && c.cursor === last)) break;
    }

    log(`quiet phase done`);
    // ---- invariants ---------------------------------------------------------------------------
    const notes = { orderOnly: 0 };
    const checks = await checkInvariants({ server, clients, dbFile, startSnapshot, clock, violations, notes });
    log(`invariants checked`);
    // a last SIGKILL and restart: the state rebuilt from the database is the same
    const before = (await server.call("GET", "/api/snapshot", { cookie: clients[0].cookie })).json;
    await down("kill9");
    await start({ mayCrash: false });
    const after = (await server.call("GET", "/api/snapshot", { cookie: clients[0].cookie })).json;
    checks.push("restart after the run keeps the state");
    if (!isDeepStrictEqual(before.snapshot, after.snapshot) || before.cursor !== after.cursor) {
      violations.push(`the state after a final kill -9 and restart differs from before it${diffHint(before.snapshot, after.snapshot)}`);
    }
    await server.stop();
    server = null;
    log(`server stopped`);

    for (const c of clients) violations.push(...c.violations);
    checks.push(...hostile.check(dbFile));
    violations.push(...hostile.violations);
    const clientStats = Object.fromEntries(clients.map((c) => [c.name, { ...c.stats, queued: c.queued.length }]));
    const refusedByCode = {};
    let accepted = 0, refused = 0, lateAccepted = 0;
    for (const c of clients) {
      lateAccepted += c.stats.lateAccepted;
      for (const id of c.queued) {
        const v = c.verdicts.get(id);
        if (v?.ok) accepted++;
        else if (v) {
          refused++;
          for (const code of new Set(v.errors.map((e) => `${e.code}@${e.path}`))) refusedByCode[code] = (refusedByCode[code] ?? 0) + 1;
        }
      }
    }
    return {
      seed, steps, ms: Date.now() - started, violations, checks,
      faults: { ...net.counts, ...world },
      commands: { ...commands, accepted, refusedByServer: refused, lateAccepted, refusedByCode, hostile: hostile.sent },
      notes,
      clients: clientStats,
      digest: fnv1a(trace.join("\n")).toString(16).padStart(8, "0"),
      trace,
    };
  } finally {
    if (server) await server.kill9();
  }
}

/** The same records, whatever their order in each collection (a patch replaces in place). */
function sameRecords(a, b) {
  const byId = (list) => [...list].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  return ["sessionTypes", "clients", "memberships", "credits", "bookings"].every((k) => isDeepStrictEqual(byId(a[k] ?? []), byId(b[k] ?? [])));
}

function diffHint(a, b) {
  for (const coll of ["credits", "bookings", "clients", "memberships", "sessionTypes"]) {
    const x = a?.[coll] ?? [], y = b?.[coll] ?? [];
    if (x.length !== y.length) return ` (${coll}: ${x.length} vs ${y.length} records)`;
    for (let i = 0; i < x.length; i++) {
      if (!isDeepStrictEqual(x[i], y[i])) return ` (${coll}[${i}]: ${JSON.stringify(x[i])} vs ${JSON.stringify(y[i])})`;
    }
  }
  return "";
}

async function checkInvariants({ server, clients, dbFile, startSnapshot, clock, violations, notes }) {
  const checks = [];
  const cookie = clients[2].cookie;
  const snap = (await server.call("GET", "/api/snapshot", { cookie })).json;
  const records = await server.ledger(cookie);
  const seqOf = new Map(records.map((r) => [r.commandId, r.seq]));

  // 1. no command applied twice: each commandId once in the table, the ledger and the feed
  checks.push("each accepted commandId once (DB, /api/ledger, /api/snapshot appliedCommandIds), ledger entry ids unique");
  const db = new Database(dbFile, { readonly: true });
  let meta;
  try {
    const row = db.prepare("SELECT count(*) AS n, count(DISTINCT command_id) AS d FROM commands").get();
    if (row.n !== row.d) violations.push(`commands table: ${row.n} rows, ${row.d} distinct commandIds`);
    if (row.n !== records.length) violations.push(`commands table has ${row.n} rows, /api/ledger ${records.length}`);
    meta = Object.fromEntries(db.prepare("SELECT key, value FROM meta").all().map((r) => [r.key, r.value]));
  } finally {
    db.close();
  }
  if (seqOf.size !== records.length) violations.push(`/api/ledger lists a commandId twice`);
  if (!isDeepStrictEqual(snap.appliedCommandIds, records.map((r) => r.commandId))) violations.push(`/api/snapshot appliedCommandIds differ from the ledger's`);
  const entryIds = records.flatMap((r) => r.ledger.map((e) => e.id));
  if (new Set(entryIds).size !== entryIds.length) violations.push(`a ledger entry id appears twice`);
  const queuedBy = new Map(clients.flatMap((c) => c.queued.map((id) => [id, c])));
  for (const r of records) {
    if (!queuedBy.has(r.commandId)) violations.push(`the server accepted ${r.commandId}, which no desk queued`);
    else if (r.staffId !== queuedBy.get(r.commandId).staff.id) violations.push(`${r.commandId} stored as ${r.staffId}`);
  }

  // 2. every verdict a desk received was true of the server at the cursor it came with, and
  //    stays true: a command a desk was told is refused is never accepted afterwards (by a late
  //    or repeated copy of an earlier request)
  checks.push("every verdict received was true at its answer's cursor (ok ⇒ accepted at seq ≤ cursor) and final (refused ⇒ never accepted)");
  for (const c of clients) {
    for (const a of c.answers) {
      const seq = seqOf.get(a.commandId);
      const why = () => a.errors.map((e) => `${e.code}@${e.path}`).join(",");
      if (a.ok && !(seq !== undefined && seq <= a.cursor)) violations.push(`${c.name}: ${a.commandId} answered ok at cursor ${a.cursor}, but the server has it at ${seq ?? "none"}`);
      if (!a.ok && seq !== undefined && seq <= a.cursor) violations.push(`${c.name}: ${a.commandId} answered refused (${why()}) at cursor ${a.cursor}, but it was accepted at seq ${seq}`);
      else if (!a.ok && seq !== undefined) violations.push(`${c.name}: ${a.commandId} answered refused (${why()}) at cursor ${a.cursor}, then accepted at seq ${seq} by a later copy`);
    }
  }

  // 3. none lost: every queued command is accepted, or refused with the refusal held by its desk
  checks.push("every queued command accepted or its refusal held; the desk's record agrees with the server; queues empty");
  for (const c of clients) {
    if (c.pending.length) violations.push(`${c.name}: ${c.pending.length} commands still pending after the quiet phase`);
    for (const id of c.queued) {
      const v = c.verdicts.get(id);
      const onServer = seqOf.has(id);
      if (!onServer && !(v && !v.ok)) violations.push(`${c.name}: ${id} is neither accepted nor refused (${v ? "recorded ok" : "no verdict"})`);
      if (onServer && !v?.ok) violations.push(`${c.name}: ${id} is accepted on the server but the desk holds ${v ? "a refusal" : "nothing"}`);
    }
  }

  // 4. convergence: each desk's confirmed copy (and its view) is the server's state
  checks.push("each desk's confirmed copy and view hold /api/snapshot's records (order aside, counted); cursor equal; every accepted commandId known as applied");
  for (const c of clients) {
    if (c.cursor !== snap.cursor) violations.push(`${c.name}: cursor ${c.cursor}, server ${snap.cursor}`);
    // Record order may differ: a booking deleted and booked again under the same id since a
    // desk's cursor comes in the feed as a changed record, which patch replaces in place, while
    // the server's engine appended it. Order carries no meaning (ties are broken by id), so
    // that is counted, not a violation.
    const mine = c.confirmed.snapshot();
    if (!isDeepStrictEqual(mine, snap.snapshot)) {
      if (sameRecords(mine, snap.snapshot)) notes.orderOnly++;
      else violations.push(`${c.name}: confirmed copy differs from the server${diffHint(mine, snap.snapshot)}`);
    }
    if (!sameRecords(c.local.snapshot(), snap.snapshot)) violations.push(`${c.name}: optimistic view differs from the server`);
    let unknown = 0;
    for (const r of records) {
      const v = c.confirmed.validate({ type: "expireCredits" }, { actor: c.actor, now: iso(clock), commandId: r.commandId });
      if (!v.errors.some((e) => e.code === "duplicate" && e.path === "commandId")) unknown++;
    }
    if (unknown) violations.push(`${c.name}: ${unknown} of ${records.length} accepted commandIds are not known as applied by its copy`);
  }

  // 5. the server's state is a replay of its accepted commands from the starting snapshot
  checks.push("the stored starting snapshot is what the desks loaded; its replay of /api/ledger (stored ctx) equals /api/snapshot");
  if (!isDeepStrictEqual(JSON.parse(meta.snapshot), startSnapshot)) {
    // the engine writes instants back normalised; compare through an engine
    const e = Engine.fromJson(meta.policy, meta.snapshot);
    if (!isDeepStrictEqual(e.snapshot(), startSnapshot)) violations.push(`the stored starting snapshot is not the one the desks loaded`);
  }
  const fresh = Engine.fromJson(meta.policy, meta.snapshot);
  const replay = fresh.replay(records.map((r) => ({ command: r.command, ctx: r.ctx })));
  if (replay.refused) {
    const bad = replay.results.find((r) => !r.ok);
    violations.push(`replay of the ledger refused ${replay.refused} (first ${bad.commandId}: ${bad.errors.map((e) => `${e.code}@${e.path}`).join(",")})`);
  }
  const replayed = fresh.snapshot();
  if (!isDeepStrictEqual(replayed, snap.snapshot)) violations.push(`the replay of the accepted commands differs from the server's state${diffHint(replayed, snap.snapshot)}`);
  return checks;
}

