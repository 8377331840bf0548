// Sign-in, session cookie, protected endpoints, rate limits and health, against the real server.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { version } from "session-credits";
import { startServer, entry, at, T0, HOUR } from "./helpers.mjs";

const PROTECTED = [
  ["GET", "/api/snapshot"],
  ["GET", "/api/changes"],
  ["GET", "/api/changes?since=0"],
  ["GET", "/api/ledger"],
  ["POST", "/api/commands"],
  ["GET", "/api/no-such-endpoint"],
];

describe("sign-in and sessions", () => {
  let server;
  before(async () => { server = await startServer({ env: { SERVER_NOW: T0 } }); });
  after(() => server.stop());

  test("health answers { ok, version, now } without a session", async () => {
    const r = await server.call("GET", "/api/health");
    assert.equal(r.status, 200);
    assert.deepEqual(Object.keys(r.json).sort(), ["now", "ok", "version"]);
    assert.equal(r.json.ok, true);
    assert.equal(r.json.version, version());
    assert.equal(r.json.now, T0); // the studio's clock (pinned here)
  });

  test("a right PIN answers 200 with an HttpOnly, SameSite=Strict, Path=/ session cookie", async () => {
    const r = await server.call("POST", "/api/session", { body: { staffId: "desk-1", pin: "1234" } });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json.staff, { id: "desk-1", name: "Front desk", role: "frontdesk" });
    assert.ok(Date.parse(r.json.expiresAt) > Date.now());
    // the session cookie, and the device cookie (sign-in limits)
    const cookies = r.headers.getSetCookie().filter((c) => c.startsWith("sc_session="));
    assert.equal(cookies.length, 1);
    const [pair, ...attrs] = cookies[0].split(";").map((s) => s.trim());
    const [name, token] = pair.split("=");
    assert.equal(name, "sc_session");
    assert.ok(token.length >= 43, "at least 32 random bytes");
    assert.ok(attrs.includes("HttpOnly"), cookies[0]);
    assert.ok(attrs.includes("SameSite=Strict"), cookies[0]);
    assert.ok(attrs.includes("Path=/"), cookies[0]);
    assert.ok(attrs.some((a) => /^Max-Age=[1-9]\d*$/.test(a)), cookies[0]);
    // the session is known, and whose it is
    const me = await server.call("GET", "/api/session", { cookie: pair });
    assert.equal(me.status, 200);
    assert.equal(me.json.staff.id, "desk-1");
    assert.equal((await server.call("GET", "/api/snapshot", { cookie: pair })).status, 200);
  });

  test("session ids are random: two sign-ins get different tokens", async () => {
    const a = await server.signIn("mgr-1", "9876");
    const b = await server.signIn("mgr-1", "9876");
    assert.notEqual(a, b);
  });

  test("a wrong PIN or an unknown staff id answers 401 and sets no cookie", async () => {
    for (const body of [{ staffId: "desk-1", pin: "0000" }, { staffId: "nobody", pin: "1234" }, { staffId: "mgr-1", pin: "1234" }]) {
      const r = await server.call("POST", "/api/session", { body });
      assert.equal(r.status, 401, JSON.stringify(body));
      assert.equal(r.json.error, "invalid_credentials");
      assert.deepEqual(r.headers.getSetCookie(), []);
    }
  });

  test("a malformed sign-in answers 400", async () => {
    assert.equal((await server.call("POST", "/api/session", { body: { staffId: "desk-1" } })).status, 400);
    assert.equal((await server.call("POST", "/api/session", { body: { staffId: "desk-1", pin: 1234 } })).status, 400);
    assert.equal((await server.call("POST", "/api/session", { body: "{", headers: { "content-type": "application/json" } })).status, 400);
  });

  test("every protected endpoint answers 401 without a session, and with a forged or ended one", async () => {
    const ended = await server.signIn("desk-1", "1234");
    const out = await server.call("DELETE", "/api/session", { cookie: ended });
    assert.equal(out.status, 204);
    assert.match(out.headers.getSetCookie()[0], /^sc_session=; .*Max-Age=0/);
    const forged = "sc_session=" + "A".repeat(43);
    for (const cookie of [undefined, forged, ended]) {
      for (const [method, p] of PROTECTED) {
        const r = await server.call(method, p, { cookie, body: method === "POST" ? { commands: [] } : undefined });
        assert.equal(r.status, 401, `${method} ${p} with ${cookie}`);
        assert.equal(r.json.error, "unauthorized");
      }
    }
    assert.equal((await server.call("GET", "/api/session", { cookie: ended })).status, 401);
  });

  test("writes from another origin or not as JSON are refused", async () => {
    const cookie = await server.signIn("mgr-1", "9876");
    const cross = await server.call("POST", "/api/commands", { cookie, body: { commands: [] }, headers: { origin: "http://evil.example" } });
    assert.equal(cross.status, 403);
    const same = await server.call("POST", "/api/commands", { cookie, body: { commands: [] }, headers: { origin: server.base } });
    assert.equal(same.status, 200);
    const form = await server.call("POST", "/api/commands", { cookie, body: "commands=[]", headers: { "content-type": "application/x-www-form-urlencoded" } });
    assert.equal(form.status, 415);
  });

  test("the dashboard is served with the strict CSP", async () => {
    const r = await server.call("GET", "/");
    assert.equal(r.headers.get("content-security-policy"), "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; frame-ancestors 'none'");
    assert.equal(r.headers.get("x-frame-options"), "DENY");
  });
});

