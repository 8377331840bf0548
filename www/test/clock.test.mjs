// Issue 18, point 1: the client's clock must not choose the time rules. A command whose `now` is
// inside the offline window but behind the server's clock is judged at both; when the server's
// clock gives the studio a better outcome (a forfeit, a refusal), the earlier one stands only for
// a role that could have it now (bookings.forgive); otherwise the command is refused at `now`.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, entry, byId, at, T0, HOUR } from "./helpers.mjs";

// b2 (c1's PT60, paid with k8) starts 6 h after T0: inside the 12-hour late-cancel window at the
// server's clock (T0), far outside it 71 h earlier
const back = at(T0, -71 * HOUR);
const codes = (v) => v.errors.map((e) => `${e.code}@${e.path}`);

describe("a back-dated now does not choose the time rules", () => {
  let server, desk, staff, mgr;
  before(async () => {
    server = await startServer({ env: { SERVER_NOW: T0 } });
    desk = await server.signIn("desk-1", "1234");
    staff = await server.signIn("staff-1", "5678");
    mgr = await server.signIn("mgr-1", "9876");
  });
  after(() => server.stop());

  const state = async () => byId((await server.call("GET", "/api/snapshot", { cookie: mgr })).json.snapshot.bookings);

  test("a front desk's cancellation 71 h in the past is refused: at the server's clock it forfeits the credit", async () => {
    const r = await server.post(desk, [entry({ type: "cancelBooking", bookingId: "b2" }, "bd-desk-cancel", back)]);
    const [v] = r.json.results;
    assert.equal(v.ok, false);
    assert.deepEqual(codes(v), ["permission_denied@now"]);
    assert.equal(v.errors[0].params.permission, "bookings.forgive");
    assert.equal(v.errors[0].params.serverNow, T0);
    assert.deepEqual(v.errors[0].params.atServer.warnings, ["late_cancel_forfeit"]);
    assert.equal(r.json.cursor, 0, "nothing applied");
    assert.equal((await state()).b2.status, "booked");
  });

  test("so is a staff account's (bookings.manage without bookings.forgive), and a back-dated delete", async () => {
    const r = await server.post(staff, [
      entry({ type: "cancelBooking", bookingId: "b2" }, "bd-staff-cancel", back),
      entry({ type: "deleteBooking", bookingId: "b2" }, "bd-staff-delete", back),
      entry({ type: "deleteBooking", bookingId: "b2" }, "bd-desk-delete", at(T0, -30 * HOUR)),
    ]);
    for (const v of r.json.results) assert.deepEqual(codes(v), ["permission_denied@now"], JSON.stringify(v));
    // the delete at the server's clock is the engine's own refusal
    const now = await server.post(staff, [entry({ type: "deleteBooking", bookingId: "b2" }, "now-staff-delete", T0)]);
    assert.deepEqual(codes(now.json.results[0]), ["permission_denied@"]);
    assert.equal((await state()).b2.status, "booked");
  });

  test("a back-dated command whose outcome does not depend on the clock is accepted as before", async () => {
    const book = { type: "book", clientId: "c1", sessionTypeId: "yoga", startsAt: at(T0, 96 * HOUR), bookingId: "bd-book", credit: "none" };
    const r = await server.post(desk, [entry(book, "bd-desk-book", back)]);
    assert.equal(r.json.results[0].ok, true, JSON.stringify(r.json.results[0]));
    const rec = (await server.ledger(mgr)).find((x) => x.commandId === "bd-desk-book");
    assert.equal(rec.ctx.now, back, "applied at its own now");
  });

  test("a manager (bookings.forgive) still gets the offline outcome: cancelled free, the credit back", async () => {
    const r = await server.post(mgr, [entry({ type: "cancelBooking", bookingId: "b2" }, "bd-mgr-cancel", back)]);
    assert.deepEqual(r.json.results[0], { commandId: "bd-mgr-cancel", ok: true, errors: [], warnings: [] });
    const snap = (await server.call("GET", "/api/snapshot", { cookie: mgr })).json.snapshot;
    assert.equal(byId(snap.bookings).b2.status, "cancelled");
    assert.equal(byId(snap.credits).k8.status, "available");
  });

  test("the front desk's cancellation made again at the server's clock is accepted, with the forfeit", async () => {
    const r = await server.post(desk, [
      entry({ type: "book", clientId: "c1", sessionTypeId: "pt60", startsAt: at(T0, 2 * HOUR), bookingId: "soon", credit: "auto" }, "book-soon", T0),
      entry({ type: "cancelBooking", bookingId: "soon" }, "bd-desk-cancel-soon", back),
      entry({ type: "cancelBooking", bookingId: "soon" }, "desk-cancel-soon", T0),
    ]);
    const [booked, backDated, now] = r.json.results;
    assert.equal(booked.ok, true, JSON.stringify(booked));
    assert.deepEqual(codes(backDated), ["permission_denied@now"]);
    assert.equal(now.ok, true);
    assert.deepEqual(now.warnings.map((w) => w.code), ["late_cancel_forfeit"]);
    assert.equal((await state()).soon.status, "lateCancelled");
  });

  test("expiry: a credit that has expired since the back-dated now is not spent, for any role", async () => {
    // k48 (c4, pilates) expires 48 h before T0: usable 71 h back, for a session 21 h after that
    const book = (id) => ({ type: "book", clientId: "c4", sessionTypeId: "pilates", startsAt: at(T0, -50 * HOUR), credit: "k48", bookingId: id });
    const results = [
      ...(await server.post(mgr, [entry(book("exp-1"), "bd-mgr-expired", back)])).json.results,
      ...(await server.post(desk, [entry(book("exp-2"), "bd-desk-expired", back)])).json.results,
    ];
    for (const v of results) {
      assert.deepEqual(codes(v), ["permission_denied@now"], JSON.stringify(v));
      assert.deepEqual(v.errors[0].params.atServer.errors, ["credit_expired"]);
      assert.equal(v.errors[0].params.permission, undefined, "no permission gives it");
    }
    const snap = (await server.call("GET", "/api/snapshot", { cookie: mgr })).json.snapshot;
    assert.equal(byId(snap.credits).k48.status, "available");
  });

  test("a refusal at now is final like any other", async () => {
    const again = await server.post(desk, [entry({ type: "cancelBooking", bookingId: "b2" }, "bd-desk-cancel", back)]);
    assert.equal(again.json.results[0].duplicate, true);
    assert.deepEqual(codes(again.json.results[0]), ["permission_denied@now"]);
  });
});
