// cancelBooking — the late-cancel forfeit is shown before confirming; forgiving is the engine's call.

import { openForm } from "../form.js";
import { S, app, roleLabel } from "../state.js";
import { notReady, consequence, bookingIntro } from "../fragments.js";
import { refusal } from "../answers.js";

export function cancelForm(b) {
  openForm(app, {
    title: `Cancel booking ${b.id}`,
    intro: bookingIntro(b),
    confirmLabel: "Cancel booking",
    danger: true,
    fields: [
      { name: "forgive", kind: "checkbox", label: "Forgive (return the credit even if late)", value: false,
        hint: refusal({ type: "cancelBooking", bookingId: b.id, forgive: true }) ? `${roleLabel(S.role)} may not forgive: the engine will refuse it.` : "A late cancel without forgiveness forfeits the credit." },
    ],
    build: (v) => ({ type: "cancelBooking", bookingId: b.id, forgive: v.forgive }),
    renderPreview: (pv) => pv.ok ? consequence(pv) : notReady(pv),
  });
}
