// checkIn — the client attended: the booking's credit is used (an unpaid booking is paid first).
// The dialog shows the engine's preview: its steps, `attended_unpaid`, and `check_in_not_open`
// with the opening time from `params.opensAt`.

import { fmtExpiry } from "../dom.js";
import { openForm } from "../form.js";
import { S, app, typeName, clientName } from "../state.js";
import { clean, notReady, consequence, describeBooking, issueDetails } from "../fragments.js";

export function checkInForm(b) {
  const unpaid = !b.creditId;
  const avail = unpaid ? (S.creditsByClient.get(b.clientId) || []).filter((k) => k.status === "available") : [];
  openForm(app, {
    title: `Check in ${clientName(b.clientId)}`,
    intro: describeBooking(b),
    confirmLabel: "Check in",
    fields: unpaid ? [
      { name: "creditId", kind: "select", label: "Pay with", value: "", hint: "This booking is unpaid: a credit pays it and is used at once.",
        options: [{ value: "", label: "Best available credit (auto)" },
          ...avail.map((k) => ({ value: k.id, label: `${k.id} · ${typeName(k.sessionTypeId)} · expires ${fmtExpiry(k.expiresAt, S.tz)}` }))] },
    ] : [],
    build: (v) => clean({ type: "checkIn", bookingId: b.id, creditId: v.creditId || undefined }),
    renderPreview: (pv) => pv.ok ? consequence(pv) : [issueDetails(pv), notReady(pv)],
  });
}
