// Sync server for the session-credits dashboard (node:http, better-sqlite3; no framework).
//
//   node www/server.mjs     → http://127.0.0.1:8080
//
// Environment: PORT (8080), HOST (127.0.0.1), DB_FILE (www/studio.db), OFFLINE_WINDOW_HOURS (72),
// CLOCK_SKEW_SECONDS (120), SESSION_HOURS (12), COOKIE_SECURE (1 behind HTTPS), SERVER_NOW (pins
// the studio's clock to an instant: tests and demos of a given day), LOGIN_MAX_PER_STAFF (5),
// LOGIN_MAX_PER_ADDRESS (20), LOGIN_MAX_PER_STAFF_ANYWHERE (10), LOGIN_WINDOW_SECONDS (900),
// ALLOWED_HOSTS (names besides localhost, 127.0.0.1, [::1] and HOST), SERVER_CRASH_AFTER_COMMITS
// (tests only: SIGKILL itself after that many accepted commands).
//
// Staff sign in (POST /api/session) and every queued command is judged as that staff member, at a
// `now` the server's clock allows. State: SQLite (server/store.mjs); the engine is rebuilt at start
// from the stored starting snapshot plus a replay of the accepted commands (server/studio.mjs).
// The HTTP API is documented in www/README.md.

import "./server/no-opt.mjs";
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { version } from "session-credits";
import { openStore } from "./server/store.mjs";
import crypto from "node:crypto";
import { Studio, SAMPLE_STAFF, parseInstant, isoSecond, MAX_CHANGES_PAGE, MAX_LEDGER_PAGE } from "./server/studio.mjs";
import { Backoff, deviceOf, deviceToken, dummyCredentials, newSessionToken, pinMatches, tokenHash } from "./server/auth.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const env = process.env;
const num = (v, dflt) => (v === undefined || v === "" ? dflt : Number(v));

const config = {
  port: num(env.PORT, 8080),
  host: env.HOST || "127.0.0.1",
  dbFile: path.resolve(env.DB_FILE || path.join(here, "studio.db")),
  offlineWindowHours: num(env.OFFLINE_WINDOW_HOURS, 72),
  maxSkewSeconds: num(env.CLOCK_SKEW_SECONDS, 120),
  sessionHours: num(env.SESSION_HOURS, 12),
  cookieSecure: env.COOKIE_SECURE === "1",
  serverNow: env.SERVER_NOW || null,
  loginMaxPerStaff: num(env.LOGIN_MAX_PER_STAFF, 5),
  loginMaxPerAddress: num(env.LOGIN_MAX_PER_ADDRESS, 20),
  loginMaxPerStaffAnywhere: num(env.LOGIN_MAX_PER_STAFF_ANYWHERE, 10),
  loginWindowSeconds: num(env.LOGIN_WINDOW_SECONDS, 900),
  allowedHosts: (env.ALLOWED_HOSTS || "").split(",").map((h) => h.trim().toLowerCase()).filter(Boolean),
  crashAfterCommits: num(env.SERVER_CRASH_AFTER_COMMITS, 0),
};
for (const k of ["port", "crashAfterCommits", "offlineWindowHours", "maxSkewSeconds", "sessionHours", "loginMaxPerStaff", "loginMaxPerAddress", "loginMaxPerStaffAnywhere", "loginWindowSeconds"]) {
  if (!Number.isFinite(config[k]) || config[k] < 0) fail(`${k} must be a non-negative number`);
}
const pinnedNow = config.serverNow === null ? null : parseInstant(config.serverNow);
if (Number.isNaN(pinnedNow)) fail(`SERVER_NOW=${config.serverNow} is not an RFC 3339 instant`);
/** The studio's clock: real time, or SERVER_NOW. Sessions and rate limits always use real time. */
const clock = pinnedNow === null ? () => Date.now() : () => pinnedNow;

function fail(message) {
  console.error(`server: ${message}`);
  process.exit(1);
}

