// Demo server for the session-credits dashboard (node:http, no framework).
//
//   node www/server.mjs            → http://127.0.0.1:8080  (PORT, HOST, LEDGER_FILE env override)
//
// * Serves the built app from www/dist with a strict Content-Security-Policy on every response.
// * POST /api/commands  { commands: [{ command, ctx }] }
//   re-validates each command with the same `session-credits` package, under Node: `apply` on its
//   own Engine loaded with the same generated sample studio (tools/gen-studio.mjs). Accepted ones
//   are appended to a JSON-lines ledger (www/ledger.jsonl, or LEDGER_FILE). The answer has one
//   verdict per command: { results: [{ commandId, ok, errors, warnings, duplicate? }] }.
//   A commandId accepted before (this run or an earlier one: the ledger is replayed at start) is
//   answered as accepted again, with duplicate: true — resending the queue is safe.
// * GET /api/health → { ok, version, accepted }; GET /api/ledger → the accepted records.
//
// The server trusts the actor and "now" in each ctx, as the offline dashboard recorded them: this
// is a demo of re-validation, not of authentication.

import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Engine, version } from "session-credits";
import { generateStudio } from "../tools/gen-studio.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const DIST = path.join(here, "dist");
const PORT = Number(process.env.PORT || 8080);
const HOST = process.env.HOST || "127.0.0.1";
const LEDGER_FILE = path.resolve(process.env.LEDGER_FILE || path.join(here, "ledger.jsonl"));
const MAX_BODY = 10 * 1024 * 1024;

const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";
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

// ---- the server's own engine: the sample studio + every command accepted so far -------------------

const studio = generateStudio();
const engine = Engine.fromJson(JSON.stringify(studio.policy), JSON.stringify(studio.snapshot));
const accepted = new Map(); // commandId -> { warnings }

function restoreLedger() {
  if (!fs.existsSync(LEDGER_FILE)) return;
  const lines = fs.readFileSync(LEDGER_FILE, "utf8").split("\n");
  let n = 0;
  for (const line of lines) {
    if (!line.trim()) continue;
    let rec;
    try { rec = JSON.parse(line); } catch { console.warn("ledger: skipping an unreadable line"); continue; }
    const id = rec?.ctx?.commandId;
    if (!id || accepted.has(id)) continue;
    const res = engine.apply(rec.command, rec.ctx);
    if (!res.ok) console.warn(`ledger: ${id} no longer applies (${res.errors.map((e) => e.code).join(", ")})`);
    accepted.set(id, { warnings: rec.warnings || res.warnings || [] });
    n++;
  }
  if (n) console.log(`ledger: replayed ${n} accepted commands from ${LEDGER_FILE}`);
}
restoreLedger();

function handleCommands(body) {
  if (!body || typeof body !== "object" || !Array.isArray(body.commands)) {
    return { status: 400, json: { error: "expected { commands: [{ command, ctx }] }" } };
  }
  const results = body.commands.map((entry) => {
    const command = entry?.command;
    const ctx = entry?.ctx;
    const commandId = typeof ctx?.commandId === "string" ? ctx.commandId : null;
    if (commandId && accepted.has(commandId)) {
      return { commandId, ok: true, errors: [], warnings: accepted.get(commandId).warnings, duplicate: true };
    }
    let res;
    try {
      res = engine.apply(command, ctx);
    } catch (e) {
      // apply never throws per the contract; answer as a refusal rather than failing the batch
      return { commandId, ok: false, errors: [{ code: "invalid_input", path: "", message: String(e?.message || e) }], warnings: [] };
    }
    if (res.ok) {
      const rec = { acceptedAt: new Date().toISOString(), commandId, command, ctx, warnings: res.warnings, ledger: res.ledger };
      fs.appendFileSync(LEDGER_FILE, JSON.stringify(rec) + "\n");
      accepted.set(commandId, { warnings: res.warnings });
    }
    return { commandId, ok: res.ok, errors: res.errors, warnings: res.warnings };
  });
  return { status: 200, json: { results } };
}

// ---- http -------------------------------------------------------------------------------------------

function send(res, status, body, type = "application/json; charset=utf-8", extra = {}) {
  const data = typeof body === "string" || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": type,
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    ...extra,
  });
  res.end(data);
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on("data", (c) => {
      size += c.length;
      if (size > MAX_BODY) { reject(Object.assign(new Error("body too large"), { status: 413 })); req.destroy(); return; }
      chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function serveStatic(req, res, pathname) {
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
  const url = new URL(req.url, "http://localhost");
  try {
    if (url.pathname === "/api/commands") {
      if (req.method !== "POST") return send(res, 405, { error: "use POST" }, undefined, { Allow: "POST" });
      let body;
      try { body = JSON.parse(await readBody(req)); } catch (e) {
        return send(res, e.status || 400, { error: e.status ? e.message : "the body is not JSON" });
      }
      const out = handleCommands(body);
      return send(res, out.status, out.json);
    }
    if (url.pathname === "/api/health") {
      return send(res, 200, { ok: true, version: version(), accepted: accepted.size, ledgerFile: LEDGER_FILE });
    }
    if (url.pathname === "/api/ledger") {
      const text = fs.existsSync(LEDGER_FILE) ? fs.readFileSync(LEDGER_FILE, "utf8") : "";
      return send(res, 200, { records: text.split("\n").filter(Boolean).map((l) => JSON.parse(l)) });
    }
    if (url.pathname.startsWith("/api/")) return send(res, 404, { error: "unknown endpoint" });
    if (req.method !== "GET" && req.method !== "HEAD") return send(res, 405, "method not allowed", "text/plain; charset=utf-8");
    return serveStatic(req, res, url.pathname);
  } catch (e) {
    console.error(e);
    if (!res.headersSent) send(res, 500, { error: "internal error" });
  }
});

server.listen(PORT, HOST, () => {
  console.log(`session-credits dashboard on http://${HOST}:${PORT}/ (engine ${version()}, ledger ${LEDGER_FILE})`);
});

for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => server.close(() => process.exit(0)));
