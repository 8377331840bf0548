import { test, expect, shot, openApp, dialog, field, checkCredits, addCredits, STAFF } from "./fixtures.js";

test("invalid quantity shows its error under the field as it is typed", async ({ page }) => {
  await openApp(page);
  await page.locator("#act-add").click();
  const qty = field(page, "quantity");
  const input = qty.getByRole("textbox", { name: "Quantity" });
  await input.fill("");
  await input.pressSequentially("0");
  await expect(qty.locator(".msg.error")).toBeVisible();
  await expect(input).toHaveAttribute("aria-invalid", "true");
  const describedBy = await input.getAttribute("aria-describedby");
  const msgId = describedBy.split(" ").at(-1);
  await expect(page.locator(`#${msgId} .msg.error`)).toHaveCount(1);

  await input.pressSequentially("000"); // "0000"
  await expect(qty.locator(".msg.error")).toBeVisible();
  await input.fill("");
  await input.pressSequentially("2.5");
  await expect(qty.locator(".msg.error")).toBeVisible();
  await shot(page, "add-credits-error.png");

  // fixed: the error goes away on the next keystrokes, the preview shows what will be granted
  await input.fill("");
  await input.pressSequentially("2");
  await expect(qty.locator(".msg.error")).toHaveCount(0);
  await field(page, "reason").getByRole("textbox").fill("Service recovery");
  // a short expiry is a warning (amber), not an error
  await field(page, "expiresAt").locator("input").fill("2026-11-30");
  await expect(field(page, "expiresAt").locator(".msg.warning")).toBeVisible();
  await expect(field(page, "expiresAt").locator(".msg.error")).toHaveCount(0);
  await expect(dialog(page).getByTestId("grant-preview")).toContainText("2 × Personal Training 60");
  await shot(page, "add-credits-preview.png");

  const before = Number(await page.locator('.bal[data-type="pt60"] .bal-n').textContent());
  await dialog(page).getByTestId("confirm").click();
  await expect(dialog(page)).toHaveCount(0);
  await expect(page.locator('.bal[data-type="pt60"] .bal-n')).toHaveText(String(before + 2));
  await expect(page.locator("#audit")).toContainText("Service recovery");
  await expect(page.locator("#audit")).toContainText("grant");
});

test("add credits to many clients: per-client verdicts and skip-invalid", async ({ page }) => {
  await openApp(page);
  for (const id of ["c1", "c4", "c5"]) await page.locator(`tr[data-client="${id}"] input[type="checkbox"]`).check();
  await page.locator("#add-selected").click();
  await field(page, "reason").getByRole("textbox").fill("Holiday bonus");
  // c4 has no membership: its error stands next to it (path clientIds.1)
  const c4 = field(page, "clientIds").locator('li[data-index="1"] .chip.error');
  await expect(c4).toBeVisible();
  await dialog(page).getByLabel("Skip clients who cannot receive credits").check();
  await expect(dialog(page).locator(".msg.ok")).toBeVisible();
  const okItems = await dialog(page).getByTestId("items").locator("tr.item-ok").count();
  expect(okItems).toBeGreaterThanOrEqual(1);
  await expect(dialog(page).getByTestId("grant-preview").locator("li")).toHaveCount(okItems);
  await expect(dialog(page).getByTestId("items").locator('tr[data-item="c4"]')).toContainText("cannot");
  await shot(page, "add-credits-bulk.png");
  await dialog(page).getByTestId("confirm").click();
  await expect(dialog(page)).toHaveCount(0);
  await expect(page.locator("#queue-count")).toContainText("1 waiting");
});

test("bulk change type shows per-credit verdicts and balances before applying", async ({ page }) => {
  await openApp(page);
  // k1, k2 available PT60; k4 recurring yoga; k8 assigned to a booking
  await checkCredits(page, ["k1", "k2", "k4", "k8"]);
  await page.locator("#act-change-type").click();
  await dialog(page).getByLabel("New session type").selectOption("spin");
  const items = dialog(page).getByTestId("items");
  await expect(items.locator('tr[data-item="k8"]')).toContainText("cannot");
  await expect(items.locator('tr[data-item="k1"]')).toContainText("will change");
  await expect(items.locator('tr[data-item="k4"] .warning-text')).toBeVisible(); // recurring release unchanged
  await expect(dialog(page).getByTestId("confirm")).toBeVisible();
  // all or nothing refuses; skip-invalid applies the rest and shows balances before → after
  await dialog(page).getByLabel("Skip credits that cannot change").check();
  const balances = dialog(page).getByTestId("balances");
  await expect(balances).toContainText("Spin");
  await expect(balances).toContainText("Personal Training 60");
  await shot(page, "bulk-change-type.png");
  await dialog(page).getByTestId("confirm").click();
  await expect(dialog(page)).toHaveCount(0);
  await expect(page.locator('#credits tr[data-credit="k1"]')).toContainText("Spin");
  await expect(page.locator('#credits tr[data-credit="k2"]')).toContainText("Spin");
  await expect(page.locator('#credits tr[data-credit="k8"]')).toContainText("Personal Training 60");
  await expect(page.locator("#audit")).toContainText("changeType");
});

