// Revision 2 at the front desk: the Today tab (check in, no-show, undo), transfers between
// clients, autopay of unpaid bookings, summary previews on bulk screens.
import { test, expect, shot, openApp, dialog, field, setNow, openToday, todayRow, checkCredits, pinClock, switchStaff } from "./fixtures.js";

test("today: check in shows the engine's answer first (not open yet, then the credit used)", async ({ page }) => {
  await openApp(page);
  await openToday(page);
  // b2: Aaron Diaz, PT60 at 18:00 studio time, paid with k8; now is 12:00
  const row = todayRow(page, "b2");
  await expect(row).toContainText("Aaron Diaz");
  await expect(row).toContainText("Personal Training 60");
  await expect(row).toContainText("k8");
  await expect(page.locator("#today .session-group")).not.toHaveCount(0);
  await row.getByRole("button", { name: "Check in" }).click();
  // too early: the engine's check_in_not_open error, with the opening time from params.opensAt
  await expect(dialog(page).locator('.form-msgs .msg.error[data-code="check_in_not_open"]')).toBeVisible();
  await expect(dialog(page).getByTestId("opens-at")).toContainText("5:00 PM");
  await expect(dialog(page).getByTestId("confirm")).toBeVisible();
  await dialog(page).getByRole("button", { name: "Cancel", exact: true }).click();

  // what-if 17:30 studio time: the window is open; the preview says k8 is used, but a what-if
  // never queues anything
  await setNow(page, "2026-11-24T22:30:00Z");
  await expect(page.locator("#whatif-banner")).toContainText("What-if preview");
  await todayRow(page, "b2").getByRole("button", { name: "Check in" }).click();
  await expect(dialog(page).getByTestId("steps")).toContainText("credit k8 is used");
  await expect(dialog(page).getByTestId("consequence")).toContainText("assigned → used");
  await expect(dialog(page).locator(".msg.ok")).toBeVisible();
  await expect(dialog(page).getByTestId("confirm")).toBeDisabled();
  await expect(dialog(page).getByTestId("confirm")).toHaveText("What-if: not queued");
  await expect(dialog(page).getByTestId("whatif")).toBeVisible();
  await dialog(page).getByRole("button", { name: "Cancel", exact: true }).click();
  await expect(page.locator("#queue-count")).toContainText("0 waiting");

  // the device's clock at 17:30 studio time (the one queued commands carry): confirming queues it
  await pinClock(page, "2026-11-24T22:30:00Z");
  await page.locator("#whatif-clear").click();
  await expect(page.locator("#whatif-banner")).toBeHidden();
  await todayRow(page, "b2").getByRole("button", { name: "Check in" }).click();
  await expect(dialog(page).getByTestId("steps")).toContainText("credit k8 is used");
  await expect(dialog(page).locator(".msg.ok")).toBeVisible();
  await shot(page, "today-check-in.png");
  await dialog(page).getByTestId("confirm").click();
  await expect(dialog(page)).toHaveCount(0);
  await expect(todayRow(page, "b2")).toContainText("attended");
  await expect(todayRow(page, "b2").getByRole("button", { name: "Undo" })).toBeVisible();
  await expect(page.locator("#queue-count")).toContainText("1 waiting");
});

test("today: an unpaid session is paid at check-in, with the credit of the desk's choice", async ({ page }) => {
  await openApp(page, "frontdesk");
  await openToday(page);
  // b1263: Aaron Diaz, PT60 at 11:30 (in progress), Booked: Unpaid; b1264: Iris Byrne at 12:30, next
  const row = todayRow(page, "b1263");
  await expect(row).toContainText("unpaid");
  await expect(page.locator('#today .session-group.g-now')).toContainText("Aaron Diaz");
  await expect(page.locator('#today .session-group.g-next')).toContainText("Iris Byrne");
  // the tabs follow the arrow keys
  await page.getByRole("tab", { name: "Today" }).press("ArrowLeft");
  await expect(page.getByRole("tab", { name: "Clients" })).toHaveAttribute("aria-selected", "true");
  await expect(page.locator("#today")).toBeHidden();
  await page.getByRole("tab", { name: "Clients" }).press("ArrowRight");
  await expect(page.getByRole("tab", { name: "Today" })).toBeFocused();
  await page.locator("#today .session-group.g-now").scrollIntoViewIfNeeded();
  await shot(page, "today.png");
  await row.getByRole("button", { name: "Check in" }).click();
  await expect(dialog(page).getByTestId("steps")).toContainText("credit k2 is used");
  await dialog(page).getByLabel("Pay with").selectOption("k3");
  await expect(dialog(page).getByTestId("steps")).toContainText("credit k3 is used");
  await expect(dialog(page).getByTestId("balances")).toContainText("Personal Training 60");
  await dialog(page).getByTestId("confirm").click();
  await expect(dialog(page)).toHaveCount(0);
  await expect(todayRow(page, "b1263")).toContainText("attended");
  await expect(todayRow(page, "b1263")).toContainText("k3");
  // the next session has not started: a no-show is refused by the engine, with its reason
  await todayRow(page, "b1264").getByRole("button", { name: "No-show" }).click();
  await expect(dialog(page).locator('.form-msgs .msg.error[data-code="session_not_started"]')).toBeVisible();
  await shot(page, "today-not-started.png");
  await dialog(page).getByRole("button", { name: "Cancel", exact: true }).click();
});

