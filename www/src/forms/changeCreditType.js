// changeCreditType — the checked credits to another session type, each credit's verdict first.

import { plural } from "../dom.js";
import { openForm } from "../form.js";
import { app } from "../state.js";
import { clean, typeOptions, creditLabel } from "../fragments.js";
import { listAllField, bulkPreview } from "./bulk.js";

export function changeTypeForm(creditIds) {
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
