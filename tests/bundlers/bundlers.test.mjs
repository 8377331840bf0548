// Bundlers a user would build with, each building the tiny app (app/app.js) against the installed
// tarball; browser bundles load in Chromium under the strict CSP, Node bundles run in Node.
// scripts/test-bundlers.sh installs the bundlers into target/bundlers and runs this file there.
import test from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { spawnSync } from "node:child_process";
import { cpSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const wasm = join(here, "node_modules", "session-credits", "dist", "session_credits_bg.wasm");
const readme = readFileSync(join(here, "node_modules", "session-credits", "README.md"), "utf8");
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";
const types = { ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm", ".html": "text/html" };
const expectedSteps = [
  "Cancel Aaron Diaz's Personal Training 60 on Tue 24 Nov 20:00, forgiven: credit k8 returns.",
  "Rebook Aaron Diaz into Personal Training 60 on Fri 27 Nov 10:00, paid with credit k8.",
];

/** A fenced block of the package README by its info string, e.g. "js vite.config.js". */
function readmeBlock(info) {
  const m = readme.match(new RegExp("^```" + info.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + "\\n([\\s\\S]*?)^```", "m"));
  assert.ok(m, `the package README has no \`\`\`${info} block`);
  return m[1];
}

/**
 * A fresh app directory, src/app.js and index.html, as a user's project would have: the app
 * through the main entry (app.js), session-credits/init (lazy.js) or session-credits/worker
 * (in-worker.js).
 */
function app(name, entry = "app.js") {
  const dir = join(here, "apps", name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, "src"), { recursive: true });
  copyFileSync(join(here, "app", entry), join(dir, "src", "app.js"));
  copyFileSync(join(here, "app", "answer.js"), join(dir, "src", "answer.js"));
  copyFileSync(join(here, "app", "index.html"), join(dir, "index.html"));
  return dir;
}

/** The page a hand-made bundle (esbuild, Rollup, webpack) is loaded from. */
const pageFor = (script) => `<!doctype html><meta charset="utf-8"><pre id="out">loading</pre><script type="module" src="./${script}"></script>`;

/** The README's one-line step for bundlers that leave the .wasm behind. */
const copyWasm = (outdir) => copyFileSync(wasm, join(outdir, "session_credits_bg.wasm"));

function runNode(file) {
  const r = spawnSync(process.execPath, [file], { encoding: "utf8", cwd: dirname(file) });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function checkAnswer(got) {
  assert.equal(got?.failed, undefined);
  assert.equal(got.ok, true);
  assert.deepEqual(got.steps, expectedSteps);
  assert.equal(got.error.name, "EngineError");
  assert.equal(got.error.code, "duplicate");
  if (got.error.isEngineError !== null) assert.equal(got.error.isEngineError, true);
}

let browser;
const servers = [];
test.before(async () => {
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
});
test.after(async () => {
  await browser?.close();
  for (const s of servers) s.close();
});

/** Serves a built directory under the strict CSP; returns its URL. */
async function serve(root, csp = CSP) {
  const server = createServer((req, res) => {
    const path = new URL(req.url, "http://x").pathname;
    const file = normalize(join(root, path === "/" ? "index.html" : path));
    if (csp) res.setHeader("Content-Security-Policy", csp);
    if (!file.startsWith(root) || !existsSync(file)) return res.writeHead(404).end();
    res.writeHead(200, { "Content-Type": types[extname(file)] || "application/octet-stream" }).end(readFileSync(file));
  });
  servers.push(server);
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  return `http://127.0.0.1:${server.address().port}/`;
}

/** Opens a page; returns what the app wrote into #out, and the page's errors. */
async function load(url) {
  const tab = await browser.newPage();
  const problems = [];
  let failed;
  const failure = new Promise((ok) => (failed = ok));
  tab.on("pageerror", (e) => (problems.push(e.message), failed()));
  tab.on("console", (m) => m.type() === "error" && !/favicon/.test(m.location().url) && problems.push(m.text()));
  try {
    await tab.goto(url);
    // Done when the app wrote its answer, or when the page failed (then there is no answer).
    await Promise.race([tab.waitForFunction(() => document.getElementById("out").textContent !== "loading", null, { timeout: 15000 }), failure]).catch(() => {});
    const text = await tab.textContent("#out");
    return { result: text === "loading" ? null : JSON.parse(text), problems };
  } finally {
    await tab.close();
  }
}

async function loadsInChromium(root, csp = CSP) {
  const { result, problems } = await load(await serve(root, csp));
  assert.deepEqual(problems, []);
  checkAnswer(result);
  return result;
}

/** What the worker app (app/in-worker.js) must have seen, beyond the common answer. */
function checkWorkerAnswer(got) {
  checkAnswer(got);
  assert.deepEqual(
    { many: got.many, applied: got.applied, yoga: got.yoga, badAsOf: got.badAsOf, summary: got.summary, afterTerminate: got.afterTerminate },
    { many: true, applied: true, yoga: 3, badAsOf: true, summary: true, afterTerminate: "session-credits: this engine's worker was terminated." },
  );
}

// ---- esbuild -----------------------------------------------------------------------------------

const esbuild = await import("esbuild");

test("esbuild, browser bundle: loads under the strict CSP once the .wasm is copied next to it", async () => {
  const dir = app("esbuild-web");
  const out = join(dir, "dist");
  await esbuild.build({ entryPoints: [join(dir, "src", "app.js")], bundle: true, format: "esm", outdir: out, logLevel: "error" });
  writeFileSync(join(out, "index.html"), pageFor("app.js"));
  // Without the copy, the page says what to do.
  const missing = await load(await serve(out));
  assert.equal(missing.result, null);
  assert.ok(missing.problems.some((p) => p.includes("answered 404") && p.includes("cp node_modules/session-credits/dist/session_credits_bg.wasm")), missing.problems.join("\n"));
  copyWasm(out);
  await loadsInChromium(out);
});

for (const format of ["esm", "cjs"]) {
  test(`esbuild, Node bundle (${format}): runs once the .wasm is copied next to it`, async () => {
    const dir = app(`esbuild-node-${format}`);
    const outfile = join(dir, "dist", format === "esm" ? "app.mjs" : "app.cjs");
    await esbuild.build({ entryPoints: [join(dir, "src", "app.js")], bundle: true, platform: "node", format, outfile, logLevel: "error" });
    const missing = runNode(outfile);
    assert.notEqual(missing.status, 0);
    assert.match(missing.stderr, /session_credits_bg\.wasm is missing: a bundle needs the \.wasm next to it/);
    copyWasm(dirname(outfile));
    const r = runNode(outfile);
    assert.equal(r.status, 0, r.stderr);
    checkAnswer(JSON.parse(r.stdout));
  });
}

test("esbuild, Node bundle with the package left external: runs with no copying", async () => {
  const dir = app("esbuild-node-external");
  const outfile = join(here, "esbuild-external.mjs"); // beside node_modules, as a server's bundle would be
  await esbuild.build({ entryPoints: [join(dir, "src", "app.js")], bundle: true, platform: "node", format: "esm", packages: "external", outfile, logLevel: "error" });
  const r = runNode(outfile);
  assert.equal(r.status, 0, r.stderr);
  checkAnswer(JSON.parse(r.stdout));
});

test("esbuild, iife bundle through session-credits/init: loads under the strict CSP once the .wasm is copied next to it", async () => {
  const dir = app("esbuild-iife", "lazy.js");
  const out = join(dir, "dist");
  await esbuild.build({ entryPoints: [join(dir, "src", "app.js")], bundle: true, format: "iife", outdir: out, logLevel: "error" });
  writeFileSync(join(out, "index.html"), `<!doctype html><meta charset="utf-8"><pre id="out">loading</pre><script src="./app.js"></script>`);
  copyWasm(out);
  await loadsInChromium(out);
});

test("esbuild, session-credits/worker: the README's worker-entry.js bundle and the .wasm beside the app's", async () => {
  const dir = app("esbuild-worker", "in-worker.js");
  const out = join(dir, "dist");
  await esbuild.build({ entryPoints: [join(dir, "src", "app.js")], bundle: true, format: "esm", outdir: out, logLevel: "error" });
  await esbuild.build({ entryPoints: [join(here, "node_modules", "session-credits", "dist", "worker-entry.js")], bundle: true, format: "esm", outdir: out, logLevel: "error" });
  writeFileSync(join(out, "index.html"), pageFor("app.js"));
  copyWasm(out);
  checkWorkerAnswer(await loadsInChromium(out));
});

test("esbuild, session-credits/worker: the worker fetches the snapshot from a URL itself", async () => {
  const dir = app("esbuild-worker-url", "in-worker-url.js");
  const out = join(dir, "dist");
  await esbuild.build({ entryPoints: [join(dir, "src", "app.js")], bundle: true, format: "esm", outdir: out, logLevel: "error" });
  await esbuild.build({ entryPoints: [join(here, "node_modules", "session-credits", "dist", "worker-entry.js")], bundle: true, format: "esm", outdir: out, logLevel: "error" });
  writeFileSync(join(out, "index.html"), pageFor("app.js"));
  const { sampleStudio } = await import("session-credits/sample");
  writeFileSync(join(out, "snapshot.json"), JSON.stringify(sampleStudio.snapshot));
  copyWasm(out);
  const { result, problems } = await load(await serve(out));
  assert.deepEqual(problems.filter((p) => !p.includes("404")), []);
  assert.equal(result?.failed, undefined);
  assert.deepEqual(result.steps, expectedSteps);
  assert.match(result.missing, /^session-credits: http:\/\/127\.0\.0\.1:\d+\/missing\.json answered 404$/);
});

// ---- Rollup ------------------------------------------------------------------------------------

const { rollup } = await import("rollup");
const { nodeResolve } = await import("@rollup/plugin-node-resolve");
const { default: commonjs } = await import("@rollup/plugin-commonjs");

test("Rollup, browser bundle: loads under the strict CSP once the .wasm is copied next to it", async () => {
  const dir = app("rollup-web");
  const out = join(dir, "dist");
  const bundle = await rollup({ input: join(dir, "src", "app.js"), plugins: [nodeResolve({ browser: true })], logLevel: "silent" });
  await bundle.write({ dir: out, format: "es" });
  writeFileSync(join(out, "index.html"), pageFor("app.js"));
  copyWasm(out);
  await loadsInChromium(out);
});

test("Rollup, Node bundle: runs once the .wasm is copied next to it", async () => {
  const dir = app("rollup-node");
  const out = join(dir, "dist");
  const bundle = await rollup({ input: join(dir, "src", "app.js"), plugins: [nodeResolve({ exportConditions: ["node"] }), commonjs()], external: [/^node:/], logLevel: "silent" });
  await bundle.write({ file: join(out, "app.mjs"), format: "es" });
  copyWasm(out);
  const r = runNode(join(out, "app.mjs"));
  assert.equal(r.status, 0, r.stderr);
  checkAnswer(JSON.parse(r.stdout));
});

// ---- webpack 5 ---------------------------------------------------------------------------------

const { default: webpack } = await import("webpack");

for (const [entry, check] of [["app.js", checkAnswer], ["in-worker.js", checkWorkerAnswer]]) test(`webpack 5: emits the .wasm itself and loads under the strict CSP (${entry})`, async () => {
  const dir = app(`webpack-${entry}`, entry);
  const out = join(dir, "dist");
  const stats = await new Promise((ok, fail) =>
    webpack({ mode: "production", context: dir, entry: "./src/app.js", output: { path: out, filename: "main.js" }, performance: { hints: false } }, (e, s) => (e ? fail(e) : ok(s))),
  );
  assert.ok(!stats.hasErrors(), stats.toString("errors-only"));
  writeFileSync(join(out, "index.html"), pageFor("main.js"));
  check(await loadsInChromium(out));
});

// ---- Parcel ------------------------------------------------------------------------------------

const parcelBin = join(here, "node_modules", "parcel", "lib", "bin.js");

/** A Parcel project of the app: index.html points at ./src/app.js, Parcel's way. */
function parcelApp(name, entry) {
  const dir = app(name, entry);
  writeFileSync(join(dir, "index.html"), readFileSync(join(dir, "index.html"), "utf8").replace('src="/src/app.js"', 'src="./src/app.js"'));
  return dir;
}

/** Parcel's dev server on a free port: its URL once it answers, and how to stop it. */
async function parcelServe(dir) {
  const { spawn } = await import("node:child_process");
  const port = await new Promise((ok) => { const s = createServer().listen(0, "127.0.0.1", () => { const p = s.address().port; s.close(() => ok(p)); }); });
  const server = spawn(process.execPath, [parcelBin, "serve", "index.html", "--port", String(port), "--host", "127.0.0.1", "--no-hmr", "--cache-dir", ".parcel-cache"], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  server.stdout.on("data", (d) => (log += d));
  server.stderr.on("data", (d) => (log += d));
  const url = `http://127.0.0.1:${port}/`;
  // Waited for until the page is served (or 60 s pass): startup is the only thing timed.
  for (const until = Date.now() + 60000; Date.now() < until && server.exitCode === null; ) {
    const ok = await fetch(url).then((r) => r.ok && /Built in/.test(log), () => false);
    if (ok) return { url, stop: () => server.kill() };
    await new Promise((done) => setTimeout(done, 250));
  }
  server.kill();
  throw new Error(`Parcel's dev server did not come up:\n${log}`);
}

for (const [what, entry, check] of [["session-credits/init", "lazy.js", checkAnswer], ["session-credits/worker", "in-worker.js", checkWorkerAnswer]]) {
  // Parcel's build writes an inline script (its import map), which the strict CSP refuses: loaded without it.
  test(`Parcel, ${what}: a build loads, and the dev server answers`, async () => {
    const dir = parcelApp(`parcel-${entry}`, entry);
    const r = spawnSync(process.execPath, [parcelBin, "build", "index.html", "--dist-dir", "dist", "--cache-dir", ".parcel-cache", "--no-source-maps"], { cwd: dir, encoding: "utf8" });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    check(await loadsInChromium(join(dir, "dist"), null));
    const server = await parcelServe(dir);
    try {
      const { result, problems } = await load(server.url);
      assert.deepEqual(problems, []);
      check(result);
    } finally {
      server.stop();
    }
  });
}

test("Parcel, the main entry: its dev server refuses the top-level await (why the README says to use session-credits/init)", async () => {
  const dir = parcelApp("parcel-main", "app.js");
  const server = await parcelServe(dir);
  try {
    const { result, problems } = await load(server.url);
    assert.equal(result, null);
    assert.ok(problems.length > 0);
  } finally {
    server.stop();
  }
});

// ---- Jest with jsdom ----------------------------------------------------------------------------

/** Runs Jest (testEnvironment jsdom) over one of tests/bundlers/jest's files in a fresh project. */
function jest(name, file, config, { env = {}, files = {} } = {}) {
  const dir = join(here, "apps", name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(here, "jest", file), join(dir, file));
  for (const [other, text] of Object.entries(files)) writeFileSync(join(dir, other), text);
  writeFileSync(join(dir, "package.json"), JSON.stringify({ private: true, jest: { testEnvironment: "jsdom", testMatch: [`**/${file}`], transform: {}, ...config } }));
  const args = [join(here, "node_modules", "jest", "bin", "jest.js"), "--ci", "--cacheDirectory", join(here, ".jest-cache")];
  const r = spawnSync(process.execPath, args, { encoding: "utf8", cwd: dir, env: { ...process.env, ...env } });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stderr, /Tests:\s+1 passed, 1 total/);
}

test("Jest with jsdom, CommonJS tests: need no setup", () => {
  jest("jest-cjs", "engine.test.cjs", {});
});

test("Jest with jsdom, native ES module tests: answer with the README's setup file", () => {
  const files = { "jest.setup.cjs": readmeBlock("js jest.setup.cjs") };
  jest("jest-esm", "engine.test.mjs", { setupFiles: ["<rootDir>/jest.setup.cjs"] }, { files, env: { NODE_OPTIONS: "--experimental-vm-modules --no-warnings" } });
});

// ---- Deno, Bun and workerd (Cloudflare Workers' runtime), from their npm packages --------------

/** A runtime's binary, or why it is skipped: only when it cannot run here at all. */
function runtime(name) {
  const path = join(here, "node_modules", ".bin", name);
  const r = spawnSync(path, ["--version"], { encoding: "utf8", timeout: 30000 });
  if (r.status === 0) return { path };
  const why = `${name} cannot run on this machine: ${(r.error?.message ?? r.stderr ?? "").trim().split("\n")[0] || `exit ${r.status}`}`;
  console.log(`# skipped: ${why}`);
  return { skip: why };
}

/** The main entry's app (app.js) and the init entry's as Node-style programs beside node_modules. */
function runtimeApp(name) {
  const dir = join(here, "apps", name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(here, "app", "answer.js"), join(dir, "answer.js"));
  writeFileSync(join(dir, "main.mjs"), `import * as api from "session-credits";\nimport { answer, show } from "./answer.js";\nshow(answer(api));\n`);
  writeFileSync(join(dir, "lazy.mjs"), `import * as api from "session-credits/init";\nimport { answer, show } from "./answer.js";\nawait api.init();\nshow(answer(api));\n`);
  return dir;
}

function runs(bin, args, cwd) {
  const r = spawnSync(bin, args, { encoding: "utf8", cwd, timeout: 60000, env: { ...process.env, NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1" } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const deno = runtime("deno");
test("Deno: the main entry and session-credits/init answer with --allow-read, and without it Deno names the flag", { skip: deno.skip }, () => {
  const dir = runtimeApp("deno");
  for (const file of ["main.mjs", "lazy.mjs"]) {
    const r = runs(deno.path, ["run", "--allow-read", "--no-lock", file], dir);
    assert.equal(r.status, 0, r.stderr);
    checkAnswer(JSON.parse(r.stdout));
  }
  const refused = runs(deno.path, ["run", "--no-lock", "--no-prompt", "main.mjs"], dir);
  assert.notEqual(refused.status, 0);
  assert.match(refused.stderr, /--allow-read/);
});

const bun = runtime("bun");
test("Bun: the main entry and session-credits/init answer", { skip: bun.skip }, () => {
  const dir = runtimeApp("bun");
  for (const file of ["main.mjs", "lazy.mjs"]) {
    const r = runs(bun.path, [file], dir);
    assert.equal(r.status, 0, r.stderr);
    checkAnswer(JSON.parse(r.stdout));
  }
});

test("Bun, iife browser bundle through session-credits/init: loads under the strict CSP once the .wasm is copied next to it", { skip: bun.skip }, async () => {
  const dir = app("bun-iife", "lazy.js");
  const out = join(dir, "dist");
  // The README's command; without its --define, Bun leaves import.meta in a classic script.
  const command = readme.match(/`bun build app\.js ([^`]+)`/)?.[1].split(" ");
  assert.ok(command, "the README no longer gives the Bun iife command");
  const r = runs(bun.path, ["build", join(dir, "src", "app.js"), ...command.map((a) => (a === "dist" ? out : a))], here);
  assert.equal(r.status, 0, r.stderr);
  writeFileSync(join(out, "index.html"), `<!doctype html><meta charset="utf-8"><pre id="out">loading</pre><script src="./app.js"></script>`);
  copyWasm(out);
  await loadsInChromium(out);
});

const workerd = runtime("workerd");
test("workerd (Cloudflare Workers): the README's worker.js, bundled by esbuild as Wrangler does, answers", { skip: workerd.skip }, async () => {
  const dir = runtimeApp("workerd");
  writeFileSync(join(dir, "worker.js"), readmeBlock("js worker.js"));
  const wasmModule = "session-credits/session_credits_bg.wasm";
  await esbuild.build({ entryPoints: [join(dir, "worker.js")], bundle: true, format: "esm", platform: "neutral", conditions: ["workerd", "worker", "browser"], mainFields: ["module", "main"], external: [wasmModule], outfile: join(dir, "dist", "worker.js"), logLevel: "error" });
  copyWasm(join(dir, "dist"));
  const port = await new Promise((ok) => { const s = createServer().listen(0, "127.0.0.1", () => { const p = s.address().port; s.close(() => ok(p)); }); });
  writeFileSync(join(dir, "dist", "config.capnp"), `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .app) ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "main") ],
);
const app :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "worker.js"),
    (name = "${wasmModule}", wasm = embed "session_credits_bg.wasm"),
  ],
  compatibilityDate = "2025-01-01",
);
`);
  const { spawn } = await import("node:child_process");
  const server = spawn(workerd.path, ["serve", "config.capnp"], { cwd: join(dir, "dist"), stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  server.stderr.on("data", (d) => (stderr += d));
  try {
    const { sampleStudio } = await import("session-credits/sample");
    const body = JSON.stringify({ policy: sampleStudio.policy, snapshot: sampleStudio.snapshot, command: { type: "checkIn", bookingId: "b1" }, ctx: { actor: { id: "desk-2", role: "frontdesk" }, now: sampleStudio.now } });
    // Asked until it listens (or 20 s pass): startup time is the only thing waited for.
    let verdict;
    for (const until = Date.now() + 20000; !verdict && Date.now() < until && server.exitCode === null; ) {
      verdict = await fetch(`http://127.0.0.1:${port}/`, { method: "POST", body }).then((r) => r.json(), () => new Promise((ok) => setTimeout(ok, 200)));
    }
    assert.ok(verdict, `workerd did not answer: ${stderr}`);
    assert.deepEqual(verdict.errors.map((e) => e.code), ["check_in_not_open"]);
  } finally {
    server.kill();
  }
});

