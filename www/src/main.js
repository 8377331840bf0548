// Front-desk dashboard for the session-credits engine.
//
// State = the sample studio (tools/gen-studio.mjs, 200 clients / 3,000 credits) + the journal of
// commands applied in this browser (IndexedDB), replayed with `engine.apply` on every start.
// Every screen is re-rendered from `engine.snapshot()` and `engine.balances()` after each apply.

import { Engine, version } from "session-credits";
import { generateStudio } from "../../tools/gen-studio.mjs";
import { h, replace, fmtInstant, fmtDate, fmtExpiry, instantToLocal, localToInstant, isoUtc, plural } from "./dom.js";
import { openForm, msgEl } from "./form.js";
import { loadJournal, putEntry, clearJournal } from "./store.js";
import { S, app, ACTORS, typeName, clientName } from "./state.js";
import { clean, notReady, itemsTable, balancesTable, consequence, bookingResult, paidBookings, actionButton } from "./fragments.js";
import { renderToday, attendanceActions } from "./views/today.js";
import { transferForm } from "./forms/transferCredits.js";
import { refusal, abilities, expiredAtNow, lateCancelWarning } from "./answers.js";
import "./styles.css";

const STATUSES = ["available", "assigned", "used", "forfeited", "expired", "removed"];

app.apply = (command, label, options) => applyCommand(command, label, options);
app.rerender = () => { refreshData(); renderAll(); };

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
    h("button", { type: "button", role: "tab", id: `tab-${k}`, "aria-controls": `panel-${k}`, onclick: () => setTab(k) }, label)));
  el.panels = {
    clients: h("main", { class: "layout", id: "panel-clients", role: "tabpanel", "aria-labelledby": "tab-clients" }, el.clients, el.client),
    today: h("main", { class: "layout single", id: "panel-today", role: "tabpanel", "aria-labelledby": "tab-today" }, el.today),
  };
  replace(root, header, el.perms, el.tabs, el.panels.clients, el.panels.today, el.outbox, el.toasts);
  showTab();
  document.addEventListener("sc:open-client", (e) => { setTab("clients"); openClient(e.detail); });

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
  if (k === "today") renderToday(el.today);
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
  renderClients();
  renderClient();
  if (S.tab === "today") renderToday(el.today);
  renderOutbox();
}

// ---- client list --------------------------------------------------------------------------------

function renderClients() {
  const types = [...S.types.values()];
  const filter = S.clientFilter.toLowerCase();
  const list = [...S.clients.values()].filter((c) => !filter || c.name.toLowerCase().includes(filter) || c.id === filter);
  const allChecked = list.length > 0 && list.every((c) => S.selectedClients.has(c.id));
  const search = h("input", { type: "search", id: "client-search", value: S.clientFilter, placeholder: "Name or id", oninput: (e) => {
    S.clientFilter = e.target.value;
    renderClients();
    const s = document.getElementById("client-search");
    s.focus();
    s.setSelectionRange(s.value.length, s.value.length);
  } });
  const addBtn = actionButton({ type: "addCredits" }, `Add credits to selected (${S.selectedClients.size})`, () => addCreditsForm([...S.selectedClients]),
    { disabled: S.selectedClients.size === 0, id: "add-selected" });

  const table = h("table", { class: "grid clients-table" },
    h("caption", { class: "sr-only" }, "Clients and their available credits per session type"),
    h("thead", null, h("tr", null,
      h("th", { scope: "col", class: "chk" }, h("input", { type: "checkbox", "aria-label": "Select all listed clients", checked: allChecked, onchange: (e) => {
        for (const c of list) e.target.checked ? S.selectedClients.add(c.id) : S.selectedClients.delete(c.id);
        renderClients();
      } })),
      h("th", { scope: "col" }, "Client"),
      h("th", { scope: "col" }, "Membership"),
      types.map((t) => h("th", { scope: "col", class: "num", title: t.name }, shortType(t))))),
    h("tbody", null, list.map((c) => {
      const bal = S.balances.get(c.id);
      const m = bestMembership(c.id);
      return h("tr", { class: c.id === S.currentClientId ? "current" : null, "data-client": c.id },
        h("td", { class: "chk" }, h("input", { type: "checkbox", "aria-label": `Select ${c.name}`, checked: S.selectedClients.has(c.id), onchange: (e) => {
          e.target.checked ? S.selectedClients.add(c.id) : S.selectedClients.delete(c.id);
          renderClients();
        } })),
        h("td", { class: "nowrap" }, h("button", { type: "button", class: "link", "aria-current": c.id === S.currentClientId ? "true" : null,
          onclick: () => openClient(c.id) }, c.name), h("span", { class: "muted id" }, c.id)),
        h("td", null, m ? badge(m.status) : h("span", { class: "muted" }, "none")),
        types.map((t) => {
          const b = bal?.get(t.id);
          const n = b ? b.available : 0;
          return h("td", { class: ["num", n ? null : "zero"] }, b ? String(n) : "·", b && b.assigned ? h("span", { class: "assigned-count", title: `${b.assigned} assigned` }, `+${b.assigned}`) : null);
        }));
    })));

  replace(el.clients,
    h("div", { class: "panel-head" }, h("h2", { id: "clients-h" }, "Clients"), h("span", { class: "muted" }, `${list.length} of ${S.clients.size}`)),
    h("div", { class: "toolbar" }, h("label", { for: "client-search", class: "sr-only" }, "Search clients"), search, addBtn),
    h("p", { class: "muted small" }, "Numbers are available credits per session type at “now”; +n are assigned to bookings."),
    h("div", { class: "scroll" }, table));
}

