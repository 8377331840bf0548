// removeCredits — deduct the checked credits (reason per policy).

import { h, plural } from "../dom.js";
import { openForm } from "../form.js";
import { app, clientName } from "../state.js";
import { notReady, balancesTable, creditLabel, deferredLine, valuesOf } from "../fragments.js";

export function removeForm(clientId, creditIds) {
  openForm(app, {
    title: `Remove ${plural(creditIds.length, "credit")} from ${clientName(clientId)}`,
    confirmLabel: "Remove credits",
    danger: true,
    fields: [
      { name: "creditIds", kind: "list", label: "Credits", items: creditIds.map((id) => ({ id, label: creditLabel(id) })) },
      { name: "reason", kind: "textarea", label: "Reason" },
    ],
    build: (v) => ({ type: "removeCredits", clientId, creditIds: v.creditIds, reason: v.reason }),
    renderPreview: (pv) => pv.ok ? [h("p", null, `${plural(pv.credits.changed.length, "credit")} will be marked removed`,
      h("span", { class: "value", "data-testid": "removed-value" }, ` — ${valuesOf(pv.credits.changed.map((c) => c.after))}`), "."),
    deferredLine(pv), balancesTable(pv.balances)] : notReady(pv),
  });
}
