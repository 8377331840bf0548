// extendExpiry — push the checked credits' expiry out, by days or to a date.

import { fmtExpiry, plural } from "../dom.js";
import { openForm } from "../form.js";
import { S, app } from "../state.js";
import { clean, creditLabel } from "../fragments.js";
import { listAllField, bulkPreview } from "./bulk.js";

export function extendForm(creditIds) {
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
