// The page around the screens: the header (who is signed in, the what-ifs, autopay, online and
// Sync), the line of what the role may do, the tabs (Clients, Today, the owner's Liability) and
// redrawing every screen from the view engine; the service worker and the clock check at start.

import { version } from "session-credits";
import { h, replace, fmtInstant, isoUtc } from "./dom.js";
import { ROLE_LABELS, S, roleLabel } from "./state.js";
import { abilities } from "./answers.js";
import * as api from "./api.js";
import { renderClient } from "./views/client.js";
import { renderClients } from "./views/clients.js";
import { renderOutbox } from "./views/outbox.js";
import { renderToday, scrollToNow } from "./views/today.js";
import { renderLiability, showsLiability } from "./views/liability.js";
import { signOut } from "./session.js";
import { setAutopay, refreshData } from "./engines.js";
import { sync, reconnect, resetDemo, showError } from "./sync.js";
import { toastRoot } from "./toasts.js";

export function registerServiceWorker() {
  if (!("serviceWorker" in navigator) || !import.meta.env.PROD) return;
  navigator.serviceWorker.register("/sw.js").then(() => {
    document.documentElement.dataset.sw = "registered";
  }).catch((e) => console.warn("service worker not registered", e));
  navigator.serviceWorker.ready.then(() => { document.documentElement.dataset.swReady = "1"; });
}

/** How far this device's clock is from the server's (queued commands carry the device's clock). */
export async function checkClock() {
  if (!navigator.onLine) return;
  try {
    const { data } = await api.getHealth();
    const off = Math.round((Date.now() - Date.parse(data.now)) / 1000);
    S.clockOffset = off;
    renderHeader();
  } catch { /* offline: nothing to compare with */ }
}

// ---- shell --------------------------------------------------------------------------------------

export const el = {};

export function buildShell() {
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
  el.toasts = toastRoot;
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
  el.liability = h("section", { class: "panel liability", "aria-labelledby": "liability-h", id: "liability" });
  const tabs = [["clients", "Clients"], ["today", "Today"], ["liability", "Liability"]];
  el.tabs = h("nav", { class: "tabs", role: "tablist", "aria-label": "Screens" }, tabs.map(([k, label]) =>
    h("button", { type: "button", role: "tab", id: `tab-${k}`, "aria-controls": `panel-${k}`, onclick: () => setTab(k),
      onkeydown: (e) => {
        // arrow keys move between tabs (WAI-ARIA tabs pattern)
        if (e.key !== "ArrowRight" && e.key !== "ArrowLeft") return;
        const shown = tabs.filter(([x]) => !document.getElementById(`tab-${x}`).hidden);
        const i = shown.findIndex(([x]) => x === k);
        const next = shown[(i + (e.key === "ArrowRight" ? 1 : shown.length - 1)) % shown.length][0];
        setTab(next);
        document.getElementById(`tab-${next}`).focus();
      } }, label)));
  el.panels = {
    clients: h("main", { class: "layout", id: "panel-clients", role: "tabpanel", "aria-labelledby": "tab-clients" }, el.clients, el.client),
    today: h("main", { class: "layout single", id: "panel-today", role: "tabpanel", "aria-labelledby": "tab-today" }, el.today),
    liability: h("main", { class: "layout single", id: "panel-liability", role: "tabpanel", "aria-labelledby": "tab-liability" }, el.liability),
  };
  replace(root, header, el.banner, el.perms, el.tabs, el.panels.clients, el.panels.today, el.panels.liability, el.outbox, el.toasts);
  showTab();

  const updateOnline = () => {
    replace(el.online, navigator.onLine ? "Online" : "Offline");
    el.online.className = "pill " + (navigator.onLine ? "ok" : "off");
  };
  addEventListener("online", () => { updateOnline(); reconnect(); });
  addEventListener("offline", updateOnline);
  updateOnline();
}

export function setTab(k) {
  S.tab = k;
  localStorage.setItem("sc.tab", k);
  showTab();
  if (k === "today") { renderToday(el.today); scrollToNow(el.today); }
  if (k === "liability") renderLiability(el.liability);
}

export function showTab() {
  document.getElementById("tab-liability").hidden = !showsLiability(); // the owner's (views/liability.js)
  if (!el.panels[S.tab] || (S.tab === "liability" && !showsLiability())) S.tab = "clients";
  for (const [k, p] of Object.entries(el.panels)) {
    p.hidden = k !== S.tab;
    const t = document.getElementById(`tab-${k}`);
    t.setAttribute("aria-selected", k === S.tab ? "true" : "false");
    t.tabIndex = k === S.tab ? 0 : -1;
  }
}

export function safeVersion() {
  try { return version(); } catch { return "?"; }
}

/** The header's what-ifs: a role and/or an instant to preview with. Nothing is queued meanwhile. */
export function setWhatIf({ role, now }) {
  if (role !== undefined) S.whatIfRole = role && role !== S.session?.role ? role : null;
  if (now !== undefined) S.whatIfNow = now || null;
  refreshData();
  renderAll();
}

export function renderHeader() {
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

export function renderAll() {
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
  showTab();
  if (S.tab === "today") renderToday(el.today);
  if (S.tab === "liability") renderLiability(el.liability);
  renderOutbox({ panel: el.outbox, syncBtn: el.syncBtn });
}

// ---- client list --------------------------------------------------------------------------------

/** Show a client's page (from the list, or from the Today tab with `show`: switch to Clients). */
export function openClient(id, { show = false } = {}) {
  S.currentClientId = id;
  S.checkedCredits.clear();
  if (show) setTab("clients");
  renderClients();
  renderClient();
  document.getElementById("client-h")?.focus();
}
