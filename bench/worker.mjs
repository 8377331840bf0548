#!/usr/bin/env node
// The page's thread while a studio loads through session-credits/worker, against the same load on
// the page's thread (Engine.fromJson from the main entry), in Debian's Chromium: the longest task
// the page's thread ran (PerformanceObserver "longtask", tasks over 50 ms) and the time to a first
// answer. Through the worker twice: the worker fetching the snapshot from its URL, and the page
// fetching it as bytes and moving them to the worker.
//
//   node bench/worker.mjs [--credits 1000000] [--detail]     (pkg/ must be built: make pkg)
//
// The seeded studio (tools/gen-studio.mjs) is written once into bench/data/ (gitignored).
// make bench (bench/run.mjs) runs it as `--json --pkg DIR --snapshot FILE --policy FILE --modes
// worker-url,main`: its own package copy and studio, one JSON line of figures per mode.
import { spawnSync } from "node:child_process";
import { createServer } from "node:http";
import { existsSync, mkdirSync, readFileSync, statSync, createReadStream, writeFileSync } from "node:fs";
import { dirname, extname, join, normalize, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const option = (name) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const credits = Number(option("--credits") ?? 1_000_000);
const json = process.argv.includes("--json");
const pkg = resolve(option("--pkg") ?? join(root, "pkg"));
const modes = (option("--modes") ?? "worker-url,worker,main").split(",");
const data = join(root, "bench", "data");
mkdirSync(data, { recursive: true });

// The studio, cut into the policy's and the snapshot's text once (unless given).
const studioFile = join(data, `worker-studio-${credits}.json`);
const snapFile = resolve(option("--snapshot") ?? join(data, `worker-snapshot-${credits}.json`));
const policyFile = resolve(option("--policy") ?? join(data, `worker-policy-${credits}.json`));
if (!existsSync(snapFile)) {
  if (!existsSync(studioFile)) {
    const r = spawnSync(process.execPath, [join(root, "tools", "gen-studio.mjs"), "--credits", String(credits), "--out", studioFile], { stdio: "inherit" });
    if (r.status !== 0) throw new Error("tools/gen-studio.mjs failed");
  }
  const buf = readFileSync(studioFile);
  const marker = Buffer.from(',"snapshot":');
  const cut = buf.indexOf(marker);
  let end = buf.length;
  while (end > 0 && (buf[end - 1] === 0x0a || buf[end - 1] === 0x20)) end--;
  writeFileSync(snapFile, buf.subarray(cut + marker.length, end - 1));
  const head = JSON.parse(buf.subarray(0, cut).toString("utf8") + "}");
  writeFileSync(policyFile, JSON.stringify(head.policy));
}

const page = `<!doctype html><meta charset="utf-8"><pre id="out">loading</pre><script type="module" src="/bench.js"></script>`;
const script = `
const long = [];
const marks = {};
new PerformanceObserver((list) => { for (const e of list.getEntries()) long.push(e); }).observe({ type: "longtask", buffered: true });
const mode = new URLSearchParams(location.search).get("mode");
const policy = await (await fetch("/policy.json")).text();
await new Promise((ok) => setTimeout(ok, 200));
long.length = 0;
const t0 = performance.now();
let rows;
if (mode === "worker-url") {
  const { WorkerEngine } = await import("/pkg/dist/worker.js");
  const engine = await WorkerEngine.fromJson(policy, new URL("/snapshot.json", location.href));
  rows = (await engine.balances({ clientId: "c1" })).length;
} else if (mode === "worker") {
  const bytes = await (await fetch("/snapshot.json")).arrayBuffer();
  marks.fetched = performance.now() - t0;
  const { WorkerEngine } = await import("/pkg/dist/worker.js");
  marks.imported = performance.now() - t0;
  const engine = await WorkerEngine.fromJson(policy, bytes);
  rows = (await engine.balances({ clientId: "c1" })).length;
} else {
  const bytes = await (await fetch("/snapshot.json")).arrayBuffer();
  marks.fetched = performance.now() - t0;
  const { Engine } = await import("/pkg/dist/browser.js");
  const engine = Engine.fromJson(policy, new TextDecoder().decode(bytes));
  rows = engine.balances({ clientId: "c1" }).length;
}
const ms = performance.now() - t0;
await new Promise((ok) => setTimeout(ok, 200));
const tasks = long.map((e) => [Math.round(e.startTime - t0), Math.round(e.duration)]);
document.getElementById("out").textContent = JSON.stringify({ ms, rows, longest: Math.max(0, ...long.map((e) => e.duration)), longTasks: long.length, tasks, marks });
`;
const types = { ".js": "text/javascript", ".wasm": "application/wasm", ".json": "application/json", ".html": "text/html" };
const server = createServer((req, res) => {
  const path = new URL(req.url, "http://x").pathname;
  if (path === "/") return res.writeHead(200, { "Content-Type": "text/html" }).end(page);
  if (path === "/bench.js") return res.writeHead(200, { "Content-Type": "text/javascript" }).end(script);
  const [dir, rest] = path.startsWith("/pkg/") ? [pkg, path.slice("/pkg".length)] : [root, path];
  const file = { "/snapshot.json": snapFile, "/policy.json": policyFile }[path] ?? normalize(join(dir, rest));
  if (!(file === snapFile || file === policyFile || file.startsWith(dir)) || !existsSync(file)) return res.writeHead(404).end();
  res.writeHead(200, { "Content-Type": types[extname(file)] || "application/octet-stream", "Content-Length": statSync(file).size });
  createReadStream(file).pipe(res);
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
try {
  if (!json) console.log(`bench/worker: ${credits.toLocaleString("en")} credits, snapshot ${(statSync(snapFile).size / 1e6).toFixed(0)} MB`);
  const what = { "worker-url": "the worker fetching the snapshot", worker: "through the worker (bytes moved)", main: "on the page's thread" };
  for (const mode of modes) {
    const tab = await browser.newPage();
    tab.on("pageerror", (e) => console.error(`bench/worker (${mode}): ${e.message}`));
    await tab.goto(`http://127.0.0.1:${server.address().port}/?mode=${mode}`);
    await tab.waitForFunction(() => document.getElementById("out").textContent !== "loading", null, { timeout: 600000 });
    const r = JSON.parse(await tab.textContent("#out"));
    if (json) {
      console.log(JSON.stringify({ mode, rows: r.rows, ms: r.ms, longest: r.longest, longTasks: r.longTasks }));
      await tab.close();
      continue;
    }
    console.log(`  ${what[mode]}: first answer after ${(r.ms / 1e3).toFixed(2)} s; longest task on the page's thread ${r.longest.toFixed(0)} ms (${r.longTasks} over 50 ms)`);
    if (process.argv.includes("--detail")) console.log("   ", JSON.stringify({ tasks: r.tasks, marks: r.marks }));
    await tab.close();
  }
} finally {
  await browser.close();
  server.close();
}
