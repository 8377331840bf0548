// Issue 18, point 5: a stranger must not lock staff out. Failures count per staff id and address
// (or per device that signed in as that staff id before), per address, and per staff id from
// devices it does not know, each with growing delays. Other client addresses are other loopback
// addresses (127.0.0.2, …). And the database file is its owner's alone (0600).
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { startServer, tempDb, entry, T0 } from "./helpers.mjs";

const signIn = (server, from, staffId, pin, cookie) =>
  server.raw("POST", "/api/session", { from, body: { staffId, pin }, headers: cookie ? { cookie } : {} });
const deviceCookie = (r) => (r.headers["set-cookie"] || []).find((c) => c.startsWith("sc_device="))?.split(";")[0];

test("a stranger's wrong PINs from many addresses do not lock out the usual device", async () => {
  const server = await startServer();
  try {
    const first = await signIn(server, "127.0.0.1", "desk-1", "1234");
    assert.equal(first.status, 200);
    const device = deviceCookie(first);
    assert.ok(device, "a device cookie comes with a successful sign-in");
    assert.match(first.headers["set-cookie"].find((c) => c.startsWith("sc_device=")), /HttpOnly; SameSite=Strict/);

    // 30 wrong PINs for desk-1 from six other addresses
    const statuses = [];
    for (let a = 2; a <= 7; a++) {
      for (let i = 0; i < 5; i++) statuses.push((await signIn(server, `127.0.0.${a}`, "desk-1", `00${a}${i}`)).status);
    }
    assert.ok(statuses.includes(429), "the stranger is slowed down");
    assert.equal((await signIn(server, "127.0.0.2", "desk-1", "1234")).status, 429, "even with the right PIN, from the stranger's address");
    // a device desk-1 never used, anywhere, waits too (the staff id's limit for unknown devices)
    const unknown = await signIn(server, "127.0.0.9", "desk-1", "1234");
    assert.equal(unknown.status, 429);
    assert.ok(Number(unknown.headers["retry-after"]) > 0);

    // the usual device signs in with the right PIN
    const usual = await signIn(server, "127.0.0.1", "desk-1", "1234", device);
    assert.equal(usual.status, 200, usual.text);
    // and at another address (a laptop on another network): the device, not the address, counts
    assert.equal((await signIn(server, "127.0.0.8", "desk-1", "1234", device)).status, 200);
    // a device cookie of another staff id is no help
    assert.equal((await signIn(server, "127.0.0.9", "desk-1", "1234", (await signInCookie(server, "mgr-1", "9876")))).status, 429);
  } finally {
    await server.stop();
  }
});

async function signInCookie(server, staffId, pin) {
  return deviceCookie(await signIn(server, "127.0.0.1", staffId, pin));
}

test("one address cannot lock out every account: it locks out itself", async () => {
  const server = await startServer();
  try {
    for (const id of ["desk-1", "staff-1", "mgr-1", "own-1"]) {
      for (let i = 0; i < 5; i++) await signIn(server, "127.0.0.5", id, `99${i}`);
    }
    // that address is refused for anyone
    assert.equal((await signIn(server, "127.0.0.5", "own-1", "2468")).status, 429);
    // every staff member still signs in from their own address, without a device cookie
    for (const [id, pin] of [["desk-1", "1234"], ["staff-1", "5678"], ["mgr-1", "9876"], ["own-1", "2468"]]) {
      assert.equal((await signIn(server, "127.0.0.1", id, pin)).status, 200, id);
    }
  } finally {
    await server.stop();
  }
});

test("the delays grow: 1 s after the free failures, then 2 s, then 4 s", async () => {
  const server = await startServer();
  try {
    for (let i = 0; i < 5; i++) assert.equal((await signIn(server, "127.0.0.3", "staff-1", `11${i}`)).status, 401);
    const waits = [];
    for (let round = 0; round < 3; round++) {
      const r = await signIn(server, "127.0.0.3", "staff-1", "1100");
      assert.equal(r.status, 429);
      const wait = Number(r.headers["retry-after"]);
      waits.push(wait);
      assert.ok(wait <= 4, `Retry-After ${wait}: a growing delay, not a lockout`); // and bounds the sleep
      await new Promise((res) => setTimeout(res, wait * 1000 + 100));
      assert.equal((await signIn(server, "127.0.0.3", "staff-1", `12${round}`)).status, 401, "let through once the wait is over");
    }
    assert.deepEqual(waits, [1, 2, 4]);
  } finally {
    await server.stop();
  }
});

test("the database file and its -wal and -shm are 0600, also when the file existed as 0644", async () => {
  const dbFile = tempDb();
  fs.writeFileSync(dbFile, "");
  fs.chmodSync(dbFile, 0o644);
  const server = await startServer({ dbFile, env: { SERVER_NOW: T0 } });
  try {
    const mgr = await server.signIn("mgr-1", "9876");
    await server.post(mgr, [entry({ type: "expireCredits" }, "perm-1", T0)]);
    for (const f of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`]) {
      assert.equal((fs.statSync(f).mode & 0o777).toString(8), "600", f);
    }
  } finally {
    await server.stop();
  }
});
