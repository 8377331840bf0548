// transferCredits — move credits from one client to another: the checked credits, or a session type
// and a quantity (the engine picks the ones the sender would use next). Every keystroke previews;
// issues stand under their fields by path (toClientId, quantity, creditIds.N, reason, sessionTypeId),
// and the preview lists the credits that move and both clients' balances before → after.

import { h, plural } from "../dom.js";
import { openForm } from "../form.js";
import { S, app, typeName, clientName } from "../state.js";
import { notReady, balancesTable, creditLabel, autopayList } from "../fragments.js";

export function transferForm(fromClientId, creditIds) {
  const others = [...S.clients.values()].filter((c) => c.id !== fromClientId)
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id, "en", { numeric: true }));
  const held = new Set((S.creditsByClient.get(fromClientId) || []).map((k) => k.sessionTypeId));
  const firstType = [...S.types.keys()].find((t) => held.has(t)) || [...S.types.keys()][0];
  const byCredits = creditIds.length > 0;
  openForm(app, {
    title: `Transfer credits from ${clientName(fromClientId)}`,
    confirmLabel: "Transfer",
    fields: [
      { name: "toClientId", kind: "select", label: "To client", value: "",
        options: [{ value: "", label: "Choose the recipient…" }, ...others.map((c) => ({ value: c.id, label: `${c.name} (${c.id})` }))] },
      { name: "by", kind: "radio", label: "What to transfer", value: byCredits ? "credits" : "quantity", options: [
        { value: "credits", label: byCredits ? `The ${plural(creditIds.length, "checked credit")}` : "Checked credits (none checked)", disabled: !byCredits },
        { value: "quantity", label: "A session type and quantity" }] },
      { name: "creditIds", kind: "list", label: "Credits", showIf: (v) => v.by === "credits",
        items: creditIds.map((id) => ({ id, label: creditLabel(id) })) },
      { name: "sessionTypeId", kind: "select", label: "Session type", value: firstType, showIf: (v) => v.by === "quantity",
        options: [...S.types.values()].map((t) => ({ value: t.id, label: t.name })) },
      { name: "quantity", label: "Quantity", inputmode: "numeric", value: "1", showIf: (v) => v.by === "quantity",
        hint: "The credits the sender would use next are moved." },
      { name: "reason", kind: "textarea", label: "Reason", placeholder: "e.g. gift to a family member" },
    ],
    build: (v) => {
      const cmd = { type: "transferCredits", fromClientId, toClientId: v.toClientId };
      if (v.by === "credits") cmd.creditIds = v.creditIds;
      else { cmd.sessionTypeId = v.sessionTypeId; cmd.quantity = v.quantity; }
      if (v.reason) cmd.reason = v.reason;
      return cmd;
    },
    renderPreview: (pv, v) => {
      if (!pv.ok) return notReady(pv);
      const byType = new Map();
      for (const { after } of pv.credits.changed) {
        if (!byType.has(after.sessionTypeId)) byType.set(after.sessionTypeId, []);
        byType.get(after.sessionTypeId).push(after);
      }
      return [
        h("h4", null, `Will move to ${clientName(v.toClientId)}`),
        h("ul", { class: "transfer-list", "data-testid": "transfer-preview" }, [...byType].map(([t, ks]) => h("li", null,
          h("strong", null, `${ks.length} × ${typeName(t)}`), ` (${ks.map((k) => k.id).join(", ")})`,
          ks[0].membershipId ? `, on membership ${ks[0].membershipId}` : ", no membership"))),
        autopayList(pv),
        balancesTable(pv.balances),
      ];
    },
  });
}
