// Sign-in and sync against the server (issue 11, dashboard side): the session decides who acts;
// two front desks, one offline, book the same last credit and the later one sees the conflict
// explained before anything is sent; a queue edited in IndexedDB cannot claim another role.
// Runs last (file order): the only state it leaves on the server is desk B's check-in of b1264.
import { test, expect, shot, openApp, dialog, field, watchProblems, pinClock, STAFF, openToday, todayRow } from "./fixtures.js";

test("sign-in: a wrong PIN is refused, the role shown is the session's, sign out asks again", async ({ page }) => {
  await page.goto("/");
  const dlg = page.locator("dialog#signin");
  await expect(dlg).toBeVisible();
  await dlg.getByLabel("Staff id").fill("desk-1");
  await dlg.getByLabel("PIN").fill("0000");
  await dlg.getByRole("button", { name: "Sign in" }).click();
  await expect(dlg.locator("#signin-msg")).toContainText("Unknown staff id or wrong PIN.");
  await expect(dlg).toBeVisible();
  await expect(page.locator("#client-h")).toHaveCount(0); // nothing of the studio without a session
  await shot(page, "sign-in-refused.png");

  await dlg.getByLabel("PIN").fill("1234");
  await dlg.getByRole("button", { name: "Sign in" }).click();
  await expect(dlg).toHaveCount(0);
  await expect(page.locator("#client-h")).toContainText("Aaron Diaz");
  await expect(page.locator("#who")).toContainText("Front desk");
  await expect(page.locator("#session-role")).toHaveAttribute("data-role", "frontdesk");
  await expect(page.locator("#perms")).toContainText("Front desk may");
  await expect(page.locator("#act-add")).toBeDisabled();

  // the role switcher is a what-if: it changes previews, never the session, and blocks confirming
  await page.selectOption("#role", "owner");
  await expect(page.locator("#whatif-banner")).toContainText("not your role");
  await expect(page.locator("#act-add")).toBeEnabled();
  await page.locator("#act-add").click();
  await field(page, "reason").getByRole("textbox").fill("What-if grant");
  await expect(dialog(page).getByTestId("confirm")).toBeDisabled();
  await shot(page, "what-if.png");
  await dialog(page).getByRole("button", { name: "Cancel", exact: true }).click();
  await expect(page.locator("#session-role")).toHaveAttribute("data-role", "frontdesk");
  await expect(page.locator("#queue-count")).toContainText("0 waiting");
  await page.locator("#whatif-clear").click();

  // a reload keeps the session (the HttpOnly cookie); signing out ends it
  await page.reload();
  await expect(page.locator("#session-role")).toHaveAttribute("data-role", "frontdesk");
  await page.locator("#sign-out").click();
  await expect(dlg).toBeVisible();
  await page.reload();
  await expect(page.locator("dialog#signin")).toBeVisible();
});

test("a protected call without a session is 401", async ({ request }) => {
  expect((await request.get("/api/health")).status()).toBe(200);
  for (const [method, path] of [["get", "/api/snapshot"], ["get", "/api/changes?since=0"], ["get", "/api/session"]]) {
    const res = await request[method](path);
    expect(res.status(), path).toBe(401);
    expect((await res.json()).error).toBe("unauthorized");
  }
  const post = await request.post("/api/commands", { data: { commands: [] } });
  expect(post.status()).toBe(401);
  const wrong = await request.post("/api/session", { data: { staffId: "mgr-1", pin: "0000" } });
  expect(wrong.status()).toBe(401);
  expect((await wrong.json()).error).toBe("invalid_credentials");
});