function shortType(t) {
  return { pt60: "PT60", pt30: "PT30", yoga: "Yoga", spin: "Spin", hiit: "HIIT", pilates: "Pilates", barre: "Barre" }[t.id] || t.id;
}

function bestMembership(clientId) {
  const ms = S.membershipsByClient.get(clientId) || [];
  const rank = { active: 0, frozen: 1, cancelled: 2, expired: 3 };
  return [...ms].sort((a, b) => rank[a.status] - rank[b.status] || a.id.localeCompare(b.id))[0] || null;
}

function openClient(id) {
  S.currentClientId = id;
  S.checkedCredits.clear();
  renderClients();
  renderClient();
  document.getElementById("client-h")?.focus();
}

function badge(status) {
  return h("span", { class: `badge s-${status}` }, status === "lateCancelled" ? "late-cancelled" : status === "noShow" ? "no-show" : status);
}

// ---- client page --------------------------------------------------------------------------------

function renderClient() {
  const id = S.currentClientId;
  const c = S.clients.get(id);
  if (!c) { replace(el.client, h("p", null, "Choose a client.")); return; }
  const credits = (S.creditsByClient.get(id) || []).slice().sort(creditOrder);
  const bookings = (S.bookingsByClient.get(id) || []).slice().sort((a, b) => b.startsAt.localeCompare(a.startsAt));
  const memberships = S.membershipsByClient.get(id) || [];
  const bal = S.balances.get(id) || new Map();
  const checked = [...S.checkedCredits];

  const shown = S.creditFilter === "all" ? credits : credits.filter((k) => k.status === S.creditFilter);
  const allChecked = shown.length > 0 && shown.every((k) => S.checkedCredits.has(k.id));

  const creditsTable = h("table", { class: "grid credits-table", id: "credits" },
    h("caption", { class: "sr-only" }, `Credits of ${c.name}`),
    h("thead", null, h("tr", null,
      h("th", { scope: "col", class: "chk" }, h("input", { type: "checkbox", "aria-label": "Select all listed credits", checked: allChecked, onchange: (e) => {
        for (const k of shown) e.target.checked ? S.checkedCredits.add(k.id) : S.checkedCredits.delete(k.id);
        renderClient();
      } })),
      ["Credit", "Session type", "Source", "Status", "Expires", "Granted", "Booking"].map((x) => h("th", { scope: "col" }, x)))),
    h("tbody", null, shown.length ? shown.map((k) => h("tr", { "data-credit": k.id, class: S.checkedCredits.has(k.id) ? "checked" : null },
      h("td", { class: "chk" }, h("input", { type: "checkbox", "aria-label": `Select credit ${k.id}`, checked: S.checkedCredits.has(k.id), onchange: (e) => {
        e.target.checked ? S.checkedCredits.add(k.id) : S.checkedCredits.delete(k.id);
        renderClient();
      } })),
      h("td", { class: "mono clip", title: k.id }, k.id),
      h("td", null, typeName(k.sessionTypeId)),
      h("td", null, k.source, k.revocable === false ? h("span", { class: "muted" }, " · non-revocable") : null),
      h("td", null, badge(effectiveStatus(k))),
      h("td", null, fmtExpiry(k.expiresAt, S.tz)),
      h("td", { class: "muted nowrap" }, fmtDate(k.grantedAt, S.tz)),
      h("td", { class: "mono clip", title: k.bookingId || "" }, k.bookingId || "—")))
      : h("tr", null, h("td", { colspan: 8, class: "muted" }, "No credits."))));

  const n = checked.length;
  const creditActions = h("div", { class: "toolbar", role: "toolbar", "aria-label": "Actions on checked credits" },
    h("span", { class: "muted", id: "checked-count" }, `${n} checked`),
    actionButton({ type: "changeCreditType" }, "Change type…", () => changeTypeForm(checked), { disabled: !n, id: "act-change-type" }),
    actionButton({ type: "extendExpiry" }, "Extend expiry…", () => extendForm(checked), { disabled: !n, id: "act-extend" }),
    actionButton({ type: "removeCredits" }, "Remove…", () => removeForm(id, checked), { disabled: !n, id: "act-remove" }),
    h("span", { class: "spacer" }),
    h("label", { for: "credit-filter" }, "Show"),
    (() => {
      const sel = h("select", { id: "credit-filter", onchange: (e) => { S.creditFilter = e.target.value; renderClient(); } },
        h("option", { value: "all" }, "all statuses"), STATUSES.map((s) => h("option", { value: s }, s)));
      sel.value = S.creditFilter;
      return sel;
    })());

  const bookingsTable = h("table", { class: "grid bookings-table", id: "bookings" },
    h("caption", { class: "sr-only" }, `Bookings of ${c.name}`),
    h("thead", null, h("tr", null, ["Booking", "Session type", "Starts", "Status", "Paid with", "Actions"].map((x) => h("th", { scope: "col" }, x)))),
    h("tbody", null, bookings.length ? bookings.map((b) => h("tr", { "data-booking": b.id },
      h("td", { class: "mono clip", title: b.id }, b.id),
      h("td", null, typeName(b.sessionTypeId)),
      h("td", null, fmtInstant(b.startsAt, S.tz), lateCancelWarning(b) ? h("span", { class: "chip warning small", title: lateCancelWarning(b).message }, "inside late-cancel window") : null),
      h("td", null, b.status === "booked" && !b.creditId ? h("span", { class: "badge s-unpaid" }, "booked: unpaid") : badge(b.status)),
      h("td", { class: "mono clip", title: b.creditId || "" }, b.creditId || "—"),
      h("td", null, h("div", { class: "row-actions" }, bookingActions(b)))))
      : h("tr", null, h("td", { colspan: 6, class: "muted" }, "No bookings."))));

  const typesWithBal = [...S.types.values()].filter((t) => bal.has(t.id));
  replace(el.client,
    h("div", { class: "panel-head" },
      h("h2", { id: "client-h", tabindex: "-1" }, c.name, h("span", { class: "muted id" }, c.id)),
      h("div", { class: "btn-group" },
        actionButton({ type: "addCredits" }, "Add credits…", () => addCreditsForm([id]), { class: "btn primary", id: "act-add" }),
        actionButton({ type: "book" }, "Book a session…", () => bookForm(id), { id: "act-book" }),
        actionButton({ type: "transferCredits" }, checked.length ? `Transfer ${checked.length} checked…` : "Transfer credits…",
          () => transferForm(id, checked), { id: "act-transfer" }))),
    h("p", { class: "memberships" }, memberships.length ? memberships.map((m) => h("span", { class: "membership" },
      h("span", { class: "mono" }, m.id), " ", badge(m.status),
      m.cancelledAt ? ` cancelled ${fmtInstant(m.cancelledAt, S.tz)}` : "",
      m.endsAt ? ` ends ${fmtInstant(m.endsAt, S.tz)}` : "",
      m.eligibleSessionTypeIds?.length ? ` · only ${m.eligibleSessionTypeIds.map(typeName).join(", ")}` : ""))
      : h("span", { class: "muted" }, "No membership.")),
    h("div", { class: "balances", "aria-label": "Balances" }, typesWithBal.length ? typesWithBal.map((t) => {
      const b = bal.get(t.id);
      return h("div", { class: "bal", "data-type": t.id }, h("span", { class: "bal-n" }, String(b.available)), h("span", { class: "bal-t" }, t.name),
        b.assigned ? h("span", { class: "muted small" }, `${b.assigned} assigned`) : null);
    }) : h("span", { class: "muted" }, "No credits yet.")),
    h("h3", null, "Credits"), creditActions, h("div", { class: "scroll" }, creditsTable),
    h("h3", null, "Bookings"), h("div", { class: "scroll" }, bookingsTable),
    h("h3", null, "Audit log"), auditLog(id));
}

