// Front-desk dashboard for the session-credits engine, in front of the sync server.
//
// Staff sign in (GET/POST/DELETE /api/session; the acting role is the session's). The studio comes
// from the server: GET /api/snapshot builds the *confirmed* engine (the server's state as of a
// cursor, with the commandIds it accepted), later moved on only by its changes feed
// (GET /api/changes?since=cursor → confirmed.patch(changes)). What the screens show is the *view*:
// confirmed.clone() with the pending queue replayed (SPEC §4, the rebase recipe). Confirming a form
// applies the command to the view and queues it (IndexedDB, offline too); Sync pulls the changes,
// rebases, shows what would now be refused (Discard / Edit) and then posts the queue; the server's
// refusals are shown the same way, accepted commands leave the queue. See www/README.md.
//
// Layout: main.js (boot, session, the engines and the queue, header and tabs, apply, sync) ·
// api.js (the HTTP API) · state.js (shared state, the `app` handle) · store.js (IndexedDB) ·
// views/ (clients, client, today, outbox, signin) · forms/ (one module per command; bulk.js shared
// by the bulk screens) · edit.js (reopening a queued command's form) · form.js (the dialog that
// previews on every keystroke) · fragments.js (the engine's answers drawn) · answers.js (what the
// dashboard asks the engine instead of copying its rules).

import { Engine, version } from "session-credits";
import { h, replace, fmtInstant, isoUtc, plural } from "./dom.js";
import { ROLE_LABELS, S, app, roleLabel, sessionActor, isPending, pendingEntries } from "./state.js";
import { abilities, expiredAtNow } from "./answers.js";
import { loadJournal, putEntry, deleteEntry, clearJournal, loadServerState, saveServerState, clearServerState, ACCEPTED_KEPT } from "./store.js";
import * as api from "./api.js";
import { renderClient } from "./views/client.js";
import { renderClients } from "./views/clients.js";
import { renderOutbox } from "./views/outbox.js";
import { renderToday, scrollToNow } from "./views/today.js";
import { signInDialog } from "./views/signin.js";
import { editOpener } from "./edit.js";
import "./styles.css";

app.apply = (command, label, options, replaces) => applyCommand(command, label, options, replaces);
app.rerender = () => { refreshData(); renderAll(); };
app.openClient = (id, opts) => openClient(id, opts);
app.sync = (opts) => sync(opts);
app.discard = (entry) => discardEntry(entry);
app.edit = (entry) => editEntry(entry);
app.endEdit = () => endEdit();


// ---- boot ---------------------------------------------------------------------------------------

boot().catch((err) => {
  console.warn(err);
  replace(document.getElementById("app"),
    h("div", { class: "fatal", role: "alert" }, h("h2", null, "The dashboard could not start"), h("p", null, String(err?.message || err)),
      err?.issues ? h("ul", null, err.issues.slice(0, 20).map((i) => h("li", null, `${i.path}: ${i.message}`))) : null));
});

async function boot() {
  registerServiceWorker();
  try {
    S.journal = await loadJournal();
  } catch (e) {
    console.warn("IndexedDB unavailable; the queue will not survive a reload", e);
    S.journal = [];
  }
  await whoAmI();
  await loadStudio();
  rebase();
  buildShell();
  refreshData();
  renderAll();
  checkClock();
  followClock();
  document.documentElement.dataset.ready = "1";
}

/** "now" is the clock: redraw when its minute changes (not while a dialog is open). */
function followClock() {
  let minute = Math.floor(Date.now() / 60_000);
  setInterval(() => {
    const m = Math.floor(Date.now() / 60_000);
    if (m === minute || S.whatIfNow || document.querySelector("dialog[open]")) return;
    minute = m;
    app.rerender();
  }, 15_000);
}

/** The signed-in staff member: GET /api/session, the sign-in form on 401, the last known offline. */
async function whoAmI() {
  const known = readKnownSession();
  if (!navigator.onLine) {
    if (known) { S.session = known; return; }
    throw new Error("This device is offline and nobody has signed in on it yet: connect to the studio's network and sign in.");
  }
  try {
    const { data } = await api.getSession();
    setSession(data.staff, true);
  } catch (e) {
    if (e instanceof api.Unauthorized) {
      await signIn(known ? "Your session has ended: sign in again." : null);
    } else if (e instanceof api.Offline && known) {
      S.session = known;
    } else throw e;
  }
}

