// The queue and sync: the commands confirmed in this browser that the server has not accepted yet,
// each with how it fares on the server's latest state (the rebase's replay) and the server's
// verdict once sent; before sending, the ones that would now be refused, in plain words, each with
// Discard and Edit; the server's refusals the same way; and the recently accepted ones.

import { h, replace, fmtInstant, plural } from "../dom.js";
import { S, app, clientName, isPending } from "../state.js";
import { serverBadge } from "../fragments.js";
import { editOpener } from "../edit.js";

let target = null;

/** Draws the outbox into `where.panel` and the Sync button's label into `where.syncBtn`. */
export function renderOutbox(where) {
  if (where) target = where;
  const { panel, syncBtn } = target;
  const pending = S.journal.filter(isPending);
  const accepted = S.journal.filter((e) => !isPending(e)).reverse();
  const editing = (e) => e.commandId === S.editingId;
  const conflicts = pending.filter((e) => !editing(e) && e.replay === "refused" && !refusedByServer(e));
  const refused = pending.filter((e) => !editing(e) && refusedByServer(e));
  replace(syncBtn, pending.length ? `Sync ${plural(pending.length, "command")}` : "Sync");
  syncBtn.dataset.pending = String(pending.length);

  replace(panel,
    h("div", { class: "panel-head" }, h("h2", { id: "outbox-h" }, "Queue and sync"),
      h("span", { class: "muted", id: "queue-count" },
        `${pending.length} waiting for the server · server state as of command ${S.cursor}`)),
    conflicts.length ? problems("conflicts", `Before sending: ${plural(conflicts.length, "queued command")} would now be refused`,
      "The server's latest changes were brought in and your queue replayed on them. As they stand, these would be refused:",
      conflicts, (e) => e.replayErrors || [],
      h("button", { type: "button", class: "btn small", id: "send-anyway", onclick: () => app.sync({ force: true }) },
        "Send anyway (the server decides)")) : null,
    refused.length ? problems("refused", `The server refused ${plural(refused.length, "command")}`,
      "They stay in the queue until you discard or edit them:", refused, (e) => e.server.errors || []) : null,
    pending.length ? h("div", { class: "scroll" }, h("table", { class: "grid outbox-table", id: "queue" },
      h("caption", { class: "sr-only" }, "Queued commands, how they fare on the server's latest state, and the server's verdicts"),
      h("thead", null, h("tr", null, ["#", "Command", "Client(s)", "By", "At (now)", "On the server's latest state", "Server", ""].map((x) => h("th", { scope: "col" }, x)))),
      h("tbody", null, pending.map((e) => h("tr", { "data-command": e.commandId, class: e.replay === "refused" ? "row-problem" : null },
        h("td", { class: "num" }, String(e.seq)),
        h("td", null, e.label || e.command.type, h("div", { class: "muted mono small" }, e.commandId)),
        h("td", null, commandClients(e)),
        h("td", null, e.ctx?.actor ? `${e.ctx.actor.id} (${e.ctx.actor.role})` : "—"),
        h("td", null, fmtInstant(e.ctx?.now, S.tz)),
        h("td", { class: "local-verdict" }, editing(e) ? h("span", { class: "badge s-pending" }, "being edited")
          : e.replay === "refused"
            ? [h("span", { class: "badge s-refused" }, "would be refused"), h("div", { class: "small error-text" }, words(e.replayErrors))]
            : h("span", { class: "badge s-accepted" }, "applies"),
          (e.warnings || []).length ? h("div", { class: "small warning-text" }, e.warnings.map((w) => w.message).join(" ")) : null),
        h("td", { class: "server-verdict", "data-testid": "server-verdict" }, serverBadge(e),
          e.server && !e.server.ok ? h("div", { class: "small error-text" }, words(e.server.errors)) : null),
        h("td", null, h("div", { class: "row-actions" }, actions(e))))))))
      : h("p", { class: "muted", id: "queue-empty" }, "Nothing is waiting for the server. Commands you confirm are applied here at once, kept in this browser (also offline), and sent with Sync."),
    accepted.length ? [h("h3", null, "Accepted by the server"),
      h("div", { class: "scroll" }, h("table", { class: "grid outbox-table", id: "accepted" },
        h("caption", { class: "sr-only" }, "Commands the server accepted"),
        h("thead", null, h("tr", null, ["#", "Command", "Client(s)", "By", "At (now)", "Server"].map((x) => h("th", { scope: "col" }, x)))),
        h("tbody", null, accepted.slice(0, 20).map((e) => h("tr", { "data-command": e.commandId },
          h("td", { class: "num" }, String(e.seq)),
          h("td", null, e.label || e.command.type, h("div", { class: "muted mono small" }, e.commandId)),
          h("td", null, commandClients(e)),
          h("td", null, e.ctx?.actor ? `${e.ctx.actor.id} (${e.ctx.actor.role})` : "—"),
          h("td", null, fmtInstant(e.ctx?.now, S.tz)),
          h("td", { class: "server-verdict", "data-testid": "accepted-verdict" }, serverBadge(e),
            (e.server.warnings || []).length ? h("div", { class: "small warning-text" }, words(e.server.warnings)) : null))))))] : null);
}

const refusedByServer = (e) => !!(e.server && !e.server.ok);

/** Issues in plain words: the engine's (or the server's) own sentences. */
function words(issues) {
  return (issues || []).map((i) => i.message).join(" ");
}

function problems(id, title, intro, entries, issuesOf, extra) {
  return h("div", { class: "problems", id, role: "region", "aria-labelledby": `${id}-h` },
    h("h3", { id: `${id}-h` }, title),
    h("p", { class: "muted" }, intro),
    h("ul", { class: "problem-list" }, entries.map((e) => h("li", { "data-command": e.commandId },
      h("div", null, h("strong", null, e.label || e.command.type), h("span", { class: "muted" }, ` · ${commandClients(e)} · queued ${fmtInstant(e.ctx?.now, S.tz)}`)),
      h("ul", { class: "problem-issues" }, issuesOf(e).map((i) => h("li", { class: "error-text", "data-code": i.code }, i.message))),
      h("div", { class: "row-actions" }, actions(e))))),
    extra || null);
}

function actions(e) {
  if (e.commandId === S.editingId) return null;
  const canEdit = !!editOpener(e);
  return [
    h("button", { type: "button", class: "btn small", onclick: () => app.edit(e), disabled: !canEdit,
      title: canEdit ? "Reopen its form, prefilled" : "What it refers to is gone: discard it" }, "Edit"),
    h("button", { type: "button", class: "btn small danger", onclick: () => app.discard(e) }, "Discard"),
  ];
}

function commandClients(e) {
  const ids = [...new Set((e.ledger || []).map((l) => l.clientId))];
  const c = e.command || {};
  if (!ids.length && c.clientId) ids.push(c.clientId);
  if (!ids.length && c.bookingId) {
    const b = S.snap?.bookings.find((x) => x.id === c.bookingId);
    if (b) ids.push(b.clientId);
  }
  if (!ids.length) return "—";
  return ids.length > 2 ? `${ids.length} clients` : ids.map(clientName).join(", ");
}
