#!/usr/bin/env node
// npm test: build the dashboard if needed, run the Playwright suite (Debian's Chromium), and end
// with a plain "N passed, M failed" line for CI. Exits non-zero when anything failed.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import net from "node:net";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = (name) => path.join(here, "node_modules", ".bin", name);

if (!fs.existsSync("/usr/bin/chromium")) {
  console.error("e2e: /usr/bin/chromium is missing (apt-get install -y --no-install-recommends chromium)");
  console.log("0 passed, 1 failed");
  process.exit(1);
}

// (re)build when dist/ is missing or older than any of its sources (the app, the generator, the package)
function newestMtime(p) {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let m = st.mtimeMs;
  for (const e of fs.readdirSync(p)) m = Math.max(m, newestMtime(path.join(p, e)));
  return m;
}
const built = path.join(here, "dist", "index.html");
const sources = ["src", "public", "index.html", "vite.config.js", "sw-template.js", "../tools/gen-studio.mjs", "../pkg/dist"]
  .map((p) => newestMtime(path.join(here, p)));
if (!fs.existsSync(built) || fs.statSync(built).mtimeMs < Math.max(...sources) || process.env.E2E_REBUILD) {
  const b = spawnSync(bin("vite"), ["build"], { cwd: here, stdio: "inherit" });
  if (b.status !== 0) { console.log("0 passed, 1 failed"); process.exit(1); }
}

const port = await new Promise((resolve, reject) => {
  const s = net.createServer();
  s.once("error", reject);
  s.listen(0, "127.0.0.1", () => { const p = s.address().port; s.close(() => resolve(p)); });
});
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "sc-e2e-"));
const jsonFile = path.join(tmp, "results.json");
const env = {
  ...process.env,
  E2E_PORT: String(port),
  E2E_LEDGER_FILE: path.join(tmp, "ledger.jsonl"),
  PLAYWRIGHT_JSON_OUTPUT_NAME: jsonFile,
};
const r = spawnSync(bin("playwright"), ["test", "--reporter=list,json", ...process.argv.slice(2)], { cwd: here, stdio: "inherit", env });

let passed = 0, failed = 0;
try {
  const report = JSON.parse(fs.readFileSync(jsonFile, "utf8"));
  const walk = (suite) => {
    for (const s of suite.suites || []) walk(s);
    for (const spec of suite.specs || []) {
      for (const t of spec.tests || []) {
        const st = t.status; // expected | unexpected | flaky | skipped
        if (st === "expected" || st === "flaky") passed++;
        else if (st === "unexpected") failed++;
      }
    }
  };
  for (const s of report.suites || []) walk(s);
  if ((report.errors || []).length && failed === 0) failed = report.errors.length;
} catch (e) {
  console.error("e2e: no JSON report:", e.message);
  failed = Math.max(failed, 1);
}
if (r.status !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
