// revertAttendance — undo a check-in or a no-show: the booking is booked again and the credit it
// used or forfeited goes back onto it. The preview shows it first.

import { openForm } from "../form.js";
import { app, clientName } from "../state.js";
import { notReady, consequence, describeBooking } from "../fragments.js";

export function revertAttendanceForm(b) {
  const what = b.status === "noShow" ? "no-show" : "check-in";
  openForm(app, {
    title: `Undo the ${what} of ${clientName(b.clientId)}`,
    intro: describeBooking(b),
    confirmLabel: `Undo ${what}`,
    fields: [],
    build: () => ({ type: "revertAttendance", bookingId: b.id }),
    renderPreview: (pv) => pv.ok ? consequence(pv) : notReady(pv),
  });
}