test("today: a no-show shows its forfeit before confirming; forgiving is the engine's call", async ({ page }) => {
  await pinClock(page, "2026-11-24T23:10:00Z"); // the device's clock: b2 started 10 minutes ago
  await openApp(page);
  await openToday(page);
  await todayRow(page, "b2").getByRole("button", { name: "No-show" }).click();
  const cons = dialog(page).getByTestId("consequence");
  await expect(cons.locator('.msg.warning[data-code="no_show_forfeit"]')).toBeVisible();
  await expect(cons).toContainText("assigned → forfeited");
  await expect(dialog(page).getByTestId("steps")).toContainText("forfeited");
  await shot(page, "today-no-show.png");
  // a manager may forgive: the credit would return instead
  const forgive = dialog(page).getByLabel("Forgive (return the credit to the client)");
  await expect(forgive).toBeEnabled();
  await forgive.check();
  await expect(cons.locator('[data-code="no_show_forfeit"]')).toHaveCount(0);
  await expect(cons).toContainText("assigned → available");
  await forgive.uncheck();
  await expect(cons.locator('[data-code="no_show_forfeit"]')).toBeVisible();
  await dialog(page).getByTestId("confirm").click();
  await expect(dialog(page)).toHaveCount(0);
  await expect(todayRow(page, "b2")).toContainText("no-show");
  await expect(page.locator("#audit")).toContainText("forfeit");

  // the front desk may mark no-shows but not forgive them: the engine says so (permission_denied),
  // here as a what-if role (preview only)
  await page.selectOption("#role", "frontdesk");
  await expect(page.locator("#perms")).toContainText("Front desk (what-if)");
  await openToday(page);
  await todayRow(page, "b311").getByRole("button", { name: "No-show" }).click();
  await expect(dialog(page).getByLabel("Forgive (return the credit to the client)")).toBeDisabled();
  await expect(dialog(page).locator('[data-field="forgive"] .hint')).toContainText("may not forgive");
  await expect(dialog(page).locator(".msg.ok")).toBeVisible();
  await dialog(page).getByRole("button", { name: "Cancel", exact: true }).click();
});

test("today: undo a check-in puts the credit back on the booking", async ({ page }) => {
  await pinClock(page, "2026-11-24T22:30:00Z"); // the device's clock: b2's check-in window is open
  await openApp(page);
  await openToday(page);
  await todayRow(page, "b2").getByRole("button", { name: "Check in" }).click();
  await dialog(page).getByTestId("confirm").click();
  await expect(dialog(page)).toHaveCount(0);
  await expect(todayRow(page, "b2")).toContainText("attended");

  await todayRow(page, "b2").getByRole("button", { name: "Undo" }).click();
  await expect(dialog(page).getByTestId("consequence")).toContainText("used → assigned");
  await expect(dialog(page).getByTestId("consequence")).toContainText("attended → booked");
  await expect(dialog(page).getByTestId("steps").locator("li")).not.toHaveCount(0);
  await shot(page, "undo.png");
  await dialog(page).getByTestId("confirm").click();
  await expect(dialog(page)).toHaveCount(0);
  await expect(todayRow(page, "b2")).toContainText("booked");
  await expect(todayRow(page, "b2").getByRole("button", { name: "Check in" })).toBeVisible();
  await expect(page.locator("#audit")).toContainText("revert");
  await expect(page.locator("#queue-count")).toContainText("2 waiting");
  // the server judges ctx.now against its own clock (17:00 UTC here): this device runs 5½ hours
  // ahead, so both are refused at "now", and stay queued until discarded
  await page.locator("#sync").click();
  const refused = page.locator("#refused");
  await expect(refused.locator("li[data-command]")).toHaveCount(2);
  await expect(refused.locator('[data-code="invalid_date"]').first()).toContainText("later than the server's clock");
  await expect(page.locator("#queue-count")).toContainText("2 waiting");
  for (let i = 0; i < 2; i++) await refused.locator("li[data-command]").first().getByRole("button", { name: "Discard" }).click();
  await expect(page.locator("#queue-count")).toContainText("0 waiting");
  await expect(todayRow(page, "b2").getByRole("button", { name: "Check in" })).toBeVisible();
});

