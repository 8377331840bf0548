// assignCredit — attach a credit to a Booked: Unpaid booking.

import { openForm } from "../form.js";
import { S, app } from "../state.js";
import { clean, notReady, consequence, creditLabel, bookingIntro } from "../fragments.js";

export function assignForm(b) {
  const avail = (S.creditsByClient.get(b.clientId) || []).filter((k) => k.status === "available");
  openForm(app, {
    title: `Attach a credit to ${b.id}`,
    intro: bookingIntro(b),
    confirmLabel: "Attach credit",
    fields: [
      { name: "creditId", kind: "select", label: "Credit", value: "", options: [{ value: "", label: "Best available credit (auto)" },
        ...avail.map((k) => ({ value: k.id, label: creditLabel(k.id) }))] },
    ],
    build: (v) => clean({ type: "assignCredit", bookingId: b.id, creditId: v.creditId || undefined }),
    renderPreview: (pv) => pv.ok ? consequence(pv) : notReady(pv),
  });
}
