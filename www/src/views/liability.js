// The owner's liability panel (revision 3): what the studio's credits are worth, from
// `engine.liability({ asOf: now })` on the view (the server's state with the queue applied), in
// the policy's currency, for the studio and for the client open on the Clients tab. Deferred =
// available credits not yet expired at "now" and assigned ones;
// recognized = used, forfeited and expired (breakage); removed; and how many credits carry no
// value (untracked). The tab is shown to the owner only (signed in, or as the what-if role): it is
// the studio's money, not a front-desk screen; the engine itself has no permission on queries.

import { h, replace, fmtInstant } from "../dom.js";
import { S } from "../state.js";
import { money, currency } from "../money.js";

export const showsLiability = () => S.role === "owner";

export function renderLiability(panel) {
  if (!panel) return;
  let l = null, c = null, error = null;
  const clientId = S.currentClientId;
  try {
    l = S.engine.liability({ asOf: S.now });
    c = S.clients.has(clientId) ? S.engine.liability({ asOf: S.now, clientId }) : null;
  } catch (e) {
    error = e;
  }
  const pick = (x, key) => (key === "untracked" ? Number(x.untracked).toLocaleString("en-US")
    : money(key in x.recognized ? x.recognized[key] : x[key]));
  const row = (key, label, note) => h("tr", { "data-row": key },
    h("th", { scope: "row" }, label), h("td", { class: "num studio" }, pick(l, key)),
    c ? h("td", { class: "num client" }, pick(c, key)) : null, h("td", { class: "muted small" }, note || ""));
  replace(panel,
    h("div", { class: "panel-head" }, h("h2", { id: "liability-h", tabindex: "-1" }, "Liability"),
      h("span", { class: "muted" }, `as of ${Number.isFinite(Date.parse(S.now)) ? fmtInstant(S.now, S.tz) : S.now}${S.whatIfNow ? " (what-if)" : ""} · ${l?.currency || currency()}`)),
    error ? h("p", { class: "inline-error" }, String(error.message || error))
      : h("table", { class: "grid liability-table", "data-testid": "liability" },
        h("caption", { class: "sr-only" }, "What the studio's credits are worth"),
        h("thead", null, h("tr", null, h("td", null), h("th", { scope: "col", class: "num" }, "Studio"),
          c ? h("th", { scope: "col", class: "num" }, `${S.clients.get(clientId).name} (${clientId})`) : null, h("td", null))),
        h("tbody", null,
          row("deferred", "Deferred (owed in sessions)", "available credits not yet expired, and assigned ones"),
          row("used", "Recognized: used", "sessions attended"),
          row("forfeited", "Recognized: forfeited", "late cancellations and no-shows"),
          row("expired", "Recognized: breakage (expired)", "credits that expired unused"),
          row("removed", "Removed", "credits taken back"),
          row("untracked", "Credits without a value", "not counted above"))),
    h("p", { class: "muted small" }, "Includes the commands waiting in the queue. Values are what clients paid per credit, in minor units in the engine. ",
      "The second column is the client open on the Clients tab."));
}