test("forgive & rebook shows its steps and results", async ({ page }) => {
  await openApp(page);
  const row = page.locator('#bookings tr[data-booking="b3"]');
  await expect(row).toContainText("k9");
  await row.getByRole("button", { name: "Forgive & rebook…" }).click();
  const steps = dialog(page).getByTestId("steps").locator("li");
  await expect(steps.first()).toBeVisible();
  expect(await steps.count()).toBeGreaterThanOrEqual(2);
  await expect(dialog(page).getByTestId("booking-result")).toContainText("paid with k9");
  await shot(page, "forgive-rebook.png");
  await dialog(page).getByTestId("confirm").click();
  await expect(dialog(page)).toHaveCount(0);
  await expect(page.locator('#bookings tr[data-booking="b3"]')).toContainText("cancelled");
  const newRow = page.locator("#bookings tr").filter({ hasText: "k9" }).filter({ hasText: "booked" });
  await expect(newRow).toHaveCount(1);
  await expect(page.locator("#audit")).toContainText("release");
  await expect(page.locator("#audit")).toContainText("assign");
});

test("front desk: permissions hide or refuse what it may not do", async ({ page }) => {
  await openApp(page, "frontdesk");
  await expect(page.locator("#perms")).toContainText("Front desk");
  await expect(page.locator("#act-add")).toBeDisabled();
  await checkCredits(page, ["k1"]);
  await expect(page.locator("#act-change-type")).toBeDisabled();
  await expect(page.locator("#act-extend")).toBeDisabled();
  await expect(page.locator("#act-remove")).toBeDisabled();
  await expect(page.locator('#bookings tr[data-booking="b3"]').getByRole("button", { name: "Forgive & rebook…" })).toBeDisabled();

  // cancel inside the late-cancel window: the forfeit is shown before confirming …
  const late = page.locator('#bookings tr[data-booking="b2"]');
  await late.getByRole("button", { name: "Cancel…" }).click();
  await expect(dialog(page).getByTestId("consequence").locator('.msg.warning[data-code="late_cancel_forfeit"]')).toBeVisible();
  // … and forgiving it is refused by the engine for this role
  await dialog(page).getByLabel("Forgive (return the credit even if late)").check();
  await expect(dialog(page).locator('.form-msgs .msg.error[data-code="permission_denied"]')).toBeVisible();
  await shot(page, "frontdesk-refused.png");
  await dialog(page).getByRole("button", { name: "Cancel", exact: true }).click();

  // deleting a booking inside the window would be a forgiveness: refused too
  await late.getByRole("button", { name: "Delete…" }).click();
  await expect(dialog(page).locator('.msg.error[data-code="permission_denied"]').first()).toBeVisible();
  await dialog(page).getByRole("button", { name: "Cancel", exact: true }).click();

  // but the front desk may book
  await page.locator("#act-book").click();
  await expect(dialog(page).locator(".msg.ok")).toBeVisible();
  await dialog(page).getByTestId("confirm").click();
  await expect(dialog(page)).toHaveCount(0);
  // queued as the signed-in front desk (the session's staff id and role)
  await expect(page.locator("#audit")).toContainText("desk-1 (frontdesk)");
});

