// Starts the real server (node www/server.mjs) as a child process on a free port with a temporary
// database, and talks to it over real HTTP.
import { spawn } from "node:child_process";
import http from "node:http";
import { createRequire } from "node:module";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
// SC_TEST_SERVER runs the tests against another copy of the server (an older one, to see a new
// test fail before its fix)
export const SERVER = process.env.SC_TEST_SERVER || path.join(here, "..", "server.mjs");
export const Database = createRequire(import.meta.url)("better-sqlite3");

/** The pinned studio clock most tests use (the generator's default instant). */
export const T0 = "2026-11-24T17:00:00Z";
export const at = (base, ms) => new Date(Date.parse(base) + ms).toISOString().replace(".000Z", "Z");
export const HOUR = 3_600_000;

const tempDirs = [];
const children = new Set();
// a failed test must not leave a server running or its files behind
process.on("exit", () => {
  for (const p of children) p.kill("SIGKILL");
  for (const d of tempDirs) fs.rmSync(d, { recursive: true, force: true });
});

export function tempDb() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sc-server-test-"));
  tempDirs.push(dir);
  return path.join(dir, "studio.db");
}

/**
 * @param {{ dbFile?: string, env?: Record<string, string> }} [opts]
 * @returns {Promise<Server>}
 */
export async function startServer({ dbFile = tempDb(), env = {} } = {}) {
  const proc = spawn(process.execPath, [SERVER], {
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", DB_FILE: dbFile, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(proc);
  let output = "";
  const exited = new Promise((resolve) => proc.once("exit", (code, signal) => { children.delete(proc); resolve({ code, signal }); }));
  // A server that dies of a signal no test sends (a V8 abort is SIGTRAP) shows why, in the test log.
  exited.then(({ signal }) => {
    if (signal && signal !== "SIGKILL" && signal !== "SIGTERM") console.error(`# the server died of ${signal}; its last output:\n${output.slice(-6000)}`);
  });
  const port = await new Promise((resolve, reject) => {
    const onData = (chunk) => {
      output += chunk;
      const m = /on http:\/\/127\.0\.0\.1:(\d+)\//.exec(output);
      if (m) resolve(Number(m[1]));
    };
    proc.stdout.on("data", onData);
    proc.stderr.on("data", (c) => { output += c; });
    exited.then(({ code, signal }) => reject(new Error(`server exited (${code ?? signal}) before listening:\n${output}`)));
  });
  return new Server(proc, port, dbFile, exited, () => output);
}

export class Server {
  constructor(proc, port, dbFile, exited, output) {
    Object.assign(this, { proc, port, dbFile, exited, output, base: `http://127.0.0.1:${port}` });
  }

  /** fetch with JSON in and out; `cookie` is sent as the session cookie. */
  async call(method, pathname, { body, cookie, headers = {} } = {}) {
    const h = { ...headers };
    if (body !== undefined && !("content-type" in h)) h["content-type"] = "application/json";
    if (cookie) h.cookie = cookie;
    const res = await fetch(this.base + pathname, {
      method,
      headers: h,
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
    return { status: res.status, headers: res.headers, json, text };
  }

  /**
   * node:http, for what fetch does not do: another loopback source address (`from`, e.g.
   * 127.0.0.2: another client address for the rate limits), a Host header, a body of any size
   * (a Buffer, sent with its Content-Length unless `chunked`). Never throws: a transport error is
   * `{ status: "error", code }`.
   */
  raw(method, pathname, { from, body, headers = {}, chunked = false } = {}) {
    return new Promise((resolve) => {
      const h = { ...headers };
      if (body !== undefined && !("content-type" in h)) h["content-type"] = "application/json";
      const data = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(typeof body === "string" ? body : JSON.stringify(body));
      if (data && !chunked) h["content-length"] = data.length;
      let answered = false;
      const req = http.request({ host: "127.0.0.1", port: this.port, path: pathname, method, headers: h, localAddress: from, agent: false }, (res) => {
        answered = true;
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let json = null;
          try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
          resolve({ status: res.statusCode, headers: res.headers, json, text });
        });
        res.on("error", (e) => resolve({ status: "error", code: e.code }));
      });
      // an answer that came before the body was all sent is what counts (writing on is EPIPE)
      req.on("error", (e) => { if (!answered) resolve({ status: "error", code: e.code }); });
      if (data && chunked) {
        // in pieces, so that the server sees a body without a declared length
        for (let i = 0; i < data.length; i += 1 << 20) req.write(data.subarray(i, i + (1 << 20)));
        req.end();
      } else req.end(data);
    });
  }

  /** Resident memory of the server process, in MiB (Linux). */
  rssMiB() {
    const pages = Number(fs.readFileSync(`/proc/${this.proc.pid}/statm`, "utf8").split(" ")[1]);
    return Math.round((pages * 4096) / 2 ** 20);
  }

  /** Signs in and returns the `name=value` pair to send back as Cookie. */
  async signIn(staffId, pin) {
    const r = await this.call("POST", "/api/session", { body: { staffId, pin } });
    if (r.status !== 200) throw new Error(`sign-in of ${staffId} answered ${r.status}: ${r.text}`);
    return r.headers.getSetCookie()[0].split(";")[0];
  }

  async post(cookie, commands) {
    return this.call("POST", "/api/commands", { cookie, body: { commands } });
  }

  /** Every record of /api/ledger since `since`, page by page. */
  async ledger(cookie, since = 0) {
    const records = [];
    for (;;) {
      const r = await this.call("GET", `/api/ledger?since=${since}`, { cookie });
      if (r.status !== 200) throw new Error(`ledger answered ${r.status}: ${r.text}`);
      records.push(...r.json.records);
      since = r.json.cursor;
      if (!r.json.more) return records;
    }
  }

  async stop() {
    if (this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill("SIGTERM");
    return this.exited;
  }

  async kill9() {
    this.proc.kill("SIGKILL");
    return this.exited;
  }
}

/** A queued command entry; ctx.actor is whatever the caller wants to claim. */
export const entry = (command, commandId, now, extra = {}) => ({ command, ctx: { now, commandId, ...extra } });

/** Credits and bookings of a snapshot by id. */
export const byId = (list) => Object.fromEntries(list.map((r) => [r.id, r]));

/** How many credits the server's first-start studio holds (the generated one and the revision-3 showcase). */
export const SEEDED_CREDITS = (await import("../server/seed-r3.mjs"))
  .addRevision3((await import("../../tools/gen-studio.mjs")).generateStudio({ now: T0 })).snapshot.credits.length;