test("transfer credits: live preview, errors under their fields, balances before → after", async ({ page }) => {
  await openApp(page);
  // a manager may not transfer (credits.transfer): the engine refuses a draft, the button says why
  await expect(page.locator("#act-transfer")).toBeDisabled();
  await expect(page.locator("#act-transfer")).toHaveAttribute("title", /may not transfer/);
  await expect(page.locator("#perms")).toContainText("Not: transfer credits");

  await switchStaff(page, "owner");
  await checkCredits(page, ["k1", "k8"]); // k8 is assigned to b2
  await page.locator("#act-transfer").click();
  const to = field(page, "toClientId");
  await expect(to.locator('.msg.error[data-code="required"]')).toBeVisible();
  // c4 has no membership: the recipient error stands under "To client"; k8 next to its item
  await to.getByRole("combobox").selectOption("c4");
  await expect(to.locator('.msg.error[data-code="no_active_membership"]')).toBeVisible();
  await expect(field(page, "creditIds").locator('li[data-index="1"] .chip.error[data-code="credit_assigned"]')).toBeVisible();
  await to.getByRole("combobox").selectOption("c2");
  await expect(to.locator(".msg.error")).toHaveCount(0);
  await expect(field(page, "creditIds").locator('li[data-index="1"] .chip.error')).toBeVisible();

  // by type and quantity instead: quantity errors as typed, then the preview
  await dialog(page).getByLabel("A session type and quantity").check();
  await expect(field(page, "creditIds")).toBeHidden();
  const qty = field(page, "quantity").getByRole("textbox");
  await qty.fill("0");
  await expect(field(page, "quantity").locator(".msg.error")).toBeVisible();
  await qty.fill("9");
  await expect(field(page, "quantity").locator('.msg.error[data-code="insufficient_credits"]')).toBeVisible();
  await qty.fill("2");
  await field(page, "reason").getByRole("textbox").fill("Gift to a friend");
  await expect(field(page, "quantity").locator(".msg.error")).toHaveCount(0);
  await expect(dialog(page).locator(".msg.ok")).toBeVisible();
  await expect(dialog(page).getByTestId("transfer-preview")).toContainText("2 × Personal Training 60");
  const balances = dialog(page).getByTestId("balances");
  await expect(balances.locator("tr", { hasText: "Aaron Diaz" })).toContainText("3");
  await expect(balances.locator("tr", { hasText: "Aaron Diaz" })).toContainText("→ 1");
  await expect(balances.locator("tr", { hasText: "Iris Byrne" })).toContainText("→ 4");
  await expect(dialog(page).getByTestId("steps")).toContainText("Transfer 2 Personal Training 60 credits");
  await shot(page, "transfer.png");
  await dialog(page).getByTestId("confirm").click();
  await expect(dialog(page)).toHaveCount(0);
  await expect(page.locator('.bal[data-type="pt60"] .bal-n')).toHaveText("1");
  await expect(page.locator("#audit")).toContainText("transferOut");
  await expect(page.locator("#audit")).toContainText("Gift to a friend");
});