function creditOrder(a, b) {
  const rank = (k) => STATUSES.indexOf(k.status);
  return rank(a) - rank(b) || (a.expiresAt || "9999").localeCompare(b.expiresAt || "9999") || a.id.localeCompare(b.id, "en", { numeric: true });
}

/** An available credit the engine would expire at "now" is shown as expired (answers.js). */
function effectiveStatus(k) {
  return S.expiredNow.has(k.id) ? "expired" : k.status;
}

function bookingActions(b) {
  if (b.status !== "booked") {
    if (b.status === "cancelled" || b.status === "lateCancelled") {
      return actionButton({ type: "deleteBooking" }, "Delete", () => deleteForm(b), { class: "btn small" });
    }
    if (b.status === "attended" || b.status === "noShow") return attendanceActions(b, { primary: false });
    return h("span", { class: "muted" }, "—");
  }
  return [
    ...attendanceActions(b, { primary: false }),
    actionButton({ type: "cancelBooking" }, "Cancel…", () => cancelForm(b), { class: "btn small" }),
    actionButton({ type: "deleteBooking" }, "Delete…", () => deleteForm(b), { class: "btn small" }),
    actionButton({ type: "forgiveAndRebook" }, "Forgive & rebook…", () => rebookForm(b), { class: "btn small" }),
    b.creditId ? null : actionButton({ type: "assignCredit" }, "Attach credit…", () => assignForm(b), { class: "btn small" }),
  ];
}

