// deleteBooking — the booking disappears; inside the window that is a forgiveness (the engine says).

import { openForm } from "../form.js";
import { app } from "../state.js";
import { notReady, consequence, bookingIntro } from "../fragments.js";

export function deleteForm(b) {
  openForm(app, {
    title: `Delete booking ${b.id}`,
    intro: bookingIntro(b),
    confirmLabel: "Delete booking",
    danger: true,
    fields: [],
    build: () => ({ type: "deleteBooking", bookingId: b.id }),
    renderPreview: (pv) => pv.ok ? consequence(pv) : notReady(pv),
  });
}
