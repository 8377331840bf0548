// Preview fragments shared by the forms: the engine's answer drawn as it is (issues, items,
// balances before → after, what changes). Nothing here decides a rule.

import { h, fmtInstant, fmtExpiry, isoUtc, instantToLocal, plural } from "./dom.js";
import { msgEl } from "./form.js";
import { S, typeName, clientName } from "./state.js";
import { refusal, lateCancelWarning } from "./answers.js";
import { money, moneyChange, currency } from "./money.js";

export function clean(o) {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}

export function notReady(pv) {
  if (pv.ok) return null;
  return h("div", { class: "not-ready" },
    h("p", { class: "muted" }, "Nothing will change until these are fixed:"),
    h("ul", { class: "issue-list" }, (pv.errors || []).map((i) => h("li", null, msgEl("error", i, i.path || null)))));
}

export function itemsTable(items, label, what, extra, heading) {
  if (!items || !items.length) return null;
  const okN = items.filter((i) => i.ok).length;
  return h("div", { class: "items" },
    h("h4", null, heading || `Per ${what.toLowerCase()}: ${okN} of ${items.length} can go ahead`),
    h("table", { class: "grid items-table", "data-testid": "items" },
      h("thead", null, h("tr", null, h("th", { scope: "col" }, what), h("th", { scope: "col" }, "Verdict"))),
      h("tbody", null, items.map((it) => h("tr", { "data-item": it.id, class: it.ok ? "item-ok" : "item-bad" },
        h("td", null, label(it.id)),
        h("td", null,
          it.ok ? h("span", { class: "verdict ok" }, it.warnings?.some((w) => w.code === "no_change") ? "unchanged" : "✓ will change") : h("span", { class: "verdict bad" }, "✕ cannot"),
          extra && it.ok ? h("div", { class: "small" }, extra(it.id)) : null,
          (it.errors || []).map((i) => h("div", { class: "small error-text", "data-code": i.code }, i.message)),
          (it.warnings || []).map((i) => h("div", { class: "small warning-text", "data-code": i.code }, i.message))))))));
}

export function balancesTable(rows) {
  if (!rows || !rows.length) return h("p", { class: "muted" }, "No balance changes.");
  return h("div", { class: "balances-preview" },
    h("h4", null, "Balances"),
    h("table", { class: "grid", "data-testid": "balances" },
      h("thead", null, h("tr", null, ["Client", "Session type", "Before", "After"].map((x) => h("th", { scope: "col" }, x)))),
      h("tbody", null, rows.map((r) => h("tr", null,
        h("td", null, clientName(r.clientId)), h("td", null, typeName(r.sessionTypeId)),
        h("td", { class: "num" }, String(r.before)),
        h("td", { class: ["num", r.after > r.before ? "up" : r.after < r.before ? "down" : null] }, `→ ${r.after}`))))));
}

const STATUS_WORDS = { noShow: "no-show", lateCancelled: "late-cancelled" };
const word = (s) => STATUS_WORDS[s] || s;

export function consequence(pv) {
  const lines = [];
  for (const ch of pv.credits.changed) {
    if (ch.before.status !== ch.after.status) lines.push(`Credit ${ch.after.id} (${typeName(ch.after.sessionTypeId)}): ${word(ch.before.status)} → ${word(ch.after.status)}.`);
  }
  for (const ch of pv.bookings.changed) {
    if (ch.before.status !== ch.after.status) lines.push(`Booking ${ch.after.id}: ${word(ch.before.status)} → ${word(ch.after.status)}.`);
    else if (paidWith(ch.before) !== paidWith(ch.after)) lines.push(`Booking ${ch.after.id} is now paid with ${paidWith(ch.after) || "nothing"}.`);
  }
  for (const b of pv.bookings.removed) lines.push(`Booking ${b.id} is deleted.`);
  const warn = pv.warnings || [];
  return h("div", { class: "consequence", "data-testid": "consequence" },
    warn.length ? h("div", { class: "warn-box" }, warn.map((w) => msgEl("warning", w))) : null,
    lines.length ? h("ul", null, lines.map((l) => h("li", null, l))) : h("p", { class: "muted" }, "No credit changes."),
    balancesTable(pv.balances));
}

