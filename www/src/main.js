// Front-desk dashboard for the session-credits engine.
//
// State = the sample studio (tools/gen-studio.mjs, 200 clients / 3,000 credits) + the journal of
// commands applied in this browser (IndexedDB), replayed with `engine.apply` on every start.
// Every screen is re-rendered from `engine.snapshot()` and `engine.balances()` after each apply.
//
// Layout: main.js (boot, the engine and its journal, header and tabs, apply, sync) · state.js
// (shared state, the `app` handle) · views/ (clients, client, today, outbox) · forms/ (one module
// per command, as the engine's src/commands/; bulk.js shared by the bulk screens) · form.js (the
// dialog that previews on every keystroke) · fragments.js (the engine's answers drawn) ·
// answers.js (what the dashboard asks the engine instead of copying its rules).

import { Engine, version } from "session-credits";
import { generateStudio } from "../../tools/gen-studio.mjs";
import { h, replace, fmtInstant, isoUtc, plural } from "./dom.js";
import { ACTORS, S, app } from "./state.js";
import { abilities, expiredAtNow } from "./answers.js";
import { loadJournal, putEntry, clearJournal } from "./store.js";
import { renderClient } from "./views/client.js";
import { renderClients } from "./views/clients.js";
import { renderOutbox } from "./views/outbox.js";
import { renderToday, scrollToNow } from "./views/today.js";
import "./styles.css";

app.apply = (command, label, options) => applyCommand(command, label, options);
app.rerender = () => { refreshData(); renderAll(); };
app.openClient = (id, opts) => openClient(id, opts);

// ---- boot ---------------------------------------------------------------------------------------

boot().catch((err) => {
  console.warn(err);
  replace(document.getElementById("app"),
    h("div", { class: "fatal", role: "alert" }, h("h2", null, "The dashboard could not start"), h("p", null, String(err?.message || err)),
      err?.issues ? h("ul", null, err.issues.slice(0, 20).map((i) => h("li", null, `${i.path}: ${i.message}`))) : null));
});

async function boot() {
  S.studio = generateStudio();
  S.tz = S.studio.policy.timezone;
  S.now = localStorage.getItem("sc.now") || S.studio.now;
  for (const t of S.studio.snapshot.sessionTypes) S.types.set(t.id, t);
  for (const c of S.studio.snapshot.clients) S.clients.set(c.id, c);

  try {
    S.journal = await loadJournal();
  } catch (e) {
    console.warn("IndexedDB unavailable; the queue will not survive a reload", e);
    S.journal = [];
  }
  buildEngine();
  buildShell();
  refreshData();
  renderAll();
  registerServiceWorker();
}

/** The demo's own policy settings (header toggles), on top of the studio's policy. */
function demoPolicy() {
  return { ...S.studio.policy, autoPayUnpaid: localStorage.getItem("sc.autopay") === "1" };
}

/** A fresh engine: the sample studio under the current policy, then the offline journal replayed. */
function buildEngine() {
  S.policy = demoPolicy();
  S.engine = Engine.fromJson(JSON.stringify(S.policy), JSON.stringify(S.studio.snapshot));
  for (const e of S.journal) {
    const res = S.engine.apply(e.command, e.ctx, { detail: "summary" });
    e.replay = res.ok ? "ok" : "refused";
    e.ledger = res.ok ? res.ledger : [];
    if (!res.ok) e.replayErrors = res.errors;
  }
}