test("two front desks: the offline booking whose credit was used meanwhile is explained before sending, then discarded", async ({ page, context, browser, baseURL }) => {
  // desk A (desk-1) on Iris Byrne (c2), whose only yoga credit is k16
  await openApp(page, "frontdesk");
  await page.locator('tr[data-client="c2"] button').click();
  await expect(page.locator("#client-h")).toContainText("Iris Byrne");
  await expect(page.locator('.bal[data-type="yoga"] .bal-n')).toHaveText("1");

  // A goes offline and books a yoga class with k16
  await context.setOffline(true);
  await expect(page.locator("#online")).toHaveText("Offline");
  await page.locator("#act-book").click();
  await field(page, "sessionTypeId").getByRole("combobox").selectOption("yoga");
  await field(page, "credit").getByRole("combobox").selectOption("k16");
  await expect(dialog(page).locator(".msg.ok")).toBeVisible();
  await dialog(page).getByTestId("confirm").click();
  await expect(dialog(page)).toHaveCount(0);
  await expect(page.locator('.bal[data-type="yoga"] .bal-n')).toHaveText("0");
  await expect(page.locator("#queue-count")).toContainText("1 waiting");

  // desk B (mgr-1), online, checks Iris in for today's yoga (b1264) with k16 and syncs
  const ctxB = await browser.newContext({ baseURL, viewport: { width: 1400, height: 900 } });
  const pageB = await ctxB.newPage();
  const problemsB = watchProblems(pageB);
  await pinClock(pageB);
  await openApp(pageB, "manager");
  await openToday(pageB);
  await todayRow(pageB, "b1264").getByRole("button", { name: "Check in" }).click();
  await dialog(pageB).getByLabel("Pay with").selectOption("k16");
  await expect(dialog(pageB).getByTestId("steps")).toContainText("credit k16 is used");
  await dialog(pageB).getByTestId("confirm").click();
  await expect(dialog(pageB)).toHaveCount(0);
  await pageB.locator("#sync").click();
  await expect(pageB.getByTestId("accepted-verdict")).toHaveCount(1);
  await expect(pageB.locator("#queue-count")).toContainText("0 waiting");
  await ctxB.close();
  expect(problemsB, "no console errors on desk B").toEqual([]);

  // A is back online and syncs: the server's changes come in, the queue is replayed on them, and
  // the booking that would now be refused is explained before anything is sent
  await context.setOffline(false);
  await expect(page.locator("#online")).toHaveText("Online");
  await page.locator("#sync").click();
  const conflicts = page.locator("#conflicts");
  await expect(conflicts).toContainText("Before sending: 1 queued command would now be refused");
  const item = conflicts.locator("li[data-command]");
  await expect(item).toHaveCount(1);
  await expect(item).toContainText("Book a session for Iris Byrne");
  await expect(item.locator(".problem-issues li").first()).toContainText("k16");
  await expect(page.locator("#queue-count")).toContainText("1 waiting"); // nothing was sent
  // the view is the server's state again: k16 is used by b1264, Iris has no yoga credit
  await expect(page.locator('#credits tr[data-credit="k16"]')).toContainText("used");
  await page.locator("#outbox").evaluate((e) => e.scrollIntoView({ block: "start" }));
  await shot(page, "sync-conflict.png");

  // Edit reopens the booking form prefilled (the queued credit kept as an option); cancel keeps it
  await item.getByRole("button", { name: "Edit" }).click();
  await expect(dialog(page).locator("#dlg-title")).toContainText("Edit queued: Book a session for Iris Byrne");
  await expect(field(page, "sessionTypeId").getByRole("combobox")).toHaveValue("yoga");
  await expect(field(page, "credit").getByRole("combobox")).toHaveValue("k16");
  await expect(dialog(page).locator(".msg.error").first()).toBeVisible();
  await dialog(page).getByRole("button", { name: "Cancel", exact: true }).click();
  await expect(conflicts.locator("li[data-command]")).toHaveCount(1);

  // Discard: the queue empties, and a sync has nothing to send
  await conflicts.locator("li[data-command]").getByRole("button", { name: "Discard" }).click();
  await expect(page.locator("#queue-count")).toContainText("0 waiting");
  await expect(page.locator("#conflicts")).toHaveCount(0);
  await page.locator("#sync").click();
  await expect(page.locator(".toast").last()).toContainText("nothing is waiting");
});