function readKnownSession() {
  try { return JSON.parse(localStorage.getItem("sc.staff") || "null"); } catch { return null; }
}

function setSession(staff, fromServer) {
  S.session = { id: staff.id, name: staff.name, role: staff.role };
  S.sessionChecked = !!fromServer;
  localStorage.setItem("sc.staff", JSON.stringify(S.session));
}

/** Shows the sign-in dialog until someone signs in (resolves with the staff member). */
async function signIn(message) {
  const staff = await signInDialog({ message, signIn: api.signIn });
  setSession(staff, true);
  return staff;
}

async function signOut() {
  try {
    await api.signOut();
  } catch (e) {
    if (!(e instanceof api.Offline)) throw e;
    toast("Offline: signed out on this device; the server ends the session when it expires.", "error");
  }
  S.session = null;
  localStorage.removeItem("sc.staff");
  renderHeader();
  await signIn("Signed out. The queue stays on this device; whoever signs in next sends it, judged as themselves.");
  rebase(); // the queue is now judged as the new staff member
  app.rerender();
}

/** The studio: GET /api/snapshot when online, else the copy kept from the last time. */
async function loadStudio() {
  let failure = null;
  if (navigator.onLine) {
    try {
      const { data } = await withSession(() => api.getSnapshot());
      await adoptSnapshot(data);
      return;
    } catch (e) {
      // unreachable or failing: the copy kept from the last time, if there is one
      if (!(e instanceof api.Offline)) console.warn("GET /api/snapshot failed; starting from the kept copy", e);
      failure = e;
    }
  }
  const kept = await loadServerState().catch(() => null);
  if (!kept) {
    if (failure && !(failure instanceof api.Offline)) throw failure;
    throw new Error("The studio has not been loaded on this device yet: connect and sign in once.");
  }
  S.studioId = kept.studioId;
  S.cursor = kept.cursor;
  S.serverPolicy = JSON.parse(kept.policyJson);
  S.appliedIds = new Set(kept.appliedCommandIds);
  buildConfirmed(kept.snapshotJson);
}

async function adoptSnapshot(data) {
  S.studioId = data.studioId;
  S.cursor = data.cursor;
  S.serverPolicy = data.policy;
  S.appliedIds = new Set(data.appliedCommandIds);
  buildConfirmed(JSON.stringify(data.snapshot));
  await keepServerState();
}

/** The confirmed engine: the server's snapshot under the current policy, with its accepted ids. */
function buildConfirmed(snapshotJson) {
  S.policy = demoPolicy();
  S.tz = S.policy.timezone;
  const engine = Engine.fromJson(JSON.stringify(S.policy), snapshotJson);
  // a queued command the server already accepted (its answer lost) is then refused as applied
  if (S.appliedIds.size) engine.patch({ appliedCommandIds: [...S.appliedIds] });
  const old = S.confirmed;
  S.confirmed = engine;
  old?.free(); // wasm memory now, not at some later garbage collection
}

function keepServerState() {
  return saveServerState({
    studioId: S.studioId, cursor: S.cursor, policyJson: JSON.stringify(S.serverPolicy),
    snapshotJson: JSON.stringify(S.confirmed.snapshot()), appliedCommandIds: [...S.appliedIds],
  }).catch((e) => console.warn("could not keep the server's state for offline use", e));
}

/** The demo's own policy settings (header toggles), on top of the studio's policy. */
function demoPolicy() {
  return { ...S.serverPolicy, autoPayUnpaid: localStorage.getItem("sc.autopay") === "1" };
}

function setAutopay(on) {
  if (on) localStorage.setItem("sc.autopay", "1");
  else localStorage.removeItem("sc.autopay");
  buildConfirmed(JSON.stringify(S.confirmed.snapshot()));
  rebase();
  refreshData();
  renderAll();
  toast(on ? "Autopay on: credits that arrive pay the client's future unpaid bookings." : "Autopay off.");
}

function registerServiceWorker() {
  if (!("serviceWorker" in navigator) || !import.meta.env.PROD) return;
  navigator.serviceWorker.register("/sw.js").then(() => {
    document.documentElement.dataset.sw = "registered";
  }).catch((e) => console.warn("service worker not registered", e));
  navigator.serviceWorker.ready.then(() => { document.documentElement.dataset.swReady = "1"; });
}

