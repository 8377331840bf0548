// The installed package in a plain <script type="module"> page, no bundler, under the strict
// Content-Security-Policy a dashboard would use, in Debian's Chromium.
import test from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join, normalize } from "node:path";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const pkgDir = join(here, "node_modules", "session-credits");
const types = { ".js": "text/javascript", ".wasm": "application/wasm", ".html": "text/html", ".json": "application/json" };

const page = `<!doctype html><meta charset="utf-8"><title>plain page</title>
<script type="module" src="/main.js"></script><pre id="out">loading</pre>`;
const main = `import { Engine, version } from "/pkg/dist/browser.js";
const fixture = await (await fetch("/fixture.json")).json();
const engine = Engine.fromJson(JSON.stringify(fixture.policy), JSON.stringify(fixture.snapshot));
const ctx = { actor: { id: "u", role: "manager" }, now: fixture.now };
const preview = engine.preview({ type: "forgiveAndRebook", bookingId: "b2", startsAt: "2026-11-27T15:00:00Z" }, ctx);
let error = null;
try { new Engine(fixture.policy, { clients: [{ id: "x" }, { id: "x" }] }); } catch (e) { error = { name: e.name, code: e.issues[0].code }; }
const after = engine.validate({ type: "expireCredits" }, ctx).ok;
document.getElementById("out").textContent = JSON.stringify({ version: version(), ok: preview.ok, steps: preview.steps, error, after });`;

test("the package loads and answers in a plain module page under a strict CSP", { skip: !existsSync("/usr/bin/chromium") && "no /usr/bin/chromium" }, async () => {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, "http://127.0.0.1");
    res.setHeader("Content-Security-Policy", "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'");
    let body, path = url.pathname;
    if (path === "/") body = page, path = "/index.html";
    else if (path === "/main.js") body = main;
    else if (path === "/fixture.json") body = await readFile(join(here, "..", "fixtures", "studio.json"));
    else if (path.startsWith("/pkg/")) {
      const file = normalize(join(pkgDir, path.slice(5)));
      if (file.startsWith(pkgDir) && existsSync(file)) body = await readFile(file);
    }
    if (path === "/favicon.ico") { res.writeHead(204).end(); return; }
    if (body === undefined) { res.writeHead(404).end(); return; }
    res.writeHead(200, { "Content-Type": types[path.slice(path.lastIndexOf("."))] || "application/octet-stream" }).end(body);
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const tab = await browser.newPage();
    const problems = [];
    tab.on("pageerror", (e) => problems.push(e.message));
    tab.on("console", (m) => m.type() === "error" && problems.push(m.text()));
    await tab.goto(`http://127.0.0.1:${server.address().port}/`);
    await tab.waitForFunction(() => document.getElementById("out").textContent !== "loading", null, { timeout: 20000 });
    const got = JSON.parse(await tab.textContent("#out"));
    assert.deepEqual(problems, []);
    assert.equal(got.ok, true);
    assert.equal(got.steps.length, 2);
    assert.match(got.steps[0], /^Cancel Aaron Diaz's Personal Training 60 on Tue 24 Nov 20:00, forgiven: credit k8 returns\.$/);
    assert.deepEqual(got.error, { name: "EngineError", code: "duplicate" });
    assert.equal(got.after, true);
  } finally {
    await browser.close();
    server.close();
  }
});
