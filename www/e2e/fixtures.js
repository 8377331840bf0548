import { test as base, expect } from "@playwright/test";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const SHOTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../test-results");

/** The server's clock in the suite (playwright.config.js, SERVER_NOW): the browser's is pinned to it. */
export const SERVER_NOW = "2026-11-24T17:00:00Z";

/** Sample staff seeded by the server (server/studio.mjs), by role. */
export const STAFF = {
  frontdesk: { id: "desk-1", pin: "1234" },
  staff: { id: "staff-1", pin: "5678" },
  manager: { id: "mgr-1", pin: "9876" },
  owner: { id: "own-1", pin: "2468" },
};

/**
 * Collects console errors and page errors. Chromium itself logs every 4xx answer to fetch as a
 * console error ("Failed to load resource: … 401"); the only one allowed is a 401 of
 * /api/session — the app asking who is signed in, or a refused PIN — which the app expects and
 * handles without logging anything. Any other 401 (or error) fails the test.
 */
export function watchProblems(page) {
  const problems = [];
  page.on("console", (msg) => {
    if (msg.type() !== "error") return;
    const where = msg.location()?.url || "";
    if (/status of 401/.test(msg.text()) && new URL(where, "http://x").pathname === "/api/session") return;
    problems.push(`console: ${msg.text()} (${where})`);
  });
  page.on("pageerror", (err) => problems.push(`pageerror: ${err.message}`));
  return problems;
}

/** A page whose clock is the server's (the clock the queued commands carry as ctx.now). */
export async function pinClock(page, iso = SERVER_NOW) {
  await page.clock.setFixedTime(new Date(iso));
}

/** Every test fails on a console error or an uncaught page error. */
export const test = base.extend({
  page: async ({ page }, use) => {
    const problems = watchProblems(page);
    await pinClock(page);
    await use(page);
    expect(problems, "no console errors or page errors").toEqual([]);
  },
});
export { expect };

/** Fills the sign-in dialog and waits for it to close. */
export async function signIn(page, role = "manager") {
  const { id, pin } = STAFF[role];
  const dlg = page.locator("dialog#signin");
  await expect(dlg).toBeVisible();
  await dlg.getByLabel("Staff id").fill(id);
  await dlg.getByLabel("PIN").fill(pin);
  await dlg.getByRole("button", { name: "Sign in" }).click();
  await expect(dlg).toHaveCount(0);
}

/** Signs out from the header and in again as another staff member. */
export async function switchStaff(page, role) {
  await page.locator("#sign-out").click();
  await signIn(page, role);
  await expect(page.locator("#session-role")).toHaveAttribute("data-role", role);
}

export async function shot(page, name) {
  await page.screenshot({ path: path.join(SHOTS, name), fullPage: false });
}

/**
 * Open the dashboard signed in as the sample staff member of a role (the session's role is the
 * acting one) and wait until the studio from the server has rendered client c1.
 */
export async function openApp(page, role = "manager") {
  await page.goto("/");
  const signin = page.locator("dialog#signin");
  const client = page.locator("#client-h");
  await expect(signin.or(client)).toBeVisible();
  if (await signin.isVisible()) await signIn(page, role);
  await expect(client).toContainText("Aaron Diaz");
  await expect(page.locator("#session-role")).toHaveAttribute("data-role", role);
}

export function dialog(page) {
  return page.locator("dialog[open]");
}

export function field(page, name) {
  return dialog(page).locator(`[data-field="${name}"]`);
}

export async function checkCredits(page, ids) {
  for (const id of ids) await page.getByRole("checkbox", { name: `Select credit ${id}`, exact: true }).check();
}

export async function addCredits(page, { quantity = "1", reason = "Bonus session" } = {}) {
  await page.locator("#act-add").click();
  await field(page, "quantity").getByRole("textbox").fill(quantity);
  await field(page, "reason").getByRole("textbox").fill(reason);
  await expect(dialog(page).locator(".msg.ok")).toBeVisible();
  await dialog(page).getByTestId("confirm").click();
  await expect(dialog(page)).toHaveCount(0);
}

/** Set the header's what-if "now" (an RFC 3339 instant) as a user would: type it, leave the field. */
export async function setNow(page, iso) {
  await page.locator("#now").fill(iso);
  await page.locator("#now").press("Tab");
  await expect(page.locator("#now")).toHaveValue(iso);
}

export async function openToday(page) {
  await page.getByRole("tab", { name: "Today" }).click();
  await expect(page.locator("#today-h")).toBeVisible();
}

export function todayRow(page, bookingId) {
  return page.locator(`#today tr[data-booking="${bookingId}"]`);
}