function auditLog(clientId) {
  const rows = [];
  for (const e of S.journal) {
    for (const l of e.ledger || []) if (l.clientId === clientId) rows.push({ e, l });
  }
  rows.reverse();
  if (!rows.length) return h("p", { class: "muted", id: "audit" }, "No commands applied to this client in this session yet.");
  return h("div", { class: "scroll" }, h("table", { class: "grid audit-table", id: "audit" },
    h("caption", { class: "sr-only" }, "Audit log of applied commands"),
    h("thead", null, h("tr", null, ["When", "Who", "What", "How many", "Type", "Why", "Server"].map((x) => h("th", { scope: "col" }, x)))),
    h("tbody", null, rows.map(({ e, l }) => h("tr", { "data-ledger": l.id },
      h("td", null, fmtInstant(l.at, S.tz)),
      h("td", null, l.actorId, h("span", { class: "muted" }, ` (${e.ctx.actor.role})`)),
      h("td", null, h("span", { class: `kind k-${l.kind}` }, l.kind), l.bookingId ? h("span", { class: "muted mono" }, ` ${l.bookingId}`) : null),
      h("td", { class: "num" }, String(l.quantity)),
      h("td", null, l.fromSessionTypeId && l.fromSessionTypeId !== l.sessionTypeId ? `${typeName(l.fromSessionTypeId)} → ${typeName(l.sessionTypeId)}` : typeName(l.sessionTypeId)),
      h("td", null, l.reason || l.note || h("span", { class: "muted" }, "—")),
      h("td", null, serverBadge(e)))))));
}