const DIST = path.join(here, "dist");
// Per route, checked against Content-Length before reading and counted while reading. A queue of
// MAX_COMMANDS_PER_REQUEST ordinary commands is ~0.3 MiB; 8 MiB leaves room for bulk commands.
const BODY_LIMITS = { "/api/session": 4 * 1024, "/api/commands": 8 * 1024 * 1024 };
const BODY_LIMIT_OTHER = 1024;
// Before a 413 the rest of the body is read and thrown away (so the client, still sending, reads
// the answer instead of a reset), up to this much; beyond it the connection is cut.
const DRAIN_MAX = 64 * 1024 * 1024;
const COOKIE = "sc_session";
const DEVICE_COOKIE = "sc_device";
const DEVICE_DAYS = 180;
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; frame-ancestors 'none'";
// DNS rebinding: a page of another site whose name now resolves to this address sends its own
// name as Host; only the names this server is reached by are answered.
const allowedHosts = new Set(["localhost", "127.0.0.1", "[::1]", ...config.allowedHosts]);
if (!["0.0.0.0", "::", ""].includes(config.host)) allowedHosts.add(config.host.includes(":") ? `[${config.host}]` : config.host.toLowerCase());
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".webmanifest": "application/manifest+json; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
};

// ---- state -----------------------------------------------------------------------------------------

const store = openStore(config.dbFile);
// Tests only (www/test/simulation.test.mjs): SIGKILL this process right after its n-th commit, in
// the middle of a batch, at a point a seed can reproduce (a kill from outside lands anywhere).
let commits = 0;
const afterCommit = config.crashAfterCommits > 0
  ? () => { if (++commits >= config.crashAfterCommits) process.kill(process.pid, "SIGKILL"); }
  : undefined;
const studio = new Studio(store, { clock, maxSkewSeconds: config.maxSkewSeconds, offlineWindowHours: config.offlineWindowHours, log: console.log, afterCommit });
await studio.initializeIfNew();
let replayed;
try {
  replayed = studio.restore();
} catch (e) {
  fail(e.message);
}
store.dropExpiredSessions(Date.now());
setInterval(() => store.dropExpiredSessions(Date.now()), 3_600_000).unref();

// www/README.md, "Sign-in limits": per staff id and address (or per known device), per address,
// and per staff id from devices it does not know; each with growing delays.
const backoff = (free) => new Backoff({ free, maxDelayMs: config.loginWindowSeconds * 1000, forgetMs: config.loginWindowSeconds * 1000 });
const limits = {
  pair: backoff(config.loginMaxPerStaff),
  address: backoff(config.loginMaxPerAddress),
  staff: backoff(config.loginMaxPerStaffAnywhere),
};
const deviceSecret = Buffer.from(store.metaOrSet("deviceSecret", () => crypto.randomBytes(32).toString("base64")), "base64");

// ---- http helpers ----------------------------------------------------------------------------------

class HttpError extends Error {
  constructor(status, error, message, extra = {}) {
    super(message);
    Object.assign(this, { status, error, extra });
  }
}

function send(res, status, body, type = "application/json; charset=utf-8", extra = {}) {
  const data = body === null ? "" : typeof body === "string" || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  res.writeHead(status, {
    ...(body === null ? {} : { "Content-Type": type }),
    "Content-Security-Policy": CSP,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    ...extra,
  });
  res.end(data);
}
const api = (res, status, body, extra = {}) => send(res, status, body, undefined, { "Cache-Control": "no-store", ...extra });

const tooLarge = (limit) => new HttpError(413, "too_large", `The body is larger than ${limit} bytes, the most this endpoint reads.`, { max: limit });

function bodyLimit(pathname) {
  return BODY_LIMITS[pathname] ?? BODY_LIMIT_OTHER;
}

// Refused before a byte of the body is read when its declared length is over the limit.
function checkDeclaredLength(req, limit) {
  const declared = Number(req.headers["content-length"]);
  if (declared > limit) throw tooLarge(limit);
}

