// Issue 18, point 6: framing refused, Host checked (DNS rebinding), the ledger and the changes
// feed paged, and a batch command counted as one action against maxCreditsPerAction.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { Engine } from "session-credits";
import { startServer, entry, Database, T0 } from "./helpers.mjs";

const grant = (n, clientId = "c1") => ({ type: "addCredits", clientIds: [clientId], sessionTypeId: "yoga", quantity: n, reason: "misc test" });
const codes = (v) => v.errors.map((e) => `${e.code}@${e.path}`);

describe("headers and Host", () => {
  let server;
  before(async () => { server = await startServer({ env: { SERVER_NOW: T0 } }); });
  after(() => server.stop());

  test("every answer forbids framing", async () => {
    for (const p of ["/", "/api/health", "/api/snapshot"]) {
      const r = await server.call("GET", p);
      assert.match(r.headers.get("content-security-policy"), /frame-ancestors 'none'/, p);
      assert.equal(r.headers.get("x-frame-options"), "DENY", p);
    }
  });

  test("a Host this server is not reached by is 421, on the API and the pages", async () => {
    for (const host of ["evil.example", `evil.example:${server.port}`, "127.0.0.1.evil.example"]) {
      for (const p of ["/api/health", "/"]) {
        const r = await server.raw("GET", p, { headers: { host } });
        assert.equal(r.status, 421, `${host} ${p}`);
      }
    }
    const signIn = await server.raw("POST", "/api/session", { headers: { host: "evil.example" }, body: { staffId: "mgr-1", pin: "9876" } });
    assert.equal(signIn.status, 421);
    assert.equal(signIn.headers["set-cookie"], undefined);
    for (const host of [`127.0.0.1:${server.port}`, `localhost:${server.port}`, "localhost"]) {
      assert.equal((await server.raw("GET", "/api/health", { headers: { host } })).status, 200, host);
    }
  });

  test("ALLOWED_HOSTS adds names", async () => {
    const other = await startServer({ env: { SERVER_NOW: T0, ALLOWED_HOSTS: "studio.example, desk.example" } });
    try {
      assert.equal((await other.raw("GET", "/api/health", { headers: { host: "studio.example" } })).status, 200);
      assert.equal((await other.raw("GET", "/api/health", { headers: { host: "evil.example" } })).status, 421);
    } finally {
      await other.stop();
    }
  });
});

describe("paged feeds", () => {
  let server, mgr;
  before(async () => {
    server = await startServer({ env: { SERVER_NOW: T0 } });
    mgr = await server.signIn("mgr-1", "9876");
    const r = await server.post(mgr, Array.from({ length: 450 }, (_, i) => entry(grant(1, i % 2 ? "c1" : "c2"), `pg-${i}`, T0)));
    assert.ok(r.json.results.every((v) => v.ok));
  });
  after(() => server.stop());

  test("the ledger answers at most 200 records a page, with the cursor of the next page", async () => {
    const first = (await server.call("GET", "/api/ledger", { cookie: mgr })).json;
    assert.equal(first.records.length, 200);
    assert.equal(first.cursor, 200);
    assert.equal(first.more, true);
    const all = await server.ledger(mgr);
    assert.deepEqual(all.map((x) => x.seq), Array.from({ length: 450 }, (_, i) => i + 1));
    const small = (await server.call("GET", "/api/ledger?since=440&limit=3", { cookie: mgr })).json;
    assert.deepEqual(small.records.map((x) => x.seq), [441, 442, 443]);
    assert.equal(small.cursor, 443);
    const end = (await server.call("GET", "/api/ledger?since=450", { cookie: mgr })).json;
    assert.deepEqual([end.records.length, end.cursor, end.more], [0, 450, false]);
    for (const bad of ["0", "201", "x", "-1"]) {
      assert.equal((await server.call("GET", `/api/ledger?limit=${bad}`, { cookie: mgr })).status, 400, bad);
    }
  });

  test("the changes feed in pages patches to the same state as in one", async () => {
    const snap0 = await server.call("GET", "/api/snapshot", { cookie: mgr });
    const { policy } = snap0.json;
    const paged = Engine.fromJson(JSON.stringify(policy), JSON.stringify(startSnapshot(server)));
    let since = 0, pages = 0;
    for (;;) {
      const r = (await server.call("GET", `/api/changes?since=${since}&limit=100`, { cookie: mgr })).json;
      paged.patch(r.changes);
      pages++;
      since = r.cursor;
      if (!r.more) break;
    }
    assert.equal(pages, 5);
    assert.equal(since, 450);
    assert.deepEqual(paged.snapshot(), snap0.json.snapshot);
    assert.equal((await server.call("GET", "/api/changes?limit=1001", { cookie: mgr })).status, 400);
  });
});

// the starting snapshot: the server's, before any command (stored in its database)
function startSnapshot(server) {
  const db = new Database(server.dbFile, { readonly: true });
  try {
    return JSON.parse(db.prepare("SELECT value FROM meta WHERE key = 'snapshot'").pluck().get());
  } finally {
    db.close();
  }
}

describe("maxCreditsPerAction counts a batch command as one action", () => {
  let server, staff, mgr;
  before(async () => {
    server = await startServer({ env: { SERVER_NOW: T0 } });
    staff = await server.signIn("staff-1", "5678"); // staff: at most 5 credits per action
    mgr = await server.signIn("mgr-1", "9876");
  });
  after(() => server.stop());

  test("a staff batch of three grants of 5 is limit_exceeded; 2 + 3 is accepted; a manager has no limit", async () => {
    const r = await server.post(staff, [
      entry({ type: "batch", commands: [grant(5), grant(5), grant(5)] }, "b-15", T0),
      entry({ type: "batch", commands: [grant(2), grant(3)] }, "b-5", T0),
      entry(grant(6), "single-6", T0),
    ]);
    const [fifteen, five, six] = r.json.results;
    assert.deepEqual(codes(fifteen), ["limit_exceeded@commands"]);
    assert.deepEqual(fifteen.errors[0].params, { max: 5, total: 15 });
    assert.equal(five.ok, true, JSON.stringify(five));
    assert.deepEqual(codes(six), ["limit_exceeded@quantity"], "the engine's own check of one command");
    const m = await server.post(mgr, [entry({ type: "batch", commands: [grant(5), grant(5), grant(5)] }, "m-15", T0)]);
    assert.equal(m.json.results[0].ok, true);
  });
});
