// checkIn — the client attended: the booking's credit is used (an unpaid booking is paid first).
// The dialog shows the engine's preview: its steps, `attended_unpaid`, and `check_in_not_open`
// with the opening time from `params.opensAt`.

import { openForm } from "../form.js";
import { S, app, clientName } from "../state.js";
import { clean, notReady, consequence, describeBooking, issueDetails, payWithFields, payWith, creditCost } from "../fragments.js";

export function checkInForm(b) {
  const unpaid = !b.creditId;
  const avail = unpaid ? (S.creditsByClient.get(b.clientId) || []).filter((k) => k.status === "available") : [];
  openForm(app, {
    title: `Check in ${clientName(b.clientId)}`,
    intro: describeBooking(b),
    confirmLabel: "Check in",
    fields: unpaid ? payWithFields(avail, { name: "creditId", value: "", autoValue: "",
      hint: creditCost(b.sessionTypeId) > 1 ? `This booking is unpaid: ${creditCost(b.sessionTypeId)} credits pay it and are used at once.`
        : "This booking is unpaid: a credit pays it and is used at once." }) : [],
    build: (v) => clean({ type: "checkIn", bookingId: b.id, ...(unpaid ? payWith(v, "creditId", "") : {}) }),
    renderPreview: (pv) => pv.ok ? consequence(pv) : [issueDetails(pv), notReady(pv)],
  });
}
