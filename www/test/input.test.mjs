// Issue 18, point 3: input is checked before it is stored. A 1 MiB commandId, a command carrying
// megabytes of unknown fields, or one nested 10,000 deep is refused without being stored (so
// nothing of it is replayed at start), and one bad entry never stops the entries after it.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, entry, Database, T0 } from "./helpers.mjs";

const grant = (extra = {}) => ({ type: "addCredits", clientIds: ["c1"], sessionTypeId: "yoga", quantity: 1, reason: "input test", ...extra });
const codes = (v) => v.errors.map((e) => `${e.code}@${e.path}`);

describe("queued entries are checked before they are stored", () => {
  let server, mgr;
  before(async () => {
    server = await startServer({ env: { SERVER_NOW: T0 } });
    mgr = await server.signIn("mgr-1", "9876");
  });
  after(() => server.stop());

  /** The longest command and commandId the database holds, in refusals and accepted commands. */
  const stored = () => {
    const db = new Database(server.dbFile, { readonly: true });
    try {
      return db.prepare(`SELECT max(n) AS command, max(id) AS commandId FROM (
        SELECT length(command) AS n, length(command_id) AS id FROM refusals UNION ALL
        SELECT length(command), length(command_id) FROM commands)`).get();
    } finally {
      db.close();
    }
  };

  test("a 1 MiB commandId is refused too_long, not echoed, not stored", async () => {
    const huge = "x".repeat(1 << 20);
    const r = await server.post(mgr, [entry(grant(), huge, T0), entry({ type: "expireCredits" }, huge, "no instant")]);
    assert.equal(r.status, 200);
    assert.ok(r.text.length < 4096, `answer of ${r.text.length} characters`);
    for (const v of r.json.results) {
      assert.equal(v.commandId, null);
      assert.deepEqual(codes(v), ["too_long@commandId"]);
      assert.equal(v.errors[0].params.max, 64);
    }
    assert.ok((stored().commandId ?? 0) <= 64);
  });

  test("64 characters are accepted, 65 are not; control characters are refused", async () => {
    const r = await server.post(mgr, [
      entry(grant(), "a".repeat(64), T0),
      entry(grant(), "b".repeat(65), T0),
      entry(grant(), "line\nbreak", T0),
      entry(grant(), "nul\u0000", T0),
      entry(grant(), "half\ud800", T0),
    ]);
    const [ok, long, ...bad] = r.json.results;
    assert.equal(ok.ok, true, JSON.stringify(ok));
    assert.deepEqual(codes(long), ["too_long@commandId"]);
    for (const v of bad) assert.deepEqual(codes(v), ["invalid_input@commandId"], JSON.stringify(v));
  });

  test("5 MiB of unknown fields is refused too_long and not stored; a small unknown field is only warned about", async () => {
    const r = await server.post(mgr, [
      entry(grant({ junk: "j".repeat(5 << 20) }), "junk-big", T0),
      entry(grant({ note2: "small" }), "junk-small", T0),
    ]);
    const [big, small] = r.json.results;
    assert.deepEqual(codes(big), ["too_long@"]);
    assert.equal(big.errors[0].params.max, 64 * 1024);
    assert.equal(small.ok, true, JSON.stringify(small));
    assert.ok(stored().command <= 64 * 1024, `longest stored command: ${stored().command}`);
  });

  test("a command nested 10,000 deep is refused; the entries after it are judged; sent again, the same", async () => {
    const deep = "[".repeat(10_000) + "]".repeat(10_000);
    const body = `{"commands":[{"command":{"type":"book","x":${deep}},"ctx":{"commandId":"deep-1","now":"${T0}"}},` +
      `{"command":${JSON.stringify(grant())},"ctx":{"commandId":"after-deep","now":"${T0}"}}]}`;
    for (let i = 0; i < 2; i++) {
      const r = await server.call("POST", "/api/commands", { cookie: mgr, body });
      assert.equal(r.status, 200, r.text.slice(0, 200));
      const [deepV, after] = r.json.results;
      assert.deepEqual(codes(deepV), ["invalid_input@"]);
      assert.equal(deepV.errors[0].params.maxDepth, 32);
      assert.equal(after.ok, true);
      assert.equal(after.duplicate, i === 1 ? true : undefined);
    }
  });

  test("a now with a megabyte of fraction digits is invalid_date, not stored", async () => {
    const r = await server.post(mgr, [entry(grant(), "long-now", `2026-11-24T17:00:00.${"0".repeat(1 << 20)}Z`)]);
    assert.deepEqual(codes(r.json.results[0]), ["invalid_date@now"]);
    assert.ok(r.text.length < 4096);
    assert.ok(stored().command <= 64 * 1024);
  });

  test("after a restart nothing big is replayed and the accepted ones are there", async () => {
    await server.stop();
    server = await startServer({ dbFile: server.dbFile, env: { SERVER_NOW: T0 } });
    assert.match(server.output(), /3 accepted commands replayed/);
  });
});