export function bookingResult(pv) {
  return h("div", { class: "booking-result", "data-testid": "booking-result" }, pv.bookings.added.map((b) =>
    h("p", null, `New booking${b.id.startsWith("preview") ? "" : " " + b.id}: ${costLabel(b.sessionTypeId)}, ${fmtInstant(b.startsAt, S.tz)} — `,
      paidWith(b) ? h("strong", null, `paid with ${paidWith(b)}`) : h("strong", { class: "warning-text" }, "Booked: Unpaid"), ".")));
}

/** What one booking of a type costs (revision 3: `creditCost`, 1 to 20). */
export const creditCost = (typeId) => S.types.get(typeId)?.creditCost || 1;

/** "Reformer Duet · 2 credits"; a type that costs one credit is just its name. */
export function costLabel(typeId) {
  const n = creditCost(typeId);
  return n > 1 ? `${typeName(typeId)} · ${n} credits` : typeName(typeId);
}

/** Every credit paying a booking ("k-r3-1, k-r3-2"), or "" when unpaid. */
export function paidWith(b) {
  const ids = b.creditIds?.length ? b.creditIds : b.creditId ? [b.creditId] : [];
  return ids.join(", ");
}

/** "b2: Personal Training 60 for Aaron Diaz, Nov 24, 2026, 6:00 PM, paid with k8." */
export function describeBooking(b) {
  return `${b.id}: ${costLabel(b.sessionTypeId)} for ${clientName(b.clientId)}, ${fmtInstant(b.startsAt, S.tz)}` +
    (paidWith(b) ? `, paid with ${paidWith(b)}.` : b.status === "booked" ? ", Booked: Unpaid." : ", unpaid.");
}

/**
 * Extra words for an error whose params say more than its message: when check-in opens
 * (`check_in_not_open`, `params.opensAt`), how many credits there are (`insufficient_credits`).
 */
export function issueDetails(pv) {
  const out = [];
  for (const i of pv.errors || []) {
    if (i.code === "check_in_not_open" && i.params?.opensAt) {
      out.push(h("p", { class: "opens-at", "data-testid": "opens-at" },
        "Check-in opens at ", h("strong", null, fmtInstant(String(i.params.opensAt), S.tz)), " (studio time)."));
    }
  }
  return out;
}

/** The bookings a command pays on the way (autopay, or an unpaid check-in): from `bookings.changed`. */
export function paidBookings(pv) {
  const paid = (pv.bookings?.changed || []).filter((c) => !c.before.creditId && c.after.creditId);
  const added = (pv.bookings?.added || []).filter((b) => b.creditId);
  return { paid, added };
}

/** A button for a command: disabled (dashed) when the engine refuses a draft of it to this role. */
export function actionButton(draft, label, onclick, opts = {}) {
  const denied = refusal(draft);
  const b = h("button", { type: "button", class: opts.class || "btn", onclick, id: opts.id,
    disabled: !!denied || opts.disabled, "data-command": draft.type }, label);
  if (denied) {
    b.title = denied.map((i) => i.message).join(" ");
    b.classList.add("locked");
  }
  return b;
}

export function badge(status) {
  return h("span", { class: `badge s-${status}` }, status === "lateCancelled" ? "late-cancelled" : status === "noShow" ? "no-show" : status);
}

export function serverBadge(e) {
  if (!e.server) return h("span", { class: "badge s-pending" }, "queued");
  if (e.server.ok) return h("span", { class: "badge s-accepted" }, e.server.duplicate ? "accepted (already)" : "accepted");
  return h("span", { class: "badge s-refused", title: (e.server.errors || []).map((i) => i.message).join(" ") }, "refused");
}

export function typeOptions({ placeholder } = {}) {
  const opts = [...S.types.values()].map((t) => ({ value: t.id, label: t.active === false ? `${costLabel(t.id)} (inactive)` : costLabel(t.id) }));
  return placeholder ? [{ value: "", label: placeholder }, ...opts] : opts;
}

export function creditLabel(id) {
  const k = S.snap.credits.find((x) => x.id === id);
  if (!k) return id;
  return `${k.id} · ${typeName(k.sessionTypeId)} · ${effectiveStatus(k)} · expires ${fmtExpiry(k.expiresAt, S.tz)}${k.source === "recurring" ? " · recurring" : ""}`;
}

/** An available credit the engine would expire at "now" is shown as expired (answers.js). */
export function effectiveStatus(k) {
  return S.expiredNow.has(k.id) ? "expired" : k.status;
}