/** How far this device's clock is from the server's (queued commands carry the device's clock). */
async function checkClock() {
  if (!navigator.onLine) return;
  try {
    const { data } = await api.getHealth();
    const off = Math.round((Date.now() - Date.parse(data.now)) / 1000);
    S.clockOffset = off;
    renderHeader();
  } catch { /* offline: nothing to compare with */ }
}

// ---- the queue and the rebase -------------------------------------------------------------------

/**
 * view = confirmed.clone(); view.replay(pending queue). Each pending entry gets its replay verdict
 * (`replay`: "ok" | "refused", `replayErrors`). The replay judges as the signed-in staff member
 * (the server ignores the queued ctx.actor). A pending command the server already accepted leaves
 * the queue here (its answer was lost, the feed listed it).
 */
function rebase() {
  for (const e of S.journal) {
    if (isPending(e) && S.appliedIds.has(e.commandId)) {
      e.server = { ok: true, duplicate: true, errors: [], warnings: e.warnings || [], at: new Date().toISOString() };
      putEntry(e).catch(() => {});
    }
  }
  const pending = pendingEntries().filter((e) => e.commandId !== S.editingId);
  const view = S.confirmed.clone();
  const actor = sessionActor();
  const rr = view.replay(pending.map((e) => ({ command: e.command, ctx: actor ? { ...e.ctx, actor } : e.ctx })));
  rr.results.forEach((r, i) => {
    const e = pending[i];
    e.replay = r.ok ? "ok" : "refused";
    e.replayErrors = r.errors;
  });
  const old = S.engine;
  S.engine = view;
  if (old && old !== S.confirmed) old.free();
  S.conflicts = pending.some((e) => e.replay === "refused");
  pruneAccepted();
}

function pruneAccepted() {
  const accepted = S.journal.filter((e) => !isPending(e));
  for (const e of accepted.slice(0, Math.max(0, accepted.length - ACCEPTED_KEPT))) {
    S.journal.splice(S.journal.indexOf(e), 1);
    deleteEntry(e.commandId).catch(() => {});
  }
}

async function discardEntry(entry) {
  const i = S.journal.indexOf(entry);
  if (i >= 0) S.journal.splice(i, 1);
  await deleteEntry(entry.commandId).catch((e) => console.warn("could not delete the entry", e));
  rebase();
  app.rerender();
  toast(`Discarded: ${entry.label || entry.command.type}. It will not be sent.`);
}

/** Reopens a queued command's form, prefilled, on the view without it; saving replaces it. */
function editEntry(entry) {
  const open = editOpener(entry);
  if (!open) { toast("This command cannot be reopened (what it refers to is gone): discard it instead.", "error"); return; }
  S.editingId = entry.commandId;
  rebase();
  refreshData();
  renderAll();
  app.editing = entry;
  open();
  app.editing = null;
}

function endEdit() {
  if (!S.editingId) return;
  S.editingId = null;
  rebase();
  app.rerender();
}

// ---- derived data -------------------------------------------------------------------------------

function refreshData() {
  S.snap = S.engine.snapshot();
  S.types = new Map(S.snap.sessionTypes.map((t) => [t.id, t]));
  S.clients = new Map(S.snap.clients.map((c) => [c.id, c]));
  const group = (arr) => {
    const m = new Map();
    for (const x of arr) {
      let l = m.get(x.clientId);
      if (!l) { l = []; m.set(x.clientId, l); }
      l.push(x);
    }
    return m;
  };
  S.creditsByClient = group(S.snap.credits);
  S.bookingsByClient = group(S.snap.bookings);
  S.membershipsByClient = group(S.snap.memberships);
  S.expiredNow = expiredAtNow();
  let rows;
  try {
    rows = S.engine.balances({ asOf: S.now });
  } catch {
    rows = S.engine.balances();
  }
  S.balances = new Map();
  for (const r of rows) {
    if (!S.balances.has(r.clientId)) S.balances.set(r.clientId, new Map());
    S.balances.get(r.clientId).set(r.sessionTypeId, r);
  }
  // drop checks on credits that no longer belong to the current client view
  const ids = new Set((S.creditsByClient.get(S.currentClientId) || []).map((c) => c.id));
  for (const id of [...S.checkedCredits]) if (!ids.has(id)) S.checkedCredits.delete(id);
}