function setAutopay(on) {
  if (on) localStorage.setItem("sc.autopay", "1");
  else localStorage.removeItem("sc.autopay");
  buildEngine();
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

// ---- derived data -------------------------------------------------------------------------------

function refreshData() {
  S.snap = S.engine.snapshot();
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
  const roleSel = h("select", { id: "role", onchange: (e) => { S.role = e.target.value; localStorage.setItem("sc.role", S.role); renderAll(); } },
    Object.entries(ACTORS).map(([k, a]) => h("option", { value: k }, `${a.label} (${a.id})`)));
  roleSel.value = S.role;
  const nowInput = h("input", { id: "now", type: "text", value: S.now, spellcheck: "false", "aria-describedby": "now-hint", size: 22,
    onchange: (e) => setNow(e.target.value.trim()) });
  const shift = (ms) => {
    const t = Date.parse(S.now);
    if (Number.isFinite(t)) setNow(isoUtc(t + ms));
  };
  el.nowInput = nowInput;
  el.nowLocal = h("span", { id: "now-hint", class: "muted" });
  el.online = h("span", { class: "pill", id: "online", role: "status" });
  el.syncBtn = h("button", { type: "button", class: "btn", id: "sync", onclick: sync });
  el.toasts = h("div", { class: "toasts", role: "status", "aria-live": "polite" });

  const header = h("header", { class: "topbar" },
    h("div", { class: "brand" }, h("h1", null, "Session credits"), h("span", { class: "muted" }, `front desk · engine ${safeVersion()}`)),
    h("div", { class: "controls" },
      h("div", { class: "ctl" }, h("label", { for: "role" }, "Acting as"), roleSel),
      h("div", { class: "ctl" }, h("label", { for: "now" }, "Now"), nowInput,
        h("div", { class: "btn-group" },
          h("button", { type: "button", class: "btn small", onclick: () => shift(3_600_000) }, "+1 h"),
          h("button", { type: "button", class: "btn small", onclick: () => shift(86_400_000) }, "+1 day"),
          h("button", { type: "button", class: "btn small", onclick: () => setNow(S.studio.now) }, "Reset")),
        el.nowLocal),
      h("div", { class: "ctl" }, h("input", { type: "checkbox", id: "autopay", checked: S.policy.autoPayUnpaid,
        onchange: (e) => setAutopay(e.target.checked) }),
        h("label", { for: "autopay", title: "Policy setting autoPayUnpaid (demo only: the server keeps the studio's policy)" }, "Autopay unpaid bookings")),
      h("div", { class: "ctl sync" }, el.online, el.syncBtn,
        h("button", { type: "button", class: "btn small quiet", onclick: resetDemo }, "Reset demo"))));
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
  replace(root, header, el.perms, el.tabs, el.panels.clients, el.panels.today, el.outbox, el.toasts);
  showTab();

  const updateOnline = () => {
    replace(el.online, navigator.onLine ? "Online" : "Offline");
    el.online.className = "pill " + (navigator.onLine ? "ok" : "off");
  };
  addEventListener("online", updateOnline);
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

function setNow(v) {
  S.now = v;
  el.nowInput.value = v;
  if (v === S.studio.now) localStorage.removeItem("sc.now");
  else localStorage.setItem("sc.now", v);
  refreshData();
  renderAll();
}

function renderAll() {
  const ok = Number.isFinite(Date.parse(S.now));
  replace(el.nowLocal, ok ? `${fmtInstant(S.now, S.tz)} studio time` : "not a valid instant — the engine will refuse commands");
  el.nowLocal.className = ok ? "muted" : "inline-error";
  el.nowInput.setAttribute("aria-invalid", ok ? "false" : "true");
  // what the role may do, as the engine answers drafts of each command (answers.js)
  const [yes, no] = abilities();
  const limit = S.policy.roles[S.role]?.maxCreditsPerAction;
  replace(el.perms, h("strong", null, ACTORS[S.role].label), yes.length ? ` may ${yes.join(", ")}` : " may do none of these",
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

async function sync() {
  const pending = S.journal.filter((e) => !e.server);
  if (!pending.length) { toast("Nothing to sync: the server has answered every command."); return; }
  el.syncBtn.disabled = true;
  try {
    const r = await fetch("/api/commands", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ commands: pending.map((e) => ({ command: e.command, ctx: e.ctx })) }),
    });
    if (!r.ok) throw new Error(`the server answered ${r.status}`);
    const data = await r.json();
    let accepted = 0, refused = 0;
    for (const res of data.results || []) {
      const e = S.journal.find((x) => x.commandId === res.commandId);
      if (!e) continue;
      e.server = { ok: !!res.ok, errors: res.errors || [], warnings: res.warnings || [], duplicate: !!res.duplicate, at: new Date().toISOString() };
      res.ok ? accepted++ : refused++;
      await putEntry(e);
    }
    toast(`Server: ${accepted} accepted${refused ? `, ${refused} refused` : ""}.`, refused ? "error" : "ok");
  } catch (err) {
    toast(`Sync failed (${err.message || err}). The queue is kept; try again when online.`, "error");
  } finally {
    el.syncBtn.disabled = false;
    renderOutbox();
    renderClient();
  }
}

async function resetDemo() {
  if (!confirm("Forget every command applied in this browser and start from the sample studio again?")) return;
  await clearJournal();
  localStorage.removeItem("sc.now");
  location.reload();
}

function toast(text, kind = "ok") {
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

async function applyCommand(command, label, options) {
  const commandId = newCommandId();
  const ctx = { ...app.ctx(), commandId };
  const res = S.engine.apply(command, ctx, options);
  if (!res.ok) return res;
  const seq = (S.journal.at(-1)?.seq || 0) + 1;
  const entry = { commandId, seq, command, ctx, label, appliedAt: new Date().toISOString(),
    ledger: res.ledger, warnings: res.warnings, server: null, replay: "ok" };
  S.journal.push(entry);
  try {
    await putEntry(entry);
  } catch (e) {
    console.warn("could not store the command", e);
    toast("Applied, but this browser could not store it: it will not survive a reload.", "error");
  }
  refreshData();
  renderAll();
  toast(`${label}: applied (${plural(res.ledger.length, "ledger entry", "ledger entries")}). Waiting for Sync.`);
  return res;
}

// ---- forms --------------------------------------------------------------------------------------