// ---- Vite 5, 6, 7 and 8 -----------------------------------------------------------------------

const viteConfig = readmeBlock("js vite.config.js");
const vites = [["Vite 5", "vite5"], ["Vite 6", "vite6"], ["Vite 7", "vite7"], ["Vite 8", "vite"]];
const entries = [["main entry", "app.js", checkAnswer], ["worker", "in-worker.js", checkWorkerAnswer]];

/** Builds the app with Vite and loads it under the strict CSP. */
async function viteBuild(vite, dir, options, check) {
  await vite.build({ ...options, build: { outDir: join(dir, "dist") } });
  check(await loadsInChromium(join(dir, "dist")));
}

/** Loads the app from Vite's dev server under the strict CSP; returns what it wrote and the page's errors. */
async function viteDev(vite, options) {
  const server = await vite.createServer({ ...options, server: { port: 0, host: "127.0.0.1", headers: { "Content-Security-Policy": CSP } } });
  await server.listen();
  try {
    return await load(server.resolvedUrls.local[0]);
  } finally {
    await server.close();
  }
}

const devAnswers = (check) => ({ result, problems }) => (assert.deepEqual(problems, []), check(result));
const readmeFix = 'optimizeDeps.exclude: ["session-credits"]';

for (const [label, pkg] of vites) {
  const vite = await import(pkg);
  const latest = pkg === "vite";
  for (const [what, entry, check] of entries) {
    test(`${label}, ${what}: with the README's config, a build and the dev server answer`, async () => {
      const dir = app(`${pkg}-readme-${entry}`, entry);
      writeFileSync(join(dir, "vite.config.mjs"), viteConfig.replace(/from "vite"/, `from "${pkg}"`));
      const options = { root: dir, configFile: join(dir, "vite.config.mjs"), logLevel: "silent", cacheDir: join(dir, ".vite") };
      await viteBuild(vite, dir, options, check);
      devAnswers(check)(await viteDev(vite, options));
    });

    // What the README's table says each version needs without it: Vite 8 nothing; Vite 5 and 6
    // refuse the main entry's top-level await (the worker has none); before Vite 8 the dev server's
    // pre-bundling loses the .wasm and the worker, and the package names the fix.
    test(`${label}, ${what}: with no config, ${latest ? "a build and the dev server answer" : "as the README's table says"}`, async () => {
      const dir = app(`${pkg}-plain-${entry}`, entry);
      const options = { root: dir, configFile: false, logLevel: "silent", cacheDir: join(dir, ".vite") };
      if (entry === "app.js" && (pkg === "vite5" || pkg === "vite6")) {
        // (its dev server's pre-bundling fails on the same, and the page never loads)
        return await assert.rejects(vite.build({ ...options, build: { outDir: join(dir, "dist") } }), /Top-level await is not available/);
      } else {
        await viteBuild(vite, dir, options, check);
      }
      const dev = await viteDev(vite, options);
      if (latest) return devAnswers(check)(dev);
      const said = [...dev.problems, dev.result?.failed ?? ""];
      assert.ok(said.some((p) => p.includes(readmeFix)), said.join("\n"));
    });
  }
}