// ---- shell --------------------------------------------------------------------------------------

let el = {};

function buildShell() {
  const root = document.getElementById("app");
  el.who = h("div", { class: "ctl who", id: "who" });
  const roleSel = h("select", { id: "role", onchange: (e) => setWhatIf({ role: e.target.value || null }) },
    h("option", { value: "" }, "— as signed in —"),
    Object.entries(ROLE_LABELS).map(([k, label]) => h("option", { value: k }, label)));
  el.roleSel = roleSel;
  const nowInput = h("input", { id: "now", type: "text", spellcheck: "false", "aria-describedby": "now-hint", size: 22,
    placeholder: "the device's clock", onchange: (e) => setWhatIf({ now: e.target.value.trim() || null }) });
  const shift = (ms) => {
    const t = Date.parse(S.now);
    if (Number.isFinite(t)) setWhatIf({ now: isoUtc(t + ms) });
  };
  el.nowInput = nowInput;
  el.nowLocal = h("span", { id: "now-hint", class: "muted" });
  el.online = h("span", { class: "pill", id: "online", role: "status" });
  el.syncBtn = h("button", { type: "button", class: "btn", id: "sync", onclick: () => sync() });
  el.toasts = h("div", { class: "toasts", role: "status", "aria-live": "polite" });
  el.clock = h("span", { class: "small", id: "clock-offset" });

  const header = h("header", { class: "topbar" },
    h("div", { class: "brand" }, h("h1", null, "Session credits"), h("span", { class: "muted" }, `front desk · engine ${safeVersion()}`)),
    h("div", { class: "controls" },
      el.who,
      h("fieldset", { class: "whatif", id: "whatif" },
        h("legend", null, "What-if (preview only — never queued)"),
        h("div", { class: "ctl" }, h("label", { for: "role" }, "Role"), roleSel),
        h("div", { class: "ctl" }, h("label", { for: "now" }, "Now"), nowInput,
          h("div", { class: "btn-group" },
            h("button", { type: "button", class: "btn small", onclick: () => shift(3_600_000) }, "+1 h"),
            h("button", { type: "button", class: "btn small", onclick: () => shift(86_400_000) }, "+1 day"),
            h("button", { type: "button", class: "btn small", id: "whatif-clear", onclick: () => setWhatIf({ role: null, now: null }) }, "Reset")),
          el.nowLocal)),
      h("div", { class: "ctl" }, h("input", { type: "checkbox", id: "autopay", checked: S.policy.autoPayUnpaid,
        onchange: (e) => setAutopay(e.target.checked) }),
        h("label", { for: "autopay", title: "Policy setting autoPayUnpaid (demo only: the server keeps the studio's policy)" }, "Autopay unpaid bookings")),
      h("div", { class: "ctl sync" }, el.online, el.syncBtn,
        h("button", { type: "button", class: "btn small quiet", onclick: resetDemo }, "Reset demo"))));
  el.banner = h("div", { class: "whatif-banner", id: "whatif-banner", role: "status", hidden: true });
  el.perms = h("p", { class: "perms", id: "perms" });
  el.clients = h("section", { class: "panel clients", "aria-labelledby": "clients-h" });
  el.client = h("section", { class: "panel client", "aria-labelledby": "client-h", id: "client" });
  el.today = h("section", { class: "panel today", "aria-labelledby": "today-h", id: "today" });
  el.outbox = h("section", { class: "panel outbox", "aria-labelledby": "outbox-h", id: "outbox" });
  const tabs = [["clients", "Clients"], ["today", "Today"]];
  el.tabs = h("nav", { class: "tabs", role: "tablist", "aria-label": "Screens" }, tabs.map(([k, label]) =>
    h("button", { type: "button", role: "tab", id: `tab-${k}`, "aria-controls": `panel-${k}`, onclick: () => setTab(k),
      onkeydown: (e) => {
        // arrow keys move between tabs (WAI-ARIA tabs pattern)
        if (e.key !== "ArrowRight" && e.key !== "ArrowLeft") return;
        const i = tabs.findIndex(([x]) => x === k);
        const next = tabs[(i + (e.key === "ArrowRight" ? 1 : tabs.length - 1)) % tabs.length][0];
        setTab(next);
        document.getElementById(`tab-${next}`).focus();
      } }, label)));
  el.panels = {
    clients: h("main", { class: "layout", id: "panel-clients", role: "tabpanel", "aria-labelledby": "tab-clients" }, el.clients, el.client),
    today: h("main", { class: "layout single", id: "panel-today", role: "tabpanel", "aria-labelledby": "tab-today" }, el.today),
  };
  replace(root, header, el.banner, el.perms, el.tabs, el.panels.clients, el.panels.today, el.outbox, el.toasts);
  showTab();

  const updateOnline = () => {
    replace(el.online, navigator.onLine ? "Online" : "Offline");
    el.online.className = "pill " + (navigator.onLine ? "ok" : "off");
  };
  addEventListener("online", () => { updateOnline(); reconnect(); });
  addEventListener("offline", updateOnline);
  updateOnline();
}

