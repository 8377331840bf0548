import { test as base, expect } from "@playwright/test";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const SHOTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../test-results");

/** Every test fails on a console error or an uncaught page error. */
export const test = base.extend({
  page: async ({ page }, use) => {
    const problems = [];
    page.on("console", (msg) => { if (msg.type() === "error") problems.push(`console: ${msg.text()}`); });
    page.on("pageerror", (err) => problems.push(`pageerror: ${err.message}`));
    await use(page);
    expect(problems, "no console errors or page errors").toEqual([]);
  },
});
export { expect };

export async function shot(page, name) {
  await page.screenshot({ path: path.join(SHOTS, name), fullPage: false });
}

/** Open the dashboard as a role and wait until the engine has rendered client c1. */
export async function openApp(page, role = "manager") {
  await page.goto("/");
  await expect(page.locator("#client-h")).toContainText("Aaron Diaz");
  if (role !== "manager") await page.selectOption("#role", role);
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

/** Set the header's "now" (an RFC 3339 instant) as a user would: type it, leave the field. */
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
