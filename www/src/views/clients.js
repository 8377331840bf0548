// The client list: search, multi-select ("Add credits to selected"), available credits per session
// type at "now" (+n assigned), membership status.

import { h, replace } from "../dom.js";
import { S, app } from "../state.js";
import { actionButton, badge } from "../fragments.js";
import { addCreditsForm } from "../forms/addCredits.js";

let panel = null;

/** Draws the client list into `target` (kept for later redraws). */
export function renderClients(target) {
  if (target) panel = target;
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
          onclick: () => app.openClient(c.id) }, c.name), h("span", { class: "muted id" }, c.id)),
        h("td", null, m ? badge(m.status) : h("span", { class: "muted" }, "none")),
        types.map((t) => {
          const b = bal?.get(t.id);
          const n = b ? b.available : 0;
          return h("td", { class: ["num", n ? null : "zero"] }, b ? String(n) : "·", b && b.assigned ? h("span", { class: "assigned-count", title: `${b.assigned} assigned` }, `+${b.assigned}`) : null);
        }));
    })));

  replace(panel,
    h("div", { class: "panel-head" }, h("h2", { id: "clients-h" }, "Clients"), h("span", { class: "muted" }, `${list.length} of ${S.clients.size}`)),
    h("div", { class: "toolbar" }, h("label", { for: "client-search", class: "sr-only" }, "Search clients"), search, addBtn),
    h("p", { class: "muted small" }, "Numbers are available credits per session type at “now”; +n are assigned to bookings."),
    h("div", { class: "scroll" }, table));
}

function shortType(t) {
  return { pt60: "PT60", pt30: "PT30", yoga: "Yoga", spin: "Spin", hiit: "HIIT", pilates: "Pilates", barre: "Barre" }[t.id] || t.id;
}

/** The membership to show in the list: by status (display only; what qualifies for credits is the engine's answer in the forms). */
function bestMembership(clientId) {
  const ms = S.membershipsByClient.get(clientId) || [];
  const rank = { active: 0, frozen: 1, cancelled: 2, expired: 3 };
  return [...ms].sort((a, b) => rank[a.status] - rank[b.status] || a.id.localeCompare(b.id))[0] || null;
}
