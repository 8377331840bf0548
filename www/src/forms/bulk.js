// Shared by the bulk screens (change type, extend expiry), as src/commands/bulk.rs is by the bulk
// commands: the live preview is a summary (counts and the items with an issue); the full detail is
// asked for only to list every credit.

import { h, plural } from "../dom.js";
import { S, app } from "../state.js";
import { notReady, itemsTable, balancesTable, creditLabel } from "../fragments.js";

// Bulk screens preview with `detail: "summary"`: the live count comes from `counts`, the items
// listed are those with an issue; the full detail is asked for only to list every credit.
export const LIST_ALL_UP_TO = 20;

export function listAllField(n) {
  return { name: "listAll", kind: "checkbox", label: "List every credit (full preview)", value: n <= LIST_ALL_UP_TO,
    hint: n > LIST_ALL_UP_TO ? `${n} credits: the live preview counts them; tick to list each one.` : null };
}

export function bulkPreview(pv, values, command, extra) {
  const c = pv.counts || { items: 0, itemsOk: 0 };
  const out = [h("p", { class: "counts", "data-testid": "counts" }, `${c.itemsOk} of ${plural(c.items, "credit")} can go ahead`,
    pv.ok ? h("span", { class: "muted" }, ` · ${plural(c.creditsChanged, "credit")} will change`) : null)];
  if (values.listAll) {
    const full = S.engine.preview(command, app.ctx());
    out.push(itemsTable(full.items || [], creditLabel, "Credit", extra ? (id) => extra(full, id) : undefined));
  } else if (pv.items?.length) {
    out.push(itemsTable(pv.items, creditLabel, "Credit", undefined, `Credits with an error or a warning: ${pv.items.length}`));
  }
  out.push(pv.ok ? balancesTable(pv.balances) : notReady(pv));
  return out;
}
