// addCredits — grant credits to one or many clients. Errors under each field, per-client verdicts
// (skip-invalid as an option), the grant with balances before → after, and with autoPayUnpaid the
// unpaid bookings the grant would pay (the preview's bookings.changed and steps).

import { h, fmtExpiry } from "../dom.js";
import { openForm } from "../form.js";
import { S, app, typeName, clientName } from "../state.js";
import { clean, notReady, itemsTable, balancesTable, typeOptions, autopayList, deferredLine, valuesOf } from "../fragments.js";
import { currency, minorDigits, toMinor } from "../money.js";

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
      { name: "valuePerCredit", label: `Value per credit (${currency()})`, inputmode: "decimal", placeholder: minorDigits() ? "e.g. 25.00" : "e.g. 2500",
        hint: `What the client paid for each credit, in ${currency()} (major units; the engine keeps minor units). Blank: not tracked.` },
      { name: "reason", kind: "textarea", label: "Reason", placeholder: "e.g. service recovery, bonus session" },
      multi ? { name: "mode", kind: "checkbox", label: "Skip clients who cannot receive credits", value: false } : null,
    ].filter(Boolean),
    build: (v) => clean({
      type: "addCredits", clientIds: v.clientIds, sessionTypeId: v.sessionTypeId, quantity: v.quantity,
      expiresAt: v.expiresAt || undefined, reason: v.reason, mode: v.mode ? "skipInvalid" : undefined, valuePerCredit: toMinor(v.valuePerCredit),
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
            ks[0].revocable === false ? ", non-revocable" : "", h("span", { class: "value" }, ` — ${valuesOf(ks)}`)))),
          deferredLine(pv));
        parts.push(autopayList(pv));
        parts.push(balancesTable(pv.balances));
      } else parts.push(notReady(pv));
      return parts;
    },
  });
}
