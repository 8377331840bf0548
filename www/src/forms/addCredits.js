// addCredits — grant credits to one or many clients. Errors under each field, per-client verdicts
// (skip-invalid as an option), the grant with balances before → after, and with autoPayUnpaid the
// unpaid bookings the grant would pay (the preview's bookings.changed and steps).

import { h, fmtInstant, fmtExpiry, plural } from "../dom.js";
import { openForm } from "../form.js";
import { S, app, typeName, clientName } from "../state.js";
import { clean, notReady, itemsTable, balancesTable, paidBookings, typeOptions } from "../fragments.js";

export function addCreditsForm(clientIds) {
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