function setTab(k) {
  S.tab = k;
  localStorage.setItem("sc.tab", k);
  showTab();
  if (k === "today") { renderToday(el.today); scrollToNow(el.today); }
}

function showTab() {
  if (!el.panels[S.tab]) S.tab = "clients";
  for (const [k, p] of Object.entries(el.panels)) {
    p.hidden = k !== S.tab;
    const t = document.getElementById(`tab-${k}`);
    t.setAttribute("aria-selected", k === S.tab ? "true" : "false");
    t.tabIndex = k === S.tab ? 0 : -1;
  }
}

function safeVersion() {
  try { return version(); } catch { return "?"; }
}

/** The header's what-ifs: a role and/or an instant to preview with. Nothing is queued meanwhile. */
function setWhatIf({ role, now }) {
  if (role !== undefined) S.whatIfRole = role && role !== S.session?.role ? role : null;
  if (now !== undefined) S.whatIfNow = now || null;
  refreshData();
  renderAll();
}

function renderHeader() {
  if (!el.who) return;
  const s = S.session;
  replace(el.who, s
    ? [h("span", null, "Signed in as ", h("strong", { id: "session-name" }, s.name), " ",
        h("span", { class: "muted" }, `(${s.id}, `), h("span", { id: "session-role", "data-role": s.role }, roleLabel(s.role)), h("span", { class: "muted" }, ")"),
        S.sessionChecked ? null : h("span", { class: "muted small" }, " · last known, not checked while offline")),
      h("button", { type: "button", class: "btn small", id: "sign-out", onclick: () => signOut().catch(showError) }, "Sign out"),
      el.clock]
    : h("span", { class: "muted" }, "Not signed in"));
  const off = S.clockOffset;
  replace(el.clock, off !== undefined && Math.abs(off) > 60
    ? h("span", { class: "warning-text" }, ` · this device's clock is ${Math.round(Math.abs(off) / 60)} min ${off > 0 ? "ahead of" : "behind"} the server's: queued commands carry it`)
    : null);
}

function renderAll() {
  renderHeader();
  el.roleSel.value = S.whatIfRole || "";
  el.nowInput.value = S.whatIfNow || "";
  const ok = Number.isFinite(Date.parse(S.now));
  replace(el.nowLocal, ok ? `${fmtInstant(S.now, S.tz)} studio time${S.whatIfNow ? " (what-if)" : ""}` : "not a valid instant — the engine will refuse commands");
  el.nowLocal.className = ok ? "muted" : "inline-error";
  el.nowInput.setAttribute("aria-invalid", ok ? "false" : "true");
  el.banner.hidden = !S.whatIf;
  replace(el.banner, S.whatIf ? [h("strong", null, "What-if preview: "),
    `as ${roleLabel(S.role)}${S.whatIfRole ? " (not your role)" : ""} at ${ok ? fmtInstant(S.now, S.tz) : S.now}${S.whatIfNow ? " (not the clock)" : ""}. `,
    "The screens and previews answer for it; confirming is off and nothing is queued. ",
    h("button", { type: "button", class: "btn small", onclick: () => setWhatIf({ role: null, now: null }) }, "Clear what-if")] : null);
  // what the role may do, as the engine answers drafts of each command (answers.js)
  const [yes, no] = abilities();
  const limit = S.policy.roles[S.role]?.maxCreditsPerAction;
  replace(el.perms, h("strong", null, roleLabel(S.role)), S.whatIfRole ? " (what-if)" : "", yes.length ? ` may ${yes.join(", ")}` : " may do none of these",
    limit ? ` (at most ${limit} credits per action)` : "", ".", no.length ? h("span", { class: "muted" }, ` Not: ${no.join(", ")}.`) : null);
  renderClients(el.clients);
  renderClient(el.client);
  if (S.tab === "today") renderToday(el.today);
  renderOutbox({ panel: el.outbox, syncBtn: el.syncBtn });
}

