// POST /api/commands: the actor comes from the session, `now` from a window around the server's
// clock, each commandId is applied once; GET /api/changes and /api/snapshot follow what was applied.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { Engine } from "session-credits";
import { startServer, entry, byId, at, T0, HOUR, SEEDED_CREDITS } from "./helpers.mjs";

const lateCancel = { type: "cancelBooking", bookingId: "b2", forgive: true }; // b2 starts 6 h after T0
const grant = (n = 1) => ({ type: "addCredits", clientIds: ["c1"], sessionTypeId: "yoga", quantity: n, reason: "test grant" });

describe("commands are judged as the signed-in staff member", () => {
  let server, desk, mgr;
  before(async () => {
    server = await startServer({ env: { SERVER_NOW: T0 } });
    desk = await server.signIn("desk-1", "1234");
    mgr = await server.signIn("mgr-1", "9876");
  });
  after(() => server.stop());

  test("a front desk claiming to be owner cannot forgive a late cancel; a manager can", async () => {
    const claim = { actor: { id: "own-1", role: "owner" } };
    const r = await server.post(desk, [entry(lateCancel, "desk-forgive", T0, claim)]);
    assert.equal(r.status, 200);
    const [v] = r.json.results;
    assert.equal(v.commandId, "desk-forgive");
    assert.equal(v.ok, false);
    assert.equal(v.errors[0].code, "permission_denied");
    assert.equal(v.errors[0].params.role, "frontdesk");
    assert.equal(r.json.cursor, 0, "nothing stored");

    // nor remove credits (frontdesk has bookings.manage only), whatever role the request claims
    const rm = await server.post(desk, [entry({ type: "removeCredits", clientId: "c1", creditIds: ["k1"], reason: "x" }, "desk-remove", T0, claim)]);
    assert.equal(rm.json.results[0].errors[0].code, "permission_denied");

    const ok = await server.post(mgr, [entry(lateCancel, "mgr-forgive", T0, claim)]);
    assert.deepEqual(ok.json.results, [{ commandId: "mgr-forgive", ok: true, errors: [], warnings: [] }]);
    const ledger = (await server.call("GET", "/api/ledger", { cookie: mgr })).json;
    const rec = ledger.records.find((x) => x.commandId === "mgr-forgive");
    assert.deepEqual(rec.ctx.actor, { id: "mgr-1", role: "manager" }, "the stored actor is the session's");
    assert.equal(rec.staffId, "mgr-1");
    assert.equal(rec.ledger[0].actorId, "mgr-1");
    assert.equal(rec.ledger[0].kind, "release");
    const snap = (await server.call("GET", "/api/snapshot", { cookie: mgr })).json.snapshot;
    assert.equal(byId(snap.bookings).b2.status, "cancelled");
  });

  test("now later than the server's clock plus 2 minutes is refused at now", async () => {
    const r = await server.post(mgr, [
      entry(grant(), "future-3min", at(T0, 3 * 60_000)),
      entry(grant(), "future-1min", at(T0, 60_000)),
    ]);
    const [far, near] = r.json.results;
    assert.equal(far.ok, false);
    assert.equal(far.errors.length, 1);
    assert.equal(far.errors[0].code, "invalid_date");
    assert.equal(far.errors[0].path, "now");
    assert.match(far.errors[0].message, /^now \(.+\) is later than the server's clock \(2026-11-24T17:00:00Z\) by more than 120 seconds\.$/);
    assert.equal(far.errors[0].params.maxSkewSeconds, 120);
    assert.equal(near.ok, true, JSON.stringify(near));
  });

  test("now older than the 72-hour offline window is refused at now", async () => {
    const r = await server.post(mgr, [
      entry(grant(), "old-73h", at(T0, -73 * HOUR)),
      entry(grant(), "old-71h", at(T0, -71 * HOUR)),
    ]);
    const [old, recent] = r.json.results;
    assert.equal(old.ok, false);
    assert.deepEqual(old.errors.map((e) => [e.code, e.path]), [["invalid_date", "now"]]);
    assert.match(old.errors[0].message, /more than 72 hours before the server's clock/);
    assert.equal(old.errors[0].params.offlineWindowHours, 72);
    assert.equal(recent.ok, true, JSON.stringify(recent));
  });

  test("a now that is not an instant, or none, or no commandId, is refused", async () => {
    const r = await server.post(mgr, [
      entry(grant(), "bad-now-1", "yesterday"),
      entry(grant(), "bad-now-2", "2026-02-30T10:00:00Z"),
      entry(grant(), "bad-now-3", "2026-11-24"),
      entry(grant(), "no-now", undefined),
      { command: grant(), ctx: { now: T0 } },
    ]);
    const codes = r.json.results.map((v) => [v.ok, v.errors.map((e) => `${e.code}@${e.path}`).join()]);
    assert.deepEqual(codes, [
      [false, "invalid_date@now"], [false, "invalid_date@now"], [false, "invalid_date@now"],
      [false, "required@now"], [false, "required@commandId"],
    ]);
  });

  test("the same command sent again is answered duplicate and applied once", async () => {
    const first = await server.post(mgr, [entry(grant(2), "dup-1", T0)]);
    assert.equal(first.json.results[0].ok, true);
    assert.equal(first.json.results[0].duplicate, undefined);
    const cursor = first.json.cursor;
    // again, later, in a batch that repeats it too, with keys in another order
    const again = await server.post(mgr, [
      { ctx: { commandId: "dup-1", now: at(T0, 60_000) }, command: { reason: "test grant", quantity: 2, sessionTypeId: "yoga", clientIds: ["c1"], type: "addCredits" } },
      entry(grant(2), "dup-1", T0),
    ]);
    for (const v of again.json.results) assert.deepEqual(v, { commandId: "dup-1", ok: true, errors: [], warnings: [], duplicate: true });
    assert.equal(again.json.cursor, cursor);
    const ledger = (await server.call("GET", "/api/ledger", { cookie: mgr })).json.records;
    assert.equal(ledger.filter((x) => x.commandId === "dup-1").length, 1);
    const added = (await server.call("GET", "/api/snapshot", { cookie: mgr })).json.snapshot.credits.filter((k) => k.id.startsWith("dup-1:"));
    assert.deepEqual(added.map((k) => k.id), ["dup-1:1", "dup-1:2"]);
    // a different command under a used commandId is not taken for the same one
    const clash = await server.post(mgr, [entry(grant(3), "dup-1", T0)]);
    assert.equal(clash.json.results[0].ok, false);
    assert.deepEqual(clash.json.results[0].errors.map((e) => `${e.code}@${e.path}`), ["duplicate@commandId"]);
  });

  test("malformed bodies answer 400", async () => {
    assert.equal((await server.call("POST", "/api/commands", { cookie: mgr, body: { command: grant() } })).status, 400);
    assert.equal((await server.call("POST", "/api/commands", { cookie: mgr, body: "[" })).status, 400);
    const r = await server.post(mgr, [null, 7]);
    assert.deepEqual(r.json.results.map((v) => v.errors[0].code), ["invalid_input", "invalid_input"]);
  });
});

describe("changes feed and snapshot", () => {
  let server, mgr, start;
  before(async () => {
    server = await startServer({ env: { SERVER_NOW: T0 } });
    mgr = await server.signIn("mgr-1", "9876");
    start = (await server.call("GET", "/api/snapshot", { cookie: mgr })).json;
  });
  after(() => server.stop());

  test("before any command: cursor 0, nothing changed", async () => {
    assert.equal(start.cursor, 0);
    assert.deepEqual(start.appliedCommandIds, []);
    assert.ok(start.policy.roles.frontdesk && start.policy.roles.manager);
    assert.equal(start.snapshot.credits.length, SEEDED_CREDITS);
    for (const q of ["", "?since=0"]) {
      const r = await server.call("GET", `/api/changes${q}`, { cookie: mgr });
      assert.equal(r.status, 200);
      assert.equal(r.json.cursor, 0);
      assert.deepEqual(r.json.changes, { credits: [], bookings: [], remove: { bookings: [] }, appliedCommandIds: [] });
    }
  });

  test("records in their final state, each once; created-then-deleted in neither list; deleted ones in remove", async () => {
    const ids = ["ch-book", "ch-cancel-new", "ch-delete-new", "ch-delete-old", "ch-grant", "ch-late"];
    const r = await server.post(mgr, [
      entry({ type: "book", clientId: "c1", sessionTypeId: "pt60", startsAt: at(T0, 48 * HOUR), bookingId: "tb1" }, ids[0], T0),
      entry({ type: "cancelBooking", bookingId: "tb1" }, ids[1], T0),
      entry({ type: "deleteBooking", bookingId: "tb1" }, ids[2], T0),
      entry({ type: "deleteBooking", bookingId: "b3" }, ids[3], T0), // existed at the cursor
      entry(grant(2), ids[4], T0),
      entry({ type: "cancelBooking", bookingId: "b2" }, ids[5], T0), // late: k8 forfeited
    ]);
    assert.ok(r.json.results.every((v) => v.ok), JSON.stringify(r.json.results));
    assert.equal(r.json.cursor, 6);

    const { cursor, changes } = (await server.call("GET", "/api/changes?since=0", { cookie: mgr })).json;
    assert.equal(cursor, 6);
    assert.deepEqual(changes.appliedCommandIds, ids);
    const bookingIds = changes.bookings.map((b) => b.id);
    assert.ok(!bookingIds.includes("tb1"), "created and deleted since the cursor");
    assert.ok(!changes.remove.bookings.includes("tb1"));
    assert.deepEqual(changes.remove.bookings, ["b3"]);
    assert.deepEqual(bookingIds, ["b2"]);
    const creditIds = changes.credits.map((k) => k.id);
    assert.equal(new Set(creditIds).size, creditIds.length, "each id once");
    assert.ok(creditIds.includes("ch-grant:1") && creditIds.includes("ch-grant:2") && creditIds.includes("k8") && creditIds.includes("k9"));

    // every record is the server's final one
    const now = (await server.call("GET", "/api/snapshot", { cookie: mgr })).json;
    assert.equal(now.cursor, 6);
    assert.deepEqual(now.appliedCommandIds, ids);
    const credits = byId(now.snapshot.credits);
    const bookings = byId(now.snapshot.bookings);
    for (const k of changes.credits) assert.deepEqual(k, credits[k.id]);
    for (const b of changes.bookings) assert.deepEqual(b, bookings[b.id]);
    assert.equal(credits.k8.status, "forfeited");
    assert.equal(bookings.b3, undefined);

    // the start snapshot plus these changes is the server's state
    const patched = { credits: byId(start.snapshot.credits), bookings: byId(start.snapshot.bookings) };
    for (const k of changes.credits) patched.credits[k.id] = k;
    for (const b of changes.bookings) patched.bookings[b.id] = b;
    for (const id of changes.remove.bookings) delete patched.bookings[id];
    assert.deepEqual(patched.credits, credits);
    assert.deepEqual(patched.bookings, bookings);

    // and as the browser does it: the engine's patch(changes) over the start brings the server's state
    const local = Engine.fromJson(JSON.stringify(start.policy), JSON.stringify(start.snapshot));
    local.patch(changes);
    assert.deepEqual(local.snapshot(), now.snapshot);
    // a queued command the server already accepted is then refused locally as a duplicate
    const replayed = local.apply({ type: "deleteBooking", bookingId: "b3" }, { actor: { id: "mgr-1", role: "manager" }, now: T0, commandId: "ch-delete-old" });
    assert.equal(replayed.ok, false);
    assert.ok(replayed.errors.some((e) => e.code === "duplicate" && e.path === "commandId"), JSON.stringify(replayed.errors));
  });

  test("since=cursor returns nothing new; a cursor in the middle returns only what came after", async () => {
    const same = (await server.call("GET", "/api/changes?since=6", { cookie: mgr })).json;
    assert.equal(same.cursor, 6);
    assert.deepEqual(same.changes, { credits: [], bookings: [], remove: { bookings: [] }, appliedCommandIds: [] });

    const mid = (await server.call("GET", "/api/changes?since=4", { cookie: mgr })).json;
    assert.equal(mid.cursor, 6);
    assert.deepEqual(mid.changes.appliedCommandIds, ["ch-grant", "ch-late"]);
    assert.deepEqual(mid.changes.bookings.map((b) => b.id), ["b2"]);
    assert.deepEqual(mid.changes.remove.bookings, []);
    assert.deepEqual(mid.changes.credits.map((k) => k.id).sort(), ["ch-grant:1", "ch-grant:2", "k8"]);

    // since=1: tb1 was created before the cursor and deleted after it → in remove.bookings
    const three = (await server.call("GET", "/api/changes?since=1", { cookie: mgr })).json;
    assert.ok(three.changes.remove.bookings.includes("tb1"));
  });

  test("a cursor this server never gave, or not a number, is refused", async () => {
    const ahead = await server.call("GET", "/api/changes?since=99", { cookie: mgr });
    assert.equal(ahead.status, 409);
    assert.equal(ahead.json.cursor, 6);
    assert.equal(ahead.json.studioId, start.studioId);
    for (const bad of ["-1", "abc", "1.5"]) {
      assert.equal((await server.call("GET", `/api/changes?since=${bad}`, { cookie: mgr })).status, 400, bad);
    }
  });
});
