// Applied commands and sync: every command applied in this browser, its local verdict and, after
// Sync, the server's.

import { h, replace, fmtInstant, plural } from "../dom.js";
import { S, clientName } from "../state.js";
import { serverBadge } from "../fragments.js";

let target = null;

/** Draws the outbox into `where.panel` and the Sync button's label into `where.syncBtn`. */
export function renderOutbox(where) {
  if (where) target = where;
  const { panel, syncBtn } = target;
  const pending = S.journal.filter((e) => !e.server).length;
  replace(syncBtn, pending ? `Sync ${plural(pending, "command")}` : "Sync");
  syncBtn.dataset.pending = String(pending);
  const rows = S.journal.slice().reverse();
  replace(panel,
    h("div", { class: "panel-head" }, h("h2", { id: "outbox-h" }, "Applied commands and sync"),
      h("span", { class: "muted", id: "queue-count" }, `${S.journal.length} applied in this browser · ${pending} waiting for the server`)),
    rows.length ? h("div", { class: "scroll" }, h("table", { class: "grid outbox-table" },
      h("caption", { class: "sr-only" }, "Commands applied locally and the server's verdicts"),
      h("thead", null, h("tr", null, ["#", "Command", "Client(s)", "By", "At (now)", "Local verdict", "Server verdict"].map((x) => h("th", { scope: "col" }, x)))),
      h("tbody", null, rows.map((e) => h("tr", { "data-command": e.commandId },
        h("td", { class: "num" }, String(e.seq)),
        h("td", null, e.label || e.command.type, h("div", { class: "muted mono small" }, e.commandId)),
        h("td", null, commandClients(e)),
        h("td", null, `${e.ctx.actor.id} (${e.ctx.actor.role})`),
        h("td", null, fmtInstant(e.ctx.now, S.tz)),
        h("td", { class: "local-verdict" }, e.replay === "refused"
          ? h("span", { class: "badge s-refused" }, "refused on replay")
          : h("span", { class: "badge s-accepted" }, "applied"),
          (e.warnings || []).length ? h("div", { class: "small warning-text" }, e.warnings.map((w) => w.message).join(" ")) : null),
        h("td", { class: "server-verdict", "data-testid": "server-verdict" }, serverBadge(e),
          e.server && !e.server.ok ? h("div", { class: "small error-text" }, (e.server.errors || []).map((i) => i.message).join(" ")) : null))))))
      : h("p", { class: "muted" }, "Nothing applied yet. Commands you confirm are applied here at once, kept in this browser (also offline), and sent to the server with Sync."));
}

function commandClients(e) {
  const ids = [...new Set((e.ledger || []).map((l) => l.clientId))];
  if (!ids.length && e.command.clientId) ids.push(e.command.clientId);
  if (!ids.length) return "—";
  return ids.length > 2 ? `${ids.length} clients` : ids.map(clientName).join(", ");
}
