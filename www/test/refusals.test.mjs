// A verdict, once given, is final: a refused command sent again (a retry, a copy of the request
// the network delivered late) gets the same refusal, even when the state has changed so that it
// would now be accepted. Found by the simulation (seed 1005, 150 steps): a desk was told
// "refused", and a late copy of its earlier request was accepted afterwards.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, entry, T0 } from "./helpers.mjs";

const pay = { type: "assignCredit", bookingId: "later-1" }; // refused while later-1 does not exist
const book = { type: "book", clientId: "c1", sessionTypeId: "yoga", startsAt: "2026-11-27T17:00:00Z", bookingId: "later-1", credit: "none" };

describe("a refusal is final", () => {
  let server, mgr;
  before(async () => {
    server = await startServer({ env: { SERVER_NOW: T0 } });
    mgr = await server.signIn("mgr-1", "9876");
  });
  after(() => server.stop());

  test("a refused command sent again after the state changed is refused again, not applied", async () => {
    const first = await server.post(mgr, [entry(pay, "late-1", T0)]);
    const [v] = first.json.results;
    assert.equal(v.ok, false);
    assert.deepEqual(v.errors.map((e) => `${e.code}@${e.path}`), ["unknown_booking@bookingId"]);
    assert.equal(v.duplicate, undefined);

    assert.equal((await server.post(mgr, [entry(book, "late-2", T0)])).json.results[0].ok, true);
    const cursor = (await server.call("GET", "/api/changes?since=0", { cookie: mgr })).json.cursor;

    const again = await server.post(mgr, [entry(pay, "late-1", T0)]);
    assert.deepEqual(again.json.results, [{ ...v, duplicate: true }]);
    assert.equal(again.json.cursor, cursor, "nothing applied");
    const ledger = (await server.call("GET", "/api/ledger", { cookie: mgr })).json;
    assert.ok(!ledger.records.some((r) => r.commandId === "late-1"));
  });

  test("the refusal survives a restart; another command under its id is duplicate@commandId", async () => {
    await server.kill9();
    server = await startServer({ dbFile: server.dbFile, env: { SERVER_NOW: T0 } });
    const r = await server.post(mgr, [entry(pay, "late-1", T0), entry({ type: "expireCredits" }, "late-1", T0)]);
    const [same, other] = r.json.results;
    assert.equal(same.ok, false);
    assert.equal(same.duplicate, true);
    assert.deepEqual(same.errors.map((e) => `${e.code}@${e.path}`), ["unknown_booking@bookingId"]);
    assert.equal(other.ok, false);
    assert.deepEqual(other.errors.map((e) => `${e.code}@${e.path}`), ["duplicate@commandId"]);
  });

  test("a command refused for its clock is final too", async () => {
    const ahead = new Date(Date.parse(T0) + 10 * 60_000).toISOString().replace(".000Z", "Z");
    const first = (await server.post(mgr, [entry({ type: "expireCredits" }, "clock-1", ahead)])).json.results[0];
    assert.deepEqual(first.errors.map((e) => `${e.code}@${e.path}`), ["invalid_date@now"]);
    const again = (await server.post(mgr, [entry({ type: "expireCredits" }, "clock-1", ahead)])).json.results[0];
    assert.deepEqual(again, { ...first, duplicate: true });
  });
});
