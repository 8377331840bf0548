// The SQLite store: state and sessions survive a restart (another day too), a resent command is
// applied once across restarts, and a kill -9 in the middle of a batch loses nothing acknowledged.
import { test } from "node:test";
import assert from "node:assert/strict";
import { startServer, tempDb, entry, byId, at, Database, T0, HOUR, SEEDED_CREDITS } from "./helpers.mjs";

const grant = (clientId) => ({ type: "addCredits", clientIds: [clientId], sessionTypeId: "yoga", quantity: 1, reason: "store test" });

test("the studio, its accepted commands and sessions survive a restart on another day", async () => {
  const dbFile = tempDb();
  let server = await startServer({ dbFile, env: { SERVER_NOW: T0 } });
  const mgr = await server.signIn("mgr-1", "9876");
  const r = await server.post(mgr, [
    entry(grant("c1"), "r-1", T0),
    entry({ type: "cancelBooking", bookingId: "b2" }, "r-2", T0),
    entry({ type: "book", clientId: "c1", sessionTypeId: "yoga", startsAt: at(T0, 30 * HOUR) }, "r-3", T0),
  ]);
  assert.ok(r.json.results.every((v) => v.ok), JSON.stringify(r.json.results));
  const before = (await server.call("GET", "/api/snapshot", { cookie: mgr })).json;
  const changesBefore = (await server.call("GET", "/api/changes?since=0", { cookie: mgr })).json;
  await server.stop();

  // five days later: the studio is not generated again, it is the stored one plus the replay
  const later = at(T0, 5 * 24 * HOUR);
  server = await startServer({ dbFile, env: { SERVER_NOW: later } });
  try {
    assert.match(server.output(), /3 accepted commands replayed/);
    assert.equal((await server.call("GET", "/api/health")).json.now, later);
    const after = (await server.call("GET", "/api/snapshot", { cookie: mgr })).json; // same cookie
    assert.deepEqual(after, before);
    assert.equal(byId(after.snapshot.bookings).b2.status, "lateCancelled");
    assert.deepEqual((await server.call("GET", "/api/changes?since=0", { cookie: mgr })).json, changesBefore);

    // resent after the restart (its now is outside the window by now): answered duplicate, applied once
    const again = await server.post(mgr, [entry(grant("c1"), "r-1", T0)]);
    assert.deepEqual(again.json.results, [{ commandId: "r-1", ok: true, errors: [], warnings: [], duplicate: true }]);
    assert.equal(again.json.cursor, 3);
    const credits = (await server.call("GET", "/api/snapshot", { cookie: mgr })).json.snapshot.credits;
    assert.deepEqual(credits.filter((k) => k.id.startsWith("r-1:")).map((k) => k.id), ["r-1:1"]);
  } finally {
    await server.stop();
  }
});

test("the sample studio is generated around the server's real clock at first start", async () => {
  const server = await startServer();
  try {
    const t = Date.now();
    const { now } = (await server.call("GET", "/api/health")).json;
    assert.ok(Math.abs(Date.parse(now) - t) < 60_000, `health now ${now}`);
    const mgr = await server.signIn("mgr-1", "9876");
    const { snapshot } = (await server.call("GET", "/api/snapshot", { cookie: mgr })).json;
    // c1's b2 starts 6 h after the generation instant, on the hour
    const b2 = Date.parse(byId(snapshot.bookings).b2.startsAt);
    assert.ok(b2 - t > 4 * HOUR && b2 - t <= 6 * HOUR, `b2 starts at ${byId(snapshot.bookings).b2.startsAt}`);
    // and a command made now, as the browser's clock says, is accepted
    const nowIso = new Date().toISOString();
    const r = await server.post(mgr, [entry({ type: "cancelBooking", bookingId: "b2", forgive: true }, "live-1", nowIso)]);
    assert.equal(r.json.results[0].ok, true, JSON.stringify(r.json.results[0]));
  } finally {
    await server.stop();
  }
});

test("kill -9 in the middle of a batch: everything acknowledged is there, the rest is applied once on resend", async () => {
  const dbFile = tempDb();
  let server = await startServer({ dbFile, env: { SERVER_NOW: T0 } });
  const mgr = await server.signIn("mgr-1", "9876");
  const acked = Array.from({ length: 5 }, (_, i) => entry(grant("c1"), `ack-${i}`, T0));
  const first = await server.post(mgr, acked);
  assert.ok(first.json.results.every((v) => v.ok));
  assert.equal(first.json.cursor, 5);

  const big = Array.from({ length: 1000 }, (_, i) => entry(grant("c1"), `big-${i}`, T0)); // the most one request takes
  const pending = server.post(mgr, big).then(() => "answered", () => "cut off");
  const reader = new Database(dbFile, { readonly: true, fileMustExist: true });
  const count = reader.prepare("SELECT count(*) FROM commands").pluck();
  try {
    // wait (polling, not timing) until the batch is under way, then kill the process
    while (count.get() < 5 + 10) await new Promise((r) => setTimeout(r, 2));
    await server.kill9();
    assert.equal(await pending, "cut off", "the batch was not answered: it was killed mid-batch");
  } finally {
    reader.close();
  }

  server = await startServer({ dbFile, env: { SERVER_NOW: T0 } });
  try {
    const records = await server.ledger(mgr);
    const stored = records.map((x) => x.commandId);
    assert.deepEqual(stored.slice(0, 5), acked.map((e) => e.ctx.commandId), "the acknowledged ones, first");
    const n = stored.length - 5;
    assert.ok(n >= 10 && n < big.length, `${n} of the batch were committed before the kill`);
    assert.deepEqual(stored.slice(5), big.slice(0, n).map((e) => e.ctx.commandId), "a prefix of the batch, in order");
    // the restored engine holds exactly the committed commands' credits
    let snap = (await server.call("GET", "/api/snapshot", { cookie: mgr })).json;
    assert.equal(snap.cursor, 5 + n);
    assert.equal(snap.snapshot.credits.length, SEEDED_CREDITS + 5 + n);

    // the browser resends the whole batch: committed ones are duplicates, the rest applied now
    const resent = await server.post(mgr, big);
    assert.equal(resent.status, 200);
    const dup = resent.json.results.filter((v) => v.duplicate).length;
    assert.equal(dup, n);
    assert.ok(resent.json.results.every((v) => v.ok));
    snap = (await server.call("GET", "/api/snapshot", { cookie: mgr })).json;
    assert.equal(snap.cursor, 5 + big.length);
    assert.equal(snap.snapshot.credits.length, SEEDED_CREDITS + 5 + big.length);
    const ids = snap.snapshot.credits.map((k) => k.id).filter((id) => id.startsWith("big-"));
    assert.equal(new Set(ids).size, big.length, "every command of the batch applied exactly once");
  } finally {
    await server.stop();
  }
});