// ---- client list --------------------------------------------------------------------------------

/** Show a client's page (from the list, or from the Today tab with `show`: switch to Clients). */
function openClient(id, { show = false } = {}) {
  S.currentClientId = id;
  S.checkedCredits.clear();
  if (show) setTab("clients");
  renderClients();
  renderClient();
  document.getElementById("client-h")?.focus();
}

// ---- sync ---------------------------------------------------------------------------------------

let busy = Promise.resolve();
/** Server round trips one at a time (a reconnect and a click on Sync do not interleave). */
function exclusive(fn) {
  const run = busy.then(fn, fn);
  busy = run.catch(() => {});
  return run;
}

/** Runs a call; on 401 shows the sign-in form and runs it again. */
async function withSession(fn) {
  try {
    return await fn();
  } catch (e) {
    if (!(e instanceof api.Unauthorized)) throw e;
    await signIn("Your session has ended: sign in again to sync.");
    renderHeader();
    return fn();
  }
}

/** The most commands the server judges in one request (its MAX_COMMANDS_PER_REQUEST). */
const MAX_POST = 1000;

/**
 * Brings the confirmed engine up to the server: GET /api/changes?since=cursor → patch. 409
 * cursor_ahead or another studioId (the server's database was reset) → start again from the
 * snapshot. Returns true when something changed.
 */
async function pull() {
  const { status, data } = await withSession(() => api.getChanges(S.cursor));
  if (status === 409 || data.studioId !== S.studioId) {
    const { data: snap } = await withSession(() => api.getSnapshot());
    await adoptSnapshot(snap);
    toast("The server's studio was reset or replaced: reloaded from its snapshot. Your queue is kept and replayed on it.", "error");
    return true;
  }
  const ch = data.changes;
  const empty = data.cursor === S.cursor && !ch.credits.length && !ch.bookings.length && !(ch.remove?.bookings || []).length;
  if (empty) return false;
  try {
    S.confirmed.patch(ch); // it carries appliedCommandIds: the confirmed copy refuses those as applied
  } catch (e) {
    console.warn("the changes feed did not patch; reloading from the snapshot", e);
    const { data: snap } = await withSession(() => api.getSnapshot());
    await adoptSnapshot(snap);
    return true;
  }
  for (const id of ch.appliedCommandIds || []) S.appliedIds.add(id);
  S.cursor = data.cursor;
  await keepServerState();
  if (data.more) await pull(); // the feed comes in pages (www/README.md)
  return true;
}

/** Back online: bring in the server's changes and rebase; nothing is sent until Sync. */
function reconnect() {
  if (!S.session) return;
  exclusive(async () => {
    // the session may have been known only from this device while offline: ask the server now
    const { data } = await withSession(() => api.getSession());
    setSession(data.staff, true);
    await pull();
    rebase();
    app.rerender();
    if (S.conflicts) toast("Back online: some queued commands would now be refused. See the queue before you sync.", "error");
  }).catch(showError);
}

/**
 * Sync: pull and rebase; when queued commands would now be refused, stop and show them (unless
 * `force`); else POST /api/commands with the pending queue, record the server's verdicts and pull
 * again (the confirmed copy moves on by the feed, never by re-applying what the server applied).
 */