test("autopay on: the add-credits preview shows the unpaid booking it would pay", async ({ page }) => {
  await openApp(page);
  // b1: Aaron Diaz, PT60 on Nov 29, Booked: Unpaid
  await expect(page.locator('#bookings tr[data-booking="b1"]')).toContainText("booked: unpaid");
  await page.locator("#act-add").click();
  await field(page, "reason").getByRole("textbox").fill("Top-up");
  await expect(dialog(page).locator(".msg.ok")).toBeVisible();
  await expect(dialog(page).getByTestId("autopay-preview")).toHaveCount(0); // autopay is off
  await dialog(page).getByRole("button", { name: "Cancel", exact: true }).click();

  await page.getByLabel("Autopay unpaid bookings").check();
  await page.locator("#act-add").click();
  await field(page, "quantity").getByRole("textbox").fill("2");
  await field(page, "reason").getByRole("textbox").fill("Top-up");
  const paid = dialog(page).getByTestId("autopay-preview");
  await expect(paid.locator('li[data-booking="b1"]')).toContainText("paid with a new credit");
  await expect(dialog(page).getByTestId("steps")).toContainText("Pay Aaron Diaz's Personal Training 60");
  // one of the two new credits pays b1: the balance goes up by one
  await expect(dialog(page).getByTestId("balances")).toContainText("→ 4");
  await shot(page, "autopay-preview.png");
  await dialog(page).getByTestId("confirm").click();
  await expect(dialog(page)).toHaveCount(0);
  await expect(page.locator('#bookings tr[data-booking="b1"]')).not.toContainText("unpaid");
  await expect(page.locator('#bookings tr[data-booking="b1"]')).toContainText("w-");
  await expect(page.locator("#audit")).toContainText("assign");
  // the setting survives a reload (the journal is replayed under it)
  await page.reload();
  await expect(page.getByLabel("Autopay unpaid bookings")).toBeChecked();
  await expect(page.locator('#bookings tr[data-booking="b1"]')).not.toContainText("unpaid");

  // a transfer pays the recipient's unpaid booking too: Iris Byrne's yoga at 12:30 (b1264); the
  // manager may not transfer, so this is a what-if as the owner (preview only)
  await page.selectOption("#role", "owner");
  await page.locator("#act-transfer").click();
  await field(page, "toClientId").getByRole("combobox").selectOption("c2");
  await field(page, "sessionTypeId").getByRole("combobox").selectOption("yoga");
  await expect(dialog(page).getByTestId("autopay-preview").locator('li[data-booking="b1264"]')).toContainText("Iris Byrne");
  await expect(dialog(page).getByTestId("steps")).toContainText("Pay Iris Byrne's Vinyasa Yoga");
  await dialog(page).getByRole("button", { name: "Cancel", exact: true }).click();
});

test("bulk screens: the live count comes from a summary preview, every credit only when listed", async ({ page }) => {
  await openApp(page);
  await page.getByRole("checkbox", { name: "Select all listed credits" }).check();
  const n = await page.locator("#credits tbody tr[data-credit]").count();
  await page.locator("#act-change-type").click();
  await dialog(page).getByLabel("New session type").selectOption("spin");
  const counts = dialog(page).getByTestId("counts");
  await expect(counts).toContainText(`of ${n} credits can go ahead`);
  const listAll = dialog(page).getByLabel("List every credit (full preview)");
  // summary: only the credits with an error or a warning are listed
  await listAll.uncheck();
  const items = dialog(page).getByTestId("items");
  await expect(dialog(page).locator(".items h4")).toContainText("Credits with an error or a warning");
  await expect(items.locator('tr[data-item="k8"]')).toContainText("cannot");
  await expect(items.locator('tr[data-item="k1"]')).toHaveCount(0);
  const okText = await counts.textContent();
  const ok = Number(okText.trim().split(" ")[0]);
  const issueRows = await items.locator("tbody tr").count();
  expect(ok).toBeGreaterThan(0);
  expect(ok).toBeLessThan(n);
  // skip-invalid: the same count, and the balances before → after
  await dialog(page).getByLabel("Skip credits that cannot change").check();
  await expect(counts).toContainText(`${ok} of ${n} credits can go ahead`);
  await expect(dialog(page).getByTestId("balances")).toContainText("Spin");
  await shot(page, "bulk-summary.png");
  // the full list on demand
  await listAll.check();
  await expect(items.locator('tr[data-item="k1"]')).toContainText("will change");
  await expect(items.locator("tbody tr")).toHaveCount(n);
  expect(issueRows).toBeLessThan(n);
  await dialog(page).getByTestId("confirm").click();
  await expect(dialog(page)).toHaveCount(0);
  await expect(page.locator('#credits tr[data-credit="k1"]')).toContainText("Spin");
});
