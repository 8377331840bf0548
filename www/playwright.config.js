// Playwright end-to-end tests, in Debian's Chromium (never `npx playwright install`).
// `node run-e2e.mjs` (npm test) builds the app when needed, runs this suite and prints
// "N passed, M failed". Test port and ledger file come from the environment (run-e2e.mjs picks a
// free port); run directly, a free port is picked here and handed to the workers via env.
import { defineConfig } from "@playwright/test";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import fs from "node:fs";

async function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

if (!process.env.E2E_PORT) process.env.E2E_PORT = String(await freePort());
if (!process.env.E2E_LEDGER_FILE) {
  process.env.E2E_LEDGER_FILE = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "sc-e2e-")), "ledger.jsonl");
}
const PORT = Number(process.env.E2E_PORT);

export default defineConfig({
  testDir: "./e2e",
  outputDir: "./.playwright-output",
  timeout: 30_000,
  expect: { timeout: 7_000 },
  workers: 1,
  fullyParallel: false,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    headless: true,
    viewport: { width: 1400, height: 900 },
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"],
    },
  },
  webServer: {
    command: "node server.mjs",
    url: `http://127.0.0.1:${PORT}/api/health`,
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: "pipe",
    stderr: "pipe",
    // the server's studio is the browser's fixed one (tools/gen-studio.mjs's default instant), in a temporary database
    env: { PORT: String(PORT), HOST: "127.0.0.1", LEDGER_FILE: process.env.E2E_LEDGER_FILE,
      DB_FILE: path.join(path.dirname(process.env.E2E_LEDGER_FILE), "studio.db"), SERVER_NOW: "2026-11-24T17:00:00Z" },
  },
});