function sync({ force = false } = {}) {
  return exclusive(async () => {
    if (!navigator.onLine) { toast("Offline: the queue is kept on this device; sync when the network is back.", "error"); return; }
    el.syncBtn.disabled = true;
    try {
      await pull();
      rebase();
      app.rerender();
      const pending = pendingEntries();
      if (!pending.length) { toast("Up to date: nothing is waiting for the server."); return; }
      if (S.conflicts && !force) {
        const n = pending.filter((e) => e.replay === "refused").length;
        toast(`${plural(n, "queued command")} would now be refused: discard or edit ${n === 1 ? "it" : "them"} before sending.`, "error");
        document.getElementById("conflicts")?.scrollIntoView({ block: "nearest" });
        return;
      }
      let accepted = 0, refused = 0;
      const at = new Date().toISOString();
      // the server takes at most MAX_POST commands per request: a long queue goes in slices, in order
      for (let from = 0; from < pending.length; from += MAX_POST) {
        const slice = pending.slice(from, from + MAX_POST);
        const { data } = await withSession(() => api.postCommands(slice.map((e) => ({ command: e.command, ctx: e.ctx }))));
        (data.results || []).forEach((res, i) => {
          const e = slice[i];
          if (!e) return;
          e.server = { ok: !!res.ok, errors: res.errors || [], warnings: res.warnings || [], duplicate: !!res.duplicate, at };
          res.ok ? accepted++ : refused++;
        });
      }
      for (const e of pending) await putEntry(e).catch((err) => console.warn("could not store the verdict", err));
      await pull();
      rebase();
      app.rerender();
      toast(`Server: ${accepted} accepted${refused ? `, ${refused} refused — see the queue` : ""}.`, refused ? "error" : "ok");
    } catch (err) {
      showError(err);
    } finally {
      el.syncBtn.disabled = false;
    }
  });
}

function showError(err) {
  if (err instanceof api.Offline) toast(`${err.message} The queue is kept; sync again when online.`, "error");
  else { console.warn(err); toast(`Sync failed: ${err.message || err}. The queue is kept.`, "error"); }
}

async function resetDemo() {
  if (!confirm("Forget this browser's queue and its copy of the studio, and load the studio from the server again?")) return;
  await clearJournal();
  await clearServerState();
  location.reload();
}

function toast(text, kind = "ok") {
  if (!el.toasts) return;
  const t = h("div", { class: `toast ${kind}` }, text);
  el.toasts.appendChild(t);
  while (el.toasts.children.length > 2) el.toasts.firstChild.remove();
  setTimeout(() => t.remove(), 5000);
}

// ---- applying -----------------------------------------------------------------------------------

function newCommandId() {
  // short but unique: time + 48 random bits ("w-mi5x8k2a-3f9c1e7b2d4a"); ids of created records
  // derive from it (<commandId>:1 …), so it also ends up in tables
  const b = crypto.getRandomValues(new Uint8Array(6));
  return `w-${Date.now().toString(36)}-${Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("")}`;
}

const refusal = (code, message) => ({ ok: false, errors: [{ code, path: "", message }], warnings: [] });

/**
 * Applies a confirmed command to the view and queues it, as the signed-in staff member at the
 * device's clock. `replaces`: the queued entry an Edit reopened (it keeps its place in the queue).
 */
async function applyCommand(command, label, options, replaces) {
  if (S.whatIf) return refusal("what_if", app.whatIf());
  const actor = sessionActor();
  if (!actor) return refusal("unauthorized", "Sign in first: commands are queued as the signed-in staff member.");
  const commandId = newCommandId();
  const ctx = { actor, now: isoUtc(Date.now()), commandId };
  const res = S.engine.apply(command, ctx, options);
  if (!res.ok) return res;
  const entry = { commandId, seq: 0, command, ctx, label, appliedAt: new Date().toISOString(),
    ledger: res.ledger, warnings: res.warnings, server: null, replay: "ok" };
  if (replaces) {
    entry.seq = replaces.seq;
    const i = S.journal.indexOf(replaces);
    S.journal.splice(i >= 0 ? i : S.journal.length, i >= 0 ? 1 : 0, entry);
    await deleteEntry(replaces.commandId).catch(() => {});
    S.editingId = null;
  } else {
    entry.seq = (S.journal.at(-1)?.seq || 0) + 1;
    S.journal.push(entry);
  }
  try {
    await putEntry(entry);
  } catch (e) {
    console.warn("could not store the command", e);
    toast("Applied, but this browser could not store it: it will not survive a reload.", "error");
  }
  if (replaces) rebase(); // the edited command keeps its place: replay the queue in order
  refreshData();
  renderAll();
  toast(`${label}: ${replaces ? "edited in the queue" : "applied"} (${plural(res.ledger.length, "ledger entry", "ledger entries")}). Waiting for Sync.`);
  return res;
}