function serverBadge(e) {
  if (!e.server) return h("span", { class: "badge s-pending" }, "queued");
  if (e.server.ok) return h("span", { class: "badge s-accepted" }, e.server.duplicate ? "accepted (already)" : "accepted");
  return h("span", { class: "badge s-refused", title: (e.server.errors || []).map((i) => i.message).join(" ") }, "refused");
}

// ---- outbox / sync ------------------------------------------------------------------------------

function renderOutbox() {
  const pending = S.journal.filter((e) => !e.server).length;
  replace(el.syncBtn, pending ? `Sync ${plural(pending, "command")}` : "Sync");
  el.syncBtn.dataset.pending = String(pending);
  const rows = S.journal.slice().reverse();
  replace(el.outbox,
    h("div", { class: "panel-head" }, h("h2", { id: "outbox-h" }, "Applied commands and sync"),
      h("span", { class: "muted", id: "queue-count" }, `${S.journal.length} applied in this browser · ${pending} waiting for the server`)),
    rows.length ? h("div", { class: "scroll" }, h("table", { class: "grid outbox-table" },
      h("caption", { class: "sr-only" }, "Commands applied locally and the server's verdicts"),
      h("thead", null, h("tr", null, ["#", "Command", "Client(s)", "By", "At (now)", "Local verdict", "Server verdict"].map((x) => h("th", { scope: "col" }, x)))),
      h("tbody", null, rows.map((e) => h("tr", { "data-command": e.commandId },
        h("td", { class: "num" }, String(e.seq)),
        h("td", null, e.label || e.command.type, h("div", { class: "muted mono small" }, e.commandId)),
        h("td", null, commandClients(e)),
        h("td", null, `${e.ctx.actor.id} (${e.ctx.actor.role})`),
        h("td", null, fmtInstant(e.ctx.now, S.tz)),
        h("td", { class: "local-verdict" }, e.replay === "refused"
          ? h("span", { class: "badge s-refused" }, "refused on replay")
          : h("span", { class: "badge s-accepted" }, "applied"),
          (e.warnings || []).length ? h("div", { class: "small warning-text" }, e.warnings.map((w) => w.message).join(" ")) : null),
        h("td", { class: "server-verdict", "data-testid": "server-verdict" }, serverBadge(e),
          e.server && !e.server.ok ? h("div", { class: "small error-text" }, (e.server.errors || []).map((i) => i.message).join(" ")) : null))))))
      : h("p", { class: "muted" }, "Nothing applied yet. Commands you confirm are applied here at once, kept in this browser (also offline), and sent to the server with Sync."));
}

