// The client page: balances, the credits table (checkboxes, status, source, expiry, booking) with
// the bulk actions, the bookings with their actions, and the audit log built from each apply's ledger.

import { h, replace, fmtInstant, fmtDate, fmtExpiry } from "../dom.js";
import { S, typeName, isPending } from "../state.js";
import { actionButton, badge, serverBadge, effectiveStatus, costLabel, paidWith } from "../fragments.js";
import { membershipList, usageChips } from "./membership.js";
import { money } from "../money.js";
import { lateCancelWarning } from "../answers.js";
import { attendanceActions } from "./today.js";
import { addCreditsForm } from "../forms/addCredits.js";
import { assignForm } from "../forms/assignCredit.js";
import { bookForm } from "../forms/book.js";
import { cancelForm } from "../forms/cancelBooking.js";
import { changeTypeForm } from "../forms/changeCreditType.js";
import { deleteForm } from "../forms/deleteBooking.js";
import { extendForm } from "../forms/extendExpiry.js";
import { rebookForm } from "../forms/forgiveAndRebook.js";
import { removeForm } from "../forms/removeCredits.js";
import { transferForm } from "../forms/transferCredits.js";

let panel = null;

const STATUSES = ["available", "assigned", "used", "forfeited", "expired", "removed"];

/** Draws the current client into `target` (kept for later redraws). */
export function renderClient(target) {
  if (target) panel = target;
  const id = S.currentClientId;
  const c = S.clients.get(id);
  if (!c) { replace(panel, h("p", null, "Choose a client.")); return; }
  const credits = (S.creditsByClient.get(id) || []).slice().sort(creditOrder);
  const bookings = (S.bookingsByClient.get(id) || []).slice().sort((a, b) => b.startsAt.localeCompare(a.startsAt));
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
      ["Credit", "Session type", "Source", "Status", "Expires", "Granted", "Value", "Booking"].map((x) => h("th", { scope: "col" }, x)))),
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
      h("td", { class: "num nowrap" }, k.value === null || k.value === undefined ? h("span", { class: "muted" }, "—") : money(k.value)),
      h("td", { class: "mono clip", title: k.bookingId || "" }, k.bookingId || "—")))
      : h("tr", null, h("td", { colspan: 9, class: "muted" }, "No credits."))));

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
      h("td", null, costLabel(b.sessionTypeId)),
      h("td", null, fmtInstant(b.startsAt, S.tz), lateCancelWarning(b) ? h("span", { class: "chip warning small", title: lateCancelWarning(b).message }, "inside late-cancel window") : null),
      h("td", null, b.status === "booked" && !paidWith(b) ? h("span", { class: "badge s-unpaid" }, "booked: unpaid") : badge(b.status)),
      h("td", { class: "mono clip paid-with", title: paidWith(b) }, paidWith(b) || "—"),
      h("td", null, h("div", { class: "row-actions" }, bookingActions(b)))))
      : h("tr", null, h("td", { colspan: 6, class: "muted" }, "No bookings."))));

  const typesWithBal = [...S.types.values()].filter((t) => bal.has(t.id));
  replace(panel,
    h("div", { class: "panel-head" },
      h("h2", { id: "client-h", tabindex: "-1" }, c.name, h("span", { class: "muted id" }, c.id)),
      h("div", { class: "btn-group" },
        actionButton({ type: "addCredits" }, "Add credits…", () => addCreditsForm([id]), { class: "btn primary", id: "act-add" }),
        actionButton({ type: "book" }, "Book a session…", () => bookForm(id), { id: "act-book" }),
        actionButton({ type: "transferCredits" }, checked.length ? `Transfer ${checked.length} checked…` : "Transfer credits…",
          () => transferForm(id, checked), { id: "act-transfer" }))),
    membershipList(id),
    h("div", { class: "balances", "aria-label": "Balances" }, typesWithBal.length ? typesWithBal.map((t) => {
      const b = bal.get(t.id);
      return h("div", { class: "bal", "data-type": t.id }, h("span", { class: "bal-n" }, String(b.available)), h("span", { class: "bal-t" }, t.name),
        b.assigned ? h("span", { class: "muted small" }, `${b.assigned} assigned`) : null);
    }) : h("span", { class: "muted" }, "No credits yet.")),
    h("h3", null, "Credits"), creditActions, h("div", { class: "scroll" }, creditsTable),
    h("h3", null, "Bookings", usageChips(id)), h("div", { class: "scroll" }, bookingsTable),
    h("h3", null, "Audit log"), auditLog(id));
}

function creditOrder(a, b) {
  const rank = (k) => STATUSES.indexOf(k.status);
  return rank(a) - rank(b) || (a.expiresAt || "9999").localeCompare(b.expiresAt || "9999") || a.id.localeCompare(b.id, "en", { numeric: true });
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
    paidWith(b) ? null : actionButton({ type: "assignCredit" }, "Attach credit…", () => assignForm(b), { class: "btn small" }),
  ];
}

function auditLog(clientId) {
  const rows = [];
  for (const e of S.journal) {
    if (isPending(e) && e.replay === "refused") continue; // not in the view: it would be refused now
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
      h("td", { class: "num" }, String(l.quantity), l.value !== null && l.value !== undefined ? h("span", { class: "muted small" }, ` · ${money(l.value)}`) : null),
      h("td", null, l.fromSessionTypeId && l.fromSessionTypeId !== l.sessionTypeId ? `${typeName(l.fromSessionTypeId)} → ${typeName(l.sessionTypeId)}` : typeName(l.sessionTypeId)),
      h("td", null, l.reason || l.note || h("span", { class: "muted" }, "—")),
      h("td", null, serverBadge(e)))))));
}
