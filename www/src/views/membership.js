// A client's memberships on the client page (revision 3): status and end, eligibility, where the
// client stands against each usage limit ("2 of 3 this week", from `engine.usage` at "now"), the
// holds with "Remove hold", and "Hold…". Nothing here decides a rule: the counts are the engine's.

import { h, fmtInstant } from "../dom.js";
import { S, typeName } from "../state.js";
import { actionButton, badge } from "../fragments.js";
import { usageNow } from "../answers.js";
import { holdForm, removeHoldForm } from "../forms/holdMembership.js";

const PERIOD_WORDS = { day: "today", week: "this week", month: "this month" };

/** "2 of 3 this week" (+ " · Reformer Duet" when the limit names session types). */
export function usageText(u) {
  const only = u.sessionTypeIds?.length ? ` · ${u.sessionTypeIds.map(typeName).join(", ")}` : "";
  return `${u.used} of ${u.max} ${PERIOD_WORDS[u.period] || `per ${u.period}`}${only}`;
}

/** Every limit of the client's memberships in one line, or "" when there are none. */
export function usageLine(clientId, { prefix = "" } = {}) {
  const rows = usageNow(clientId);
  return rows.length ? prefix + rows.map(usageText).join("; ") + "." : "";
}

/** The usage chips shown beside the client's bookings. */
export function usageChips(clientId) {
  const rows = usageNow(clientId);
  if (!rows.length) return null;
  return h("span", { class: "usage", "data-testid": "usage" }, rows.map((u) =>
    h("span", { class: `chip ${u.used >= u.max ? "warning" : "info"} small`, "data-membership": u.membershipId,
      title: `Membership ${u.membershipId}: at most ${u.max} bookings from ${u.periodStart} to before ${u.periodEnd}` }, usageText(u))));
}

function fmtDay(date) {
  return new Intl.DateTimeFormat("en-US", { timeZone: "UTC", month: "short", day: "numeric", year: "numeric" }).format(new Date(`${date}T12:00:00Z`));
}

/** The memberships line of the client page. */
export function membershipList(clientId) {
  const memberships = S.membershipsByClient.get(clientId) || [];
  if (!memberships.length) return h("p", { class: "memberships" }, h("span", { class: "muted" }, "No membership."));
  return h("div", { class: "memberships" }, memberships.map((m) => h("div", { class: "membership", "data-membership": m.id },
    h("span", { class: "mono" }, m.id), " ", badge(m.status),
    m.cancelledAt ? ` cancelled ${fmtInstant(m.cancelledAt, S.tz)}` : "",
    m.endsAt ? ` ends ${fmtInstant(m.endsAt, S.tz)}` : "",
    m.eligibleSessionTypeIds?.length ? ` · only ${m.eligibleSessionTypeIds.map(typeName).join(", ")}` : "",
    m.usageLimits?.length ? h("span", { class: "muted" }, ` · limit ${m.usageLimits.map((l) => `${l.max} per ${l.period}`).join(", ")}`) : null,
    m.status === "active" || m.status === "frozen"
      ? actionButton({ type: "holdMembership" }, "Hold…", () => holdForm(m), { class: "btn small", id: `act-hold-${m.id}` }) : null,
    (m.holds || []).length ? h("ul", { class: "holds", "data-testid": "holds" }, m.holds.map((hd) => h("li", { "data-hold": hd.id },
      `On hold ${fmtDay(hd.startsOn)} – ${fmtDay(hd.endsOn)}`,
      h("span", { class: "muted" }, ` · ${hd.creditIds.length} credits extended${hd.extendedEndsAt ? ", end date moved" : ""} · `),
      h("span", { class: "mono muted" }, hd.id), " ",
      actionButton({ type: "removeHold" }, "Remove hold…", () => removeHoldForm(m, hd), { class: "btn small" })))) : null)));
}