function commandClients(e) {
  const ids = [...new Set((e.ledger || []).map((l) => l.clientId))];
  if (!ids.length && e.command.clientId) ids.push(e.command.clientId);
  if (!ids.length) return "—";
  return ids.length > 2 ? `${ids.length} clients` : ids.map(clientName).join(", ");
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

function typeOptions({ placeholder } = {}) {
  const opts = [...S.types.values()].map((t) => ({ value: t.id, label: t.active === false ? `${t.name} (inactive)` : t.name }));
  return placeholder ? [{ value: "", label: placeholder }, ...opts] : opts;
}

function creditLabel(id) {
  const k = S.snap.credits.find((x) => x.id === id);
  if (!k) return id;
  return `${k.id} · ${typeName(k.sessionTypeId)} · ${effectiveStatus(k)} · expires ${fmtExpiry(k.expiresAt, S.tz)}${k.source === "recurring" ? " · recurring" : ""}`;
}

function addCreditsForm(clientIds) {
  const multi = clientIds.length > 1;
  openForm(app, {
    title: multi ? `Add credits to ${clientIds.length} clients` : `Add credits to ${clientName(clientIds[0])}`,
    confirmLabel: "Add credits",
    fields: [
      { name: "clientIds", kind: "list", label: multi ? "Clients" : "Client", items: clientIds.map((id) => ({ id, label: `${clientName(id)} (${id})` })) },
      { name: "sessionTypeId", kind: "select", label: "Session type", options: typeOptions(), value: "pt60" },
      { name: "quantity", label: "Quantity", inputmode: "numeric", value: "1", hint: multi ? "Credits per client." : "Number of sessions." },
      { name: "expiresAt", kind: "date", label: "Expires", hint: "Optional. Usable through the end of that day, studio time." },
      { name: "reason", kind: "textarea", label: "Reason", placeholder: "e.g. service recovery, bonus session" },
      multi ? { name: "mode", kind: "checkbox", label: "Skip clients who cannot receive credits", value: false } : null,
    ].filter(Boolean),
    build: (v) => clean({
      type: "addCredits", clientIds: v.clientIds, sessionTypeId: v.sessionTypeId, quantity: v.quantity,
      expiresAt: v.expiresAt || undefined, reason: v.reason, mode: v.mode ? "skipInvalid" : undefined,
    }),
    renderPreview: (pv) => {
      const parts = [];
      if (multi && pv.items) parts.push(itemsTable(pv.items, (id) => `${clientName(id)} (${id})`, "Client"));
      if (pv.ok) {
        const byClient = new Map();
        for (const k of pv.credits.added) {
          const key = k.clientId;
          if (!byClient.has(key)) byClient.set(key, []);
          byClient.get(key).push(k);
        }
        parts.push(h("h4", null, "Will grant"),
          h("ul", { class: "grant-list", "data-testid": "grant-preview" }, [...byClient].map(([cid, ks]) => h("li", null,
            h("strong", null, clientName(cid)), `: ${ks.length} × ${typeName(ks[0].sessionTypeId)}, expires ${fmtExpiry(ks[0].expiresAt, S.tz)}`,
            ks[0].membershipId ? `, on membership ${ks[0].membershipId}` : ", no membership",
            ks[0].revocable === false ? ", non-revocable" : ""))));
        parts.push(autopayList(pv));
        parts.push(balancesTable(pv.balances));
      } else parts.push(notReady(pv));
      return parts;
    },
  });
}

/** With autoPayUnpaid, the unpaid bookings the command would pay (the preview's bookings.changed). */
function autopayList(pv) {
  const { paid } = paidBookings(pv);
  if (!paid.length) return S.policy.autoPayUnpaid ? h("p", { class: "muted small", "data-testid": "autopay-none" }, "Autopay is on: no unpaid booking would be paid.") : null;
  const added = new Set((pv.credits?.added || []).map((k) => k.id));
  return [h("h4", null, `Will also pay ${plural(paid.length, "unpaid booking")}`),
    h("ul", { class: "autopay-list", "data-testid": "autopay-preview" }, paid.map(({ after: b }) => h("li", { "data-booking": b.id },
      h("strong", null, `${b.id}`), `: ${typeName(b.sessionTypeId)} for ${clientName(b.clientId)}, ${fmtInstant(b.startsAt, S.tz)} — paid with `,
      added.has(b.creditId) ? "a new credit" : h("span", { class: "mono" }, b.creditId))))];
}

// Bulk screens preview with `detail: "summary"`: the live count comes from `counts`, the items
// listed are those with an issue; the full detail is asked for only to list every credit.
const LIST_ALL_UP_TO = 20;

function listAllField(n) {
  return { name: "listAll", kind: "checkbox", label: "List every credit (full preview)", value: n <= LIST_ALL_UP_TO,
    hint: n > LIST_ALL_UP_TO ? `${n} credits: the live preview counts them; tick to list each one.` : null };
}

function bulkPreview(pv, values, command, extra) {
  const c = pv.counts || { items: 0, itemsOk: 0 };
  const out = [h("p", { class: "counts", "data-testid": "counts" }, `${c.itemsOk} of ${plural(c.items, "credit")} can go ahead`,
    pv.ok ? h("span", { class: "muted" }, ` · ${plural(c.creditsChanged, "credit")} will change`) : null)];
  if (values.listAll) {
    const full = S.engine.preview(command, app.ctx());
    out.push(itemsTable(full.items || [], creditLabel, "Credit", extra ? (id) => extra(full, id) : undefined));
  } else if (pv.items?.length) {
    out.push(itemsTable(pv.items, creditLabel, "Credit", undefined, `Credits with an error or a warning: ${pv.items.length}`));
  }
  out.push(pv.ok ? balancesTable(pv.balances) : notReady(pv));
  return out;
}

function changeTypeForm(creditIds) {
  openForm(app, {
    title: `Change the type of ${plural(creditIds.length, "credit")}`,
    confirmLabel: "Change type",
    previewOptions: { detail: "summary" },
    fields: [
      { name: "creditIds", kind: "list", label: "Credits", items: creditIds.map((id) => ({ id, label: creditLabel(id) })) },
      { name: "toSessionTypeId", kind: "select", label: "New session type", options: typeOptions({ placeholder: "Choose a session type…" }), value: "" },
      { name: "note", kind: "textarea", label: "Note (optional)" },
      { name: "mode", kind: "checkbox", label: "Skip credits that cannot change (apply the rest)", value: false },
      listAllField(creditIds.length),
    ],
    build: (v) => clean({ type: "changeCreditType", creditIds: v.creditIds, toSessionTypeId: v.toSessionTypeId, note: v.note || undefined, mode: v.mode ? "skipInvalid" : undefined }),
    renderPreview: (pv, v, command) => bulkPreview(pv, v, command),
  });
}

function extendForm(creditIds) {
  openForm(app, {
    title: `Extend the expiry of ${plural(creditIds.length, "credit")}`,
    confirmLabel: "Extend expiry",
    previewOptions: { detail: "summary" },
    fields: [
      { name: "creditIds", kind: "list", label: "Credits", items: creditIds.map((id) => ({ id, label: creditLabel(id) })) },
      { name: "extend", kind: "choice", label: "New expiry", paths: ["days", "expiresAt"], value: "days", options: [
        { value: "days", label: "Later by", subLabel: "Number of days", inputmode: "numeric", initial: "30" },
        { value: "date", label: "Until", subLabel: "New expiry date", type: "date", initial: "" },
      ] },
      { name: "reason", kind: "textarea", label: "Reason" },
      { name: "mode", kind: "checkbox", label: "Skip credits that cannot be extended (apply the rest)", value: false },
      listAllField(creditIds.length),
    ],
    build: (v) => clean({
      type: "extendExpiry", creditIds: v.creditIds,
      days: v.extend.choice === "days" ? v.extend.value : undefined,
      expiresAt: v.extend.choice === "date" ? v.extend.value || undefined : undefined,
      reason: v.reason, mode: v.mode ? "skipInvalid" : undefined,
    }),
    renderPreview: (pv, v, command) => bulkPreview(pv, v, command, (full, id) => {
      const ch = full.credits?.changed?.find((c) => c.after.id === id);
      return ch ? `${fmtExpiry(ch.before.expiresAt, S.tz)} → ${fmtExpiry(ch.after.expiresAt, S.tz)}` : null;
    }),
  });
}

function removeForm(clientId, creditIds) {
  openForm(app, {
    title: `Remove ${plural(creditIds.length, "credit")} from ${clientName(clientId)}`,
    confirmLabel: "Remove credits",
    danger: true,
    fields: [
      { name: "creditIds", kind: "list", label: "Credits", items: creditIds.map((id) => ({ id, label: creditLabel(id) })) },
      { name: "reason", kind: "textarea", label: "Reason" },
    ],
    build: (v) => ({ type: "removeCredits", clientId, creditIds: v.creditIds, reason: v.reason }),
    renderPreview: (pv) => pv.ok ? [h("p", null, `${plural(pv.credits.changed.length, "credit")} will be marked removed.`), balancesTable(pv.balances)] : notReady(pv),
  });
}

function defaultStart(fromIso, days) {
  const base = Date.parse(fromIso);
  const ms = (Number.isFinite(base) ? base : Date.parse(S.studio.now)) + days * 86_400_000;
  return instantToLocal(isoUtc(Math.ceil(ms / 3_600_000) * 3_600_000), S.tz);
}

function bookForm(clientId) {
  const avail = (S.creditsByClient.get(clientId) || []).filter((k) => k.status === "available");
  openForm(app, {
    title: `Book a session for ${clientName(clientId)}`,
    confirmLabel: "Book",
    fields: [
      { name: "sessionTypeId", kind: "select", label: "Session type", options: typeOptions(), value: "pt60" },
      { name: "startsAt", kind: "datetime", label: `Starts (${S.tz} time)`, value: defaultStart(S.now, 2) },
      { name: "credit", kind: "select", label: "Pay with", value: "auto", options: [
        { value: "auto", label: "Best available credit (auto)" }, { value: "none", label: "Nothing yet (Booked: Unpaid)" },
        ...avail.map((k) => ({ value: k.id, label: creditLabel(k.id) }))] },
    ],
    build: (v) => ({ type: "book", clientId, sessionTypeId: v.sessionTypeId, startsAt: localToInstant(v.startsAt, S.tz), credit: v.credit }),
    renderPreview: (pv) => pv.ok ? bookingResult(pv) : notReady(pv),
  });
}

function bookingIntro(b) {
  return `${b.id}: ${typeName(b.sessionTypeId)} for ${clientName(b.clientId)}, ${fmtInstant(b.startsAt, S.tz)}` +
    (b.creditId ? `, paid with ${b.creditId}.` : ", Booked: Unpaid.") + (lateCancelWarning(b) ? " It is inside the late-cancel window." : "");
}

function cancelForm(b) {
  openForm(app, {
    title: `Cancel booking ${b.id}`,
    intro: bookingIntro(b),
    confirmLabel: "Cancel booking",
    danger: true,
    fields: [
      { name: "forgive", kind: "checkbox", label: "Forgive (return the credit even if late)", value: false,
        hint: refusal({ type: "cancelBooking", bookingId: b.id, forgive: true }) ? `${ACTORS[S.role].label} may not forgive: the engine will refuse it.` : "A late cancel without forgiveness forfeits the credit." },
    ],
    build: (v) => ({ type: "cancelBooking", bookingId: b.id, forgive: v.forgive }),
    renderPreview: (pv) => pv.ok ? consequence(pv) : notReady(pv),
  });
}

function deleteForm(b) {
  openForm(app, {
    title: `Delete booking ${b.id}`,
    intro: bookingIntro(b),
    confirmLabel: "Delete booking",
    danger: true,
    fields: [],
    build: () => ({ type: "deleteBooking", bookingId: b.id }),
    renderPreview: (pv) => pv.ok ? consequence(pv) : notReady(pv),
  });
}

function rebookForm(b) {
  openForm(app, {
    title: `Forgive & rebook ${b.id}`,
    intro: bookingIntro(b) + " The booking is cancelled and forgiven, its credit returns, and the client is booked again.",
    confirmLabel: "Forgive & rebook",
    fields: [
      { name: "startsAt", kind: "datetime", label: `New start (${S.tz} time)`, value: defaultStart(b.startsAt, 7), showAtOnce: true },
    ],
    build: (v) => ({ type: "forgiveAndRebook", bookingId: b.id, startsAt: localToInstant(v.startsAt, S.tz) }),
    renderPreview: (pv) => pv.ok ? [consequence(pv), bookingResult(pv)] : notReady(pv),
  });
}

function assignForm(b) {
  const avail = (S.creditsByClient.get(b.clientId) || []).filter((k) => k.status === "available");
  openForm(app, {
    title: `Attach a credit to ${b.id}`,
    intro: bookingIntro(b),
    confirmLabel: "Attach credit",
    fields: [
      { name: "creditId", kind: "select", label: "Credit", value: "", options: [{ value: "", label: "Best available credit (auto)" },
        ...avail.map((k) => ({ value: k.id, label: creditLabel(k.id) }))] },
    ],
    build: (v) => clean({ type: "assignCredit", bookingId: b.id, creditId: v.creditId || undefined }),
    renderPreview: (pv) => pv.ok ? consequence(pv) : notReady(pv),
  });
}
