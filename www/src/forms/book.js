// book — book a session, paying with the best credit, a chosen one, or nothing yet (Booked: Unpaid).

import { localToInstant } from "../dom.js";
import { openForm } from "../form.js";
import { S, app, clientName } from "../state.js";
import { notReady, bookingResult, typeOptions, creditLabel, defaultStart } from "../fragments.js";

export function bookForm(clientId) {
  const avail = (S.creditsByClient.get(clientId) || []).filter((k) => k.status === "available");
  openForm(app, {
    title: `Book a session for ${clientName(clientId)}`,
    confirmLabel: "Book",
    fields: [
      { name: "sessionTypeId", kind: "select", label: "Session type", options: typeOptions(), value: "pt60" },
      { name: "startsAt", kind: "datetime", label: `Starts (${S.tz} time)`, value: defaultStart(S.now, 2) },
      { name: "credit", kind: "select", label: "Pay with", value: "auto", options: [
        { value: "auto", label: "Best available credit (auto)" }, { value: "none", label: "Nothing yet (Booked: Unpaid)" },
        ...avail.map((k) => ({ value: k.id, label: creditLabel(k.id) }))] },
    ],
    build: (v) => ({ type: "book", clientId, sessionTypeId: v.sessionTypeId, startsAt: localToInstant(v.startsAt, S.tz), credit: v.credit }),
    renderPreview: (pv) => pv.ok ? bookingResult(pv) : notReady(pv),
  });
}
