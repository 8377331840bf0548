// book — book a session, paying with the best credit, a chosen one, or nothing yet (Booked: Unpaid).
// A type's cost is in its name ("Reformer Duet · 2 credits"). Usage limits: the client's standing
// (`engine.usage`) is in the intro, the engine's `usage_limit_reached` shows under the start, and
// "Override limit" is offered only to a role whose probe with `overrideLimits: true` is not
// answered `permission_denied` (answers.js).

import { localToInstant } from "../dom.js";
import { openForm } from "../form.js";
import { S, app, clientName } from "../state.js";
import { clean, notReady, bookingResult, typeOptions, defaultStart, payWithFields, payWith } from "../fragments.js";
import { overrideRefusal } from "../answers.js";
import { usageLine } from "../views/membership.js";

export function bookForm(clientId) {
  const avail = (S.creditsByClient.get(clientId) || []).filter((k) => k.status === "available");
  const mayOverride = !overrideRefusal({ type: "book" });
  openForm(app, {
    title: `Book a session for ${clientName(clientId)}`,
    intro: usageLine(clientId, { prefix: "Usage limits: " }) || undefined,
    confirmLabel: "Book",
    fields: [
      { name: "sessionTypeId", kind: "select", label: "Session type", options: typeOptions(), value: "pt60" },
      { name: "startsAt", kind: "datetime", label: `Starts (${S.tz} time)`, value: defaultStart(S.now, 2), showAtOnce: true },
      ...payWithFields(avail, { extra: [{ value: "none", label: "Nothing yet (Booked: Unpaid)" }] }),
      mayOverride ? { name: "overrideLimits", kind: "checkbox", label: "Override limit", value: false,
        hint: "Book past the membership's usage limit (the engine warns instead of refusing)." } : null,
    ].filter(Boolean),
    build: (v) => clean({ type: "book", clientId, sessionTypeId: v.sessionTypeId, startsAt: localToInstant(v.startsAt, S.tz), ...payWith(v),
      overrideLimits: v.overrideLimits || undefined }),
    renderPreview: (pv) => pv.ok ? bookingResult(pv) : notReady(pv),
  });
}

/** The rebook form's "Override limit": the same probe, for forgiveAndRebook; null when refused. */
export function overrideField() {
  return overrideRefusal({ type: "forgiveAndRebook" }) ? null
    : { name: "overrideLimits", kind: "checkbox", label: "Override limit", value: false,
      hint: "Rebook past the membership's usage limit (the engine warns instead of refusing)." };
}
