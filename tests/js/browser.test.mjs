// The package README's plain page (its ```html index.html and ```js app.js blocks, as written) in
// Debian's Chromium, under the strict Content-Security-Policy the README gives, served from a
// folder that holds node_modules/session-credits as a user's would; and the same page from file://.
import test from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { dirname, extname, join, normalize } from "node:path";
import { chromium } from "playwright-core";
import { fencedBlocks } from "./helpers.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const readme = readFileSync(join(here, "node_modules", "session-credits", "README.md"), "utf8");
const block = (info) => {
  const b = fencedBlocks(readme).find((b) => b.info === info);
  assert.ok(b, `the README has no \`\`\`${info} block`);
  return b.code;
};
const types = { ".js": "text/javascript", ".wasm": "application/wasm", ".html": "text/html" };
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";
const skip = !existsSync("/usr/bin/chromium") && "no /usr/bin/chromium";

// The page's folder: the README's two files beside a node_modules holding the installed package.
const site = join(here, "node_modules", ".plain-page");
rmSync(site, { recursive: true, force: true });
mkdirSync(site);
symlinkSync("..", join(site, "node_modules"));
writeFileSync(join(site, "index.html"), block("html index.html"));
writeFileSync(join(site, "app.js"), block("js app.js"));

async function withBrowser(args, fn) {
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", ...args] });
  try {
    const tab = await browser.newPage();
    const problems = [];
    tab.on("pageerror", (e) => problems.push(e.message));
    tab.on("console", (m) => m.type() === "error" && !/favicon/.test(m.location().url) && problems.push(m.text()));
    return await fn(tab, problems);
  } finally {
    await browser.close();
  }
}

test("the README's plain page answers under the strict CSP", { skip }, async () => {
  const server = createServer((req, res) => {
    const path = new URL(req.url, "http://x").pathname;
    const file = normalize(join(site, path === "/" ? "index.html" : path));
    res.setHeader("Content-Security-Policy", CSP);
    if (!file.startsWith(site) || !existsSync(file)) return res.writeHead(404).end();
    res.writeHead(200, { "Content-Type": types[extname(file)] || "application/octet-stream" }).end(readFileSync(file));
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  try {
    await withBrowser([], async (tab, problems) => {
      await tab.goto(`http://127.0.0.1:${server.address().port}/`);
      await tab.waitForFunction(() => document.getElementById("out").textContent !== "loading", null, { timeout: 20000 });
      assert.deepEqual(problems, []);
      assert.deepEqual((await tab.textContent("#out")).split("\n"), [
        "Cancel Aaron Diaz's Personal Training 60 on Tue 24 Nov 20:00, forgiven: credit k8 returns.",
        "Rebook Aaron Diaz into Personal Training 60 on Fri 27 Nov 10:00, paid with credit k8.",
      ]);
    });
  } finally {
    server.close();
  }
});

test("from file://, Chromium refuses the module script itself, as the README says", { skip }, async () => {
  await withBrowser([], async (tab, problems) => {
    await tab.goto(pathToFileURL(join(site, "index.html")).href);
    await tab.waitForTimeout(500);
    assert.equal(await tab.textContent("#out"), "loading");
    assert.ok(problems.some((p) => /CORS|origin 'null'/.test(p)), problems.join("\n"));
  });
});

test("from file://, where the module script does run, the package says to serve the page over http", { skip }, async () => {
  await withBrowser(["--allow-file-access-from-files"], async (tab, problems) => {
    await tab.goto(pathToFileURL(join(site, "index.html")).href);
    await tab.waitForTimeout(1000);
    assert.ok(problems.some((p) => p.includes("session-credits: serve the page over http: browsers do not fetch .wasm from file://")), problems.join("\n"));
  });
});