function readBody(req, limit) {
  checkDeclaredLength(req, limit);
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    const onData = (c) => {
      size += c.length;
      if (size > limit) {
        req.off("data", onData);
        chunks.length = 0;
        reject(tooLarge(limit));
        return;
      }
      chunks.push(c);
    };
    req.on("data", onData);
    req.on("end", () => { if (size <= limit) resolve(Buffer.concat(chunks).toString("utf8")); });
    req.on("error", reject);
  });
}

/**
 * Reads the rest of a refused body and drops it, before the 413 is sent: closing a connection
 * with unread data resets it, and the client, still sending, would see the reset instead of the
 * answer. Up to DRAIN_MAX (declared or counted); false when more was coming.
 */
function drain(req) {
  return new Promise((resolve) => {
    if (req.readableEnded) return resolve(true);
    if (Number(req.headers["content-length"]) > DRAIN_MAX) return resolve(false);
    let drained = 0;
    const done = (all) => {
      req.off("data", onData);
      resolve(all);
    };
    const onData = (c) => {
      drained += c.length;
      if (drained > DRAIN_MAX) done(false);
    };
    req.on("data", onData);
    req.once("end", () => done(true));
    req.once("close", () => done(false));
    req.resume();
  });
}

async function readJson(req, limit) {
  const type = (req.headers["content-type"] || "").split(";")[0].trim().toLowerCase();
  // also keeps plain HTML forms (no preflight) from posting here
  if (type !== "application/json") throw new HttpError(415, "unsupported_media_type", "Send the body as application/json.");
  const text = await readBody(req, limit);
  try { return JSON.parse(text); } catch { throw new HttpError(400, "bad_request", "The body is not JSON."); }
}

function hostAllowed(req) {
  const host = req.headers.host;
  if (typeof host !== "string") return false;
  try {
    return allowedHosts.has(new URL(`http://${host}`).hostname.toLowerCase());
  } catch {
    return false;
  }
}

// Defence in depth next to SameSite=Strict: a browser's cross-origin write is refused.
function checkOrigin(req) {
  const origin = req.headers.origin;
  if (!origin || req.method === "GET" || req.method === "HEAD") return;
  let host;
  try { host = new URL(origin).host; } catch { host = null; }
  if (host !== req.headers.host) throw new HttpError(403, "forbidden", "Cross-origin requests are not accepted.");
}