test("offline reload keeps the app and the queue", async ({ page, context }) => {
  await openApp(page);
  await page.waitForFunction(() => navigator.serviceWorker?.controller !== null || document.documentElement.dataset.swReady === "1");
  await page.evaluate(() => navigator.serviceWorker.ready);
  // make sure the worker controls the page and holds the shell before going offline
  await page.reload();
  await page.waitForFunction(() => !!navigator.serviceWorker.controller);
  await expect(page.locator("#client-h")).toContainText("Aaron Diaz");
  await addCredits(page, { quantity: "3", reason: "Offline test grant" });
  await expect(page.locator("#queue-count")).toContainText("1 waiting");
  const pt60 = await page.locator('.bal[data-type="pt60"] .bal-n').textContent();

  await context.setOffline(true);
  const fromSw = [];
  page.on("response", (r) => fromSw.push([new URL(r.url()).pathname, r.fromServiceWorker()]));
  await page.reload();
  await expect(page.locator("#client-h")).toContainText("Aaron Diaz");
  await expect(page.locator("#online")).toHaveText("Offline");
  await expect(page.locator("#queue-count")).toContainText("1 waiting");
  await expect(page.locator('.bal[data-type="pt60"] .bal-n')).toHaveText(pt60);
  await expect(page.locator("#audit")).toContainText("Offline test grant");
  // the shell, the bundle and the engine's .wasm came from the service worker's cache
  const wasm = fromSw.filter(([p]) => p.endsWith(".wasm"));
  expect(wasm.length).toBeGreaterThan(0);
  expect(fromSw.every(([, sw]) => sw), JSON.stringify(fromSw)).toBe(true);
  await shot(page, "offline-reload.png");
  await context.setOffline(false);
});

test("sync sends the queue to the server, which accepts it", async ({ page, request }) => {
  // signed in as the manager; Yuki Fischer (c10) is a client no other test syncs or looks at
  await openApp(page);
  await page.locator('tr[data-client="c10"] button').click();
  await expect(page.locator("#client-h")).toContainText("c10");
  await addCredits(page, { quantity: "1", reason: "Sync test grant" });
  await checkCredits(page, ["k148"]);
  await page.locator("#act-extend").click();
  await field(page, "reason").getByRole("textbox").fill("Holiday extension");
  await expect(dialog(page).locator(".msg.ok")).toBeVisible();
  await dialog(page).getByTestId("confirm").click();
  await expect(dialog(page)).toHaveCount(0);
  await expect(page.locator("#sync")).toHaveText("Sync 2 commands");
  const ids = await page.locator("#queue tr[data-command]").evaluateAll((rows) => rows.map((r) => r.dataset.command));
  expect(ids).toHaveLength(2);

  await page.locator("#sync").click();
  // accepted commands leave the queue; the accepted list shows the server's verdicts
  await expect(page.locator("#queue-count")).toContainText("0 waiting");
  await expect(page.locator("#queue-empty")).toBeVisible();
  const verdicts = page.getByTestId("accepted-verdict");
  await expect(verdicts).toHaveCount(2);
  await expect(verdicts.nth(0)).toContainText("accepted");
  await expect(verdicts.nth(1)).toContainText("accepted");
  // the confirmed copy moved on by the changes feed: the client page still shows the grant
  await expect(page.locator("#audit")).toContainText("Sync test grant");
  await page.locator("#outbox").scrollIntoViewIfNeeded();
  await shot(page, "sync-accepted.png");

  // the server's ledger holds both, judged as the signed-in manager; resending one is answered as
  // accepted again (the request fixture signs in on its own: the page's cookie is not shared)
  const signin = await request.post("/api/session", { data: { staffId: STAFF.manager.id, pin: STAFF.manager.pin } });
  expect(signin.status()).toBe(200);
  const ledger = await (await request.get("/api/ledger")).json();
  const recorded = ledger.records.map((r) => r.commandId);
  for (const id of ids) expect(recorded).toContain(id);
  const entry = ledger.records.find((r) => r.commandId === ids[0]);
  expect(entry.ctx.actor).toEqual({ id: "mgr-1", role: "manager" });
  expect(entry.ctx.now).toBe("2026-11-24T17:00:00Z"); // the browser's (pinned) clock
  const again = await (await request.post("/api/commands", { data: { commands: [{ command: entry.command, ctx: entry.ctx }] } })).json();
  expect(again.results[0]).toMatchObject({ commandId: ids[0], ok: true, duplicate: true });
  // after a reload the page starts from the server's snapshot, which has both applied
  await page.reload();
  await expect(page.locator("#client-h")).toBeVisible();
  await expect(page.locator("#queue-count")).toContainText("0 waiting");
});

test("pages are served with the strict CSP and load without errors", async ({ page, request }) => {
  const res = await request.get("/");
  expect(res.headers()["content-security-policy"]).toBe("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; frame-ancestors 'none'");
  await openApp(page);
  // keyboard: the client list and the actions are reachable with Tab
  await page.locator("#client-search").focus();
  await page.keyboard.type("c2");
  await expect(page.locator(".clients-table tbody tr")).toHaveCount(1);
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  await expect(page.locator("#client-h")).toContainText("c2");
  await shot(page, "dashboard.png");
});
