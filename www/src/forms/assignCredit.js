// assignCredit — attach a credit to a Booked: Unpaid booking.

import { openForm } from "../form.js";
import { S, app } from "../state.js";
import { clean, notReady, consequence, bookingIntro, payWithFields, payWith } from "../fragments.js";

export function assignForm(b) {
  const avail = (S.creditsByClient.get(b.clientId) || []).filter((k) => k.status === "available");
  openForm(app, {
    title: `Attach a credit to ${b.id}`,
    intro: bookingIntro(b),
    confirmLabel: "Attach credit",
    fields: payWithFields(avail, { name: "creditId", label: "Credit", value: "", autoValue: "" }),
    build: (v) => clean({ type: "assignCredit", bookingId: b.id, ...payWith(v, "creditId", "") }),
    renderPreview: (pv) => pv.ok ? consequence(pv) : notReady(pv),
  });
}