describe("sign-in rate limits", () => {
  test("per staff id: after 5 wrong PINs even the right one answers 429 with Retry-After; others still sign in", async () => {
    const server = await startServer();
    try {
      for (let i = 0; i < 5; i++) {
        assert.equal((await server.call("POST", "/api/session", { body: { staffId: "desk-1", pin: `000${i}` } })).status, 401);
      }
      const r = await server.call("POST", "/api/session", { body: { staffId: "desk-1", pin: "1234" } });
      assert.equal(r.status, 429);
      assert.equal(r.json.error, "too_many_attempts");
      const retry = Number(r.headers.get("retry-after"));
      assert.ok(Number.isInteger(retry) && retry > 0 && retry <= 900, `Retry-After ${retry}`);
      assert.deepEqual(r.headers.getSetCookie(), []);
      assert.equal((await server.call("POST", "/api/session", { body: { staffId: "mgr-1", pin: "9876" } })).status, 200);
    } finally {
      await server.stop();
    }
  });

  test("per address: 20 failures over many staff ids lock the address out", async () => {
    const server = await startServer();
    try {
      for (let i = 0; i < 20; i++) {
        assert.equal((await server.call("POST", "/api/session", { body: { staffId: `guess-${i}`, pin: "1111" } })).status, 401);
      }
      const r = await server.call("POST", "/api/session", { body: { staffId: "mgr-1", pin: "9876" } });
      assert.equal(r.status, 429);
      assert.ok(Number(r.headers.get("retry-after")) > 0);
    } finally {
      await server.stop();
    }
  });

  test("parallel guesses count as they start: no burst slips past the limit", async () => {
    const server = await startServer();
    try {
      const answers = await Promise.all(Array.from({ length: 12 }, (_, i) =>
        server.call("POST", "/api/session", { body: { staffId: "own-1", pin: `99${i}` } })));
      const statuses = answers.map((a) => a.status);
      assert.equal(statuses.filter((s) => s === 401).length, 5, statuses.join(","));
      assert.equal(statuses.filter((s) => s === 429).length, 7, statuses.join(","));
    } finally {
      await server.stop();
    }
  });
});

describe("configuration", () => {
  test("a session past its expiry is refused (SESSION_HOURS=0: expired at once)", async () => {
    const server = await startServer({ env: { SESSION_HOURS: "0" } });
    try {
      const r = await server.call("POST", "/api/session", { body: { staffId: "mgr-1", pin: "9876" } });
      assert.equal(r.status, 200);
      const cookie = r.headers.getSetCookie()[0].split(";")[0];
      assert.equal((await server.call("GET", "/api/snapshot", { cookie })).status, 401);
    } finally {
      await server.stop();
    }
  });

  test("OFFLINE_WINDOW_HOURS and CLOCK_SKEW_SECONDS set the window around the server's clock", async () => {
    const server = await startServer({ env: { SERVER_NOW: T0, OFFLINE_WINDOW_HOURS: "2", CLOCK_SKEW_SECONDS: "10" } });
    try {
      const mgr = await server.signIn("mgr-1", "9876");
      const expire = { type: "expireCredits" };
      const r = await server.post(mgr, [
        entry(expire, "w-3h", at(T0, -3 * HOUR)),
        entry(expire, "w-1h", at(T0, -1 * HOUR)),
        entry(expire, "w+20s", at(T0, 20_000)),
        entry(expire, "w+5s", at(T0, 5_000)),
      ]);
      assert.deepEqual(r.json.results.map((v) => v.ok), [false, true, false, true]);
      assert.equal(r.json.results[0].errors[0].params.offlineWindowHours, 2);
      assert.equal(r.json.results[2].errors[0].params.maxSkewSeconds, 10);
    } finally {
      await server.stop();
    }
  });
});