function cookieToken(req, name = COOKIE) {
  for (const part of (req.headers.cookie || "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

function sessionCookie(token, maxAgeSeconds) {
  return `${COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${config.cookieSecure ? "; Secure" : ""}`;
}

function currentStaff(req) {
  const token = cookieToken(req);
  if (!token) return null;
  const row = store.session(tokenHash(token), Date.now());
  return row ? { id: row.id, name: row.name, role: row.role, expiresAt: new Date(row.expiresAt).toISOString() } : null;
}

function limitParam(url, max) {
  const v = url.searchParams.get("limit");
  if (v === null || v === "") return max;
  if (!/^\d{1,6}$/.test(v) || Number(v) < 1 || Number(v) > max) throw new HttpError(400, "bad_request", `limit must be a whole number from 1 to ${max}.`);
  return Number(v);
}

function cursorParam(url, name) {
  const v = url.searchParams.get(name);
  if (v === null || v === "") return 0;
  if (!/^\d{1,15}$/.test(v)) throw new HttpError(400, "bad_request", `${name} must be a cursor (a whole number ≥ 0).`);
  return Number(v);
}

function allow(req, ...methods) {
  if (!methods.includes(req.method)) {
    throw new HttpError(405, "method_not_allowed", `Use ${methods.join(" or ")}.`, { headers: { Allow: methods.join(", ") } });
  }
}

// ---- endpoints -------------------------------------------------------------------------------------

async function signIn(req, res) {
  const body = await readJson(req, bodyLimit("/api/session"));
  const { staffId, pin } = body && typeof body === "object" ? body : {};
  if (typeof staffId !== "string" || !staffId.trim() || staffId.length > 128 || typeof pin !== "string" || !pin || pin.length > 64) {
    throw new HttpError(400, "bad_request", "Expected { staffId, pin } as strings.");
  }
  const address = req.socket.remoteAddress || "?";
  // a device this staff id signed in from before is limited on its own: a stranger's failures
  // (from anywhere, or from this address) do not lock it out
  const device = deviceOf(deviceSecret, cookieToken(req, DEVICE_COOKIE), staffId);
  const keys = device
    ? [[limits.pair, `device\n${device}`]]
    : [[limits.pair, `${staffId}\n${address}`], [limits.address, address], [limits.staff, staffId]];
  const wait = Math.max(...keys.map(([l, k]) => l.retryAfter(k)));
  if (wait) {
    throw new HttpError(429, "too_many_attempts", `Too many sign-in attempts: try again in ${wait} seconds.`,
      { retryAfter: wait, headers: { "Retry-After": String(wait) } });
  }
  for (const [l, k] of keys) l.begin(k);
  const staff = store.staff(staffId);
  const { salt, hash } = staff || dummyCredentials();
  const matches = await pinMatches(pin, salt, hash);
  if (!staff || !matches) throw new HttpError(401, "invalid_credentials", "Unknown staff id or wrong PIN.");
  keys[0][0].clear(keys[0][1]);
  for (const [l, k] of keys.slice(1)) l.forgive(k);

  const token = newSessionToken();
  const now = Date.now();
  const expiresAt = now + config.sessionHours * 3_600_000;
  store.addSession(tokenHash(token), staff.id, now, expiresAt);
  const cookies = [sessionCookie(token, Math.round(config.sessionHours * 3600))];
  if (!device) {
    cookies.push(`${DEVICE_COOKIE}=${deviceToken(deviceSecret, staff.id)}; Path=/api/session; HttpOnly; SameSite=Strict; Max-Age=${DEVICE_DAYS * 86400}${config.cookieSecure ? "; Secure" : ""}`);
  }
  api(res, 200, { staff: { id: staff.id, name: staff.name, role: staff.role }, expiresAt: new Date(expiresAt).toISOString() },
    { "Set-Cookie": cookies });
}

async function session(req, res) {
  allow(req, "GET", "POST", "DELETE");
  if (req.method === "POST") return signIn(req, res);
  if (req.method === "DELETE") {
    const token = cookieToken(req);
    if (token) store.dropSession(tokenHash(token));
    return api(res, 204, null, { "Set-Cookie": sessionCookie("", 0) });
  }
  const staff = currentStaff(req);
  if (!staff) throw new HttpError(401, "unauthorized", "Not signed in.");
  const { expiresAt, ...who } = staff;
  api(res, 200, { staff: who, expiresAt });
}

async function route(req, res, url) {
  const p = url.pathname;
  if (p === "/api/health") {
    allow(req, "GET", "HEAD");
    return api(res, 200, { ok: true, version: version(), now: isoSecond(clock()) });
  }
  if (p === "/api/session") return session(req, res);

  const staff = currentStaff(req);
  if (!staff) {
    const clear = cookieToken(req) ? { headers: { "Set-Cookie": sessionCookie("", 0) } } : {};
    throw new HttpError(401, "unauthorized", "Sign in first (POST /api/session).", clear);
  }
  switch (p) {
    case "/api/commands": {
      allow(req, "POST");
      const out = await studio.judge(await readJson(req, bodyLimit(p)), staff);
      return api(res, out.status, out.json);
    }
    case "/api/changes": {
      allow(req, "GET");
      const since = cursorParam(url, "since");
      const last = store.lastSeq();
      if (since > last) {
        throw new HttpError(409, "cursor_ahead", `This server has no command after ${last}: start again from GET /api/snapshot.`,
          { cursor: last, studioId: studio.studioId });
      }
      return api(res, 200, studio.changesSince(since, limitParam(url, MAX_CHANGES_PAGE)));
    }
    case "/api/snapshot":
      allow(req, "GET");
      return api(res, 200, studio.snapshot());
    case "/api/ledger":
      allow(req, "GET");
      return api(res, 200, studio.ledger(cursorParam(url, "since"), limitParam(url, MAX_LEDGER_PAGE)));
    default:
      throw new HttpError(404, "not_found", "Unknown endpoint.");
  }
}

function serveStatic(req, res, pathname) {
  if (req.method !== "GET" && req.method !== "HEAD") return send(res, 405, "method not allowed", "text/plain; charset=utf-8", { Allow: "GET, HEAD" });
  if (!fs.existsSync(path.join(DIST, "index.html"))) {
    return send(res, 503, "The dashboard is not built yet: run `npm --prefix www run build`.", "text/plain; charset=utf-8");
  }
  let rel;
  try { rel = decodeURIComponent(pathname); } catch { return send(res, 400, "bad path", "text/plain; charset=utf-8"); }
  let file = path.normalize(path.join(DIST, rel));
  if (file !== DIST && !file.startsWith(DIST + path.sep)) return send(res, 403, "forbidden", "text/plain; charset=utf-8");
  let stat = fs.existsSync(file) ? fs.statSync(file) : null;
  if (stat?.isDirectory()) { file = path.join(file, "index.html"); stat = fs.existsSync(file) ? fs.statSync(file) : null; }
  if (!stat) {
    // client-side routes fall back to the app shell; missing files are 404s
    if (path.extname(rel)) return send(res, 404, "not found", "text/plain; charset=utf-8");
    file = path.join(DIST, "index.html");
  }
  const ext = path.extname(file);
  const cache = rel.startsWith("/assets/") ? "public, max-age=31536000, immutable" : "no-cache";
  const extra = { "Cache-Control": cache };
  if (path.basename(file) === "sw.js") extra["Service-Worker-Allowed"] = "/";
  const body = req.method === "HEAD" ? "" : fs.readFileSync(file);
  send(res, 200, body, TYPES[ext] || "application/octet-stream", extra);
}

const server = http.createServer(async (req, res) => {
  if (!hostAllowed(req)) {
    req.resume();
    return send(res, 421, { error: "misdirected", message: "This server does not answer for that host name." }, undefined, { Connection: "close" });
  }
  const url = new URL(req.url, "http://localhost");
  try {
    if (!url.pathname.startsWith("/api/")) return serveStatic(req, res, url.pathname);
    checkDeclaredLength(req, bodyLimit(url.pathname));
    checkOrigin(req);
    await route(req, res, url);
  } catch (e) {
    if (res.headersSent) { res.destroy(); return; }
    if (e instanceof HttpError) {
      let { headers = {}, ...extra } = e.extra;
      if (e.status === 413) {
        headers = { ...headers, Connection: "close" };
        if (!(await drain(req))) res.once("finish", () => req.socket.destroy());
        if (res.headersSent || res.destroyed) return;
      }
      return api(res, e.status, { error: e.error, message: e.message, ...extra }, headers);
    }
    console.error(e);
    api(res, 500, { error: "internal", message: "Internal error." });
  }
});

server.listen(config.port, config.host, async () => {
  const { port } = server.address();
  console.log(`session-credits dashboard on http://${config.host}:${port}/ (engine ${version()}, database ${config.dbFile}, ` +
    `${replayed} accepted command${replayed === 1 ? "" : "s"} replayed${pinnedNow === null ? "" : `, clock pinned at ${isoSecond(pinnedNow)}`})`);
  const usable = [];
  for (const s of SAMPLE_STAFF) {
    const row = store.staff(s.id);
    if (row && (await pinMatches(s.pin, row.salt, row.hash))) usable.push(`${s.id} (${row.role}) PIN ${s.pin}`);
  }
  if (usable.length) console.log(`sample staff: ${usable.join(", ")}`);
});

function shutdown() {
  server.close(() => { store.close(); process.exit(0); });
  server.closeAllConnections?.();
}
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, shutdown);