export function defaultStart(fromIso, days) {
  const base = Date.parse(fromIso);
  const ms = (Number.isFinite(base) ? base : Date.now()) + days * 86_400_000;
  return instantToLocal(isoUtc(Math.ceil(ms / 3_600_000) * 3_600_000), S.tz);
}

export function bookingIntro(b) {
  return `${b.id}: ${costLabel(b.sessionTypeId)} for ${clientName(b.clientId)}, ${fmtInstant(b.startsAt, S.tz)}` +
    (paidWith(b) ? `, paid with ${paidWith(b)}.` : ", Booked: Unpaid.") + (lateCancelWarning(b) ? " It is inside the late-cancel window." : "");
}

/** With autoPayUnpaid, the unpaid bookings the command would pay (the preview's bookings.changed). */
export function autopayList(pv) {
  const { paid } = paidBookings(pv);
  if (!paid.length) return S.policy.autoPayUnpaid ? h("p", { class: "muted small", "data-testid": "autopay-none" }, "Autopay is on: no unpaid booking would be paid.") : null;
  const added = new Set((pv.credits?.added || []).map((k) => k.id));
  return [h("h4", null, `Will also pay ${plural(paid.length, "unpaid booking")}`),
    h("ul", { class: "autopay-list", "data-testid": "autopay-preview" }, paid.map(({ after: b }) => h("li", { "data-booking": b.id },
      h("strong", null, `${b.id}`), `: ${typeName(b.sessionTypeId)} for ${clientName(b.clientId)}, ${fmtInstant(b.startsAt, S.tz)} — paid with `,
      added.has(b.creditId) ? "a new credit" : h("span", { class: "mono" }, paidWith(b)))))];
}

/** The preview's `deferredChange` (minor units) in the policy's currency: what deferred revenue does. */
export function deferredLine(pv) {
  const n = Number(pv.deferredChange || 0);
  return h("p", { class: "deferred", "data-testid": "deferred-change" },
    "Deferred revenue: ", h("strong", { class: n > 0 ? "up" : n < 0 ? "down" : null }, moneyChange(n)), ` (${currency()})`);
}

/** "2 × $25.00 = $50.00", or "no value tracked", for a list of credits. */
export function valuesOf(credits) {
  const withValue = credits.filter((k) => k.value !== null && k.value !== undefined);
  if (!withValue.length) return "no value tracked";
  const total = withValue.reduce((a, k) => a + Number(k.value), 0);
  const same = withValue.every((k) => k.value === withValue[0].value);
  const untracked = credits.length - withValue.length;
  return (same ? `${withValue.length} × ${money(withValue[0].value)} = ${money(total)}` : `${money(total)} in all`) +
    (untracked ? ` (${untracked} without a value)` : "");
}

/**
 * "Pay with" for a booking: a select (auto, each credit, "Choose several credits…") and, for
 * the last, the credits as checkboxes — a session that costs several credits is paid with all of
 * them at once (`creditIds`). `extra` options go after auto (e.g. "Nothing yet" for book).
 * build: payWith(values) → { credit } | { creditIds }.
 */
export function payWithFields(avail, { name = "credit", label = "Pay with", hint, extra = [], value = "auto", autoValue = "auto" } = {}) {
  const options = [{ value: autoValue, label: "Best available credit (auto)" }, ...extra,
    ...avail.map((k) => ({ value: k.id, label: creditLabel(k.id) })),
    avail.length > 1 ? { value: PICK, label: "Choose several credits…" } : null].filter(Boolean);
  return [
    { name, kind: "select", label, value, hint, options,
      fromCommand: (c) => (Array.isArray(c.creditIds) ? PICK : c[name] ?? (name === "credit" ? undefined : autoValue)) },
    { name: "creditIds", kind: "multi", label: "Credits paying it", options: avail.map((k) => ({ value: k.id, label: creditLabel(k.id) })),
      showIf: (v) => v[name] === PICK, fromCommand: (c) => (Array.isArray(c.creditIds) ? c.creditIds : undefined),
      hint: "A session that costs several credits takes them all at once." },
  ];
}
export const PICK = "pick";

/** The payment part of a command from payWithFields' values. */
export function payWith(v, name = "credit", autoValue = "auto") {
  if (v[name] === PICK) return { creditIds: v.creditIds };
  return { [name]: v[name] === autoValue && name !== "credit" ? undefined : v[name] };
}