test("role from the session: a front desk cannot forgive by editing its queue in IndexedDB", async ({ page, request }) => {
  await openApp(page, "frontdesk");
  // b2 is inside the late-cancel window: forgiving it needs bookings.forgive (owner, manager)
  await page.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open("session-credits-demo");
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const t = open.result.transaction("journal", "readwrite");
      const commandId = "w-tampered-forgive";
      t.objectStore("journal").put({
        commandId, seq: 1, label: "Cancel booking b2", appliedAt: new Date().toISOString(), server: null,
        command: { type: "cancelBooking", bookingId: "b2", forgive: true },
        ctx: { actor: { id: "own-1", role: "owner" }, now: "2026-11-24T17:00:00Z", commandId },
      });
      t.oncomplete = () => resolve();
      t.onerror = () => reject(t.error);
    };
  }));
  await page.reload();
  await expect(page.locator("#queue-count")).toContainText("1 waiting");
  await expect(page.locator('#queue tr[data-command="w-tampered-forgive"]')).toContainText("own-1 (owner)");

  // the rebase judges the queue as the signed-in front desk: refused before sending …
  await page.locator("#sync").click();
  await expect(page.locator('#conflicts [data-code="permission_denied"]')).toBeVisible();
  // … and sent anyway, the server judges it as the session's staff member, whatever ctx.actor says
  await page.locator("#send-anyway").click();
  const refused = page.locator("#refused");
  await expect(refused.locator('li[data-command="w-tampered-forgive"] [data-code="permission_denied"]')).toBeVisible();
  await expect(page.locator("#queue-count")).toContainText("1 waiting");
  await expect(page.locator('#queue tr[data-command="w-tampered-forgive"] [data-testid="server-verdict"]')).toContainText("refused");
  await page.locator("#outbox").evaluate((e) => e.scrollIntoView({ block: "start" }));
  await shot(page, "sync-refused.png");

  // nothing was stored: b2 is still booked and paid with k8 on the server
  await request.post("/api/session", { data: { staffId: STAFF.manager.id, pin: STAFF.manager.pin } });
  const snap = await (await request.get("/api/snapshot")).json();
  expect(snap.appliedCommandIds).not.toContain("w-tampered-forgive");
  expect(snap.snapshot.bookings.find((b) => b.id === "b2")).toMatchObject({ status: "booked", creditId: "k8" });

  // Edit reopens the cancellation prefilled (forgive checked); without forgiving it is the front
  // desk's to do: saved in its place in the queue, sent, accepted, and the queue empties
  await refused.locator("li[data-command]").getByRole("button", { name: "Edit" }).click();
  await expect(dialog(page).locator("#dlg-title")).toContainText("Edit queued: Cancel booking b2");
  const forgive = dialog(page).getByLabel("Forgive (return the credit even if late)");
  await expect(forgive).toBeChecked();
  await expect(dialog(page).locator('.form-msgs .msg.error[data-code="permission_denied"]')).toBeVisible();
  await forgive.uncheck();
  await expect(dialog(page).locator('.msg.warning[data-code="late_cancel_forfeit"]').first()).toBeVisible();
  await dialog(page).getByRole("button", { name: "Save to the queue" }).click();
  await expect(dialog(page)).toHaveCount(0);
  await expect(page.locator("#refused")).toHaveCount(0);
  await expect(page.locator("#queue tr[data-command]")).toHaveCount(1);
  await expect(page.locator('#queue tr[data-command="w-tampered-forgive"]')).toHaveCount(0);
  await page.locator("#sync").click();
  await expect(page.locator("#queue-count")).toContainText("0 waiting");
  await expect(page.getByTestId("accepted-verdict").first()).toContainText("accepted");
  await expect(page.locator('#bookings tr[data-booking="b2"]')).toContainText("late-cancelled");
});

test("a server with another studio (its database reset) is loaded again from its snapshot", async ({ page }) => {
  await openApp(page, "frontdesk");
  let snapshots = 0;
  page.on("request", (r) => { if (new URL(r.url()).pathname === "/api/snapshot") snapshots++; });
  // the changes feed answers for another studio once, as a server with a new database would
  await page.route("**/api/changes*", async (route) => {
    await route.fulfill({ json: { studioId: "another-studio", cursor: 0, changes: { credits: [], bookings: [], remove: { bookings: [] }, appliedCommandIds: [] } } });
    await page.unroute("**/api/changes*");
  });
  await page.locator("#sync").click();
  await expect(page.locator(".toast").filter({ hasText: "reloaded from its snapshot" })).toBeVisible();
  // the request event can reach the test after the toast is seen: wait for it, not race it
  await expect.poll(() => snapshots).toBe(1);
  await expect(page.locator("#client-h")).toContainText("Aaron Diaz");
});
