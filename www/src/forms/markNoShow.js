// markNoShow — the client did not come. The preview says what happens to the credit before the
// desk confirms (`no_show_forfeit`, or the credit returning). Whether this role may forgive is
// asked of the engine (a probe preview with `forgive: true` answering `permission_denied`), not
// read from the policy.

import { openForm } from "../form.js";
import { app, clientName } from "../state.js";
import { notReady, consequence, describeBooking } from "../fragments.js";

export function markNoShowForm(b) {
  const probe = app.engine.preview({ type: "markNoShow", bookingId: b.id, forgive: true }, app.ctx());
  const refused = (probe.errors || []).find((i) => i.code === "permission_denied");
  openForm(app, {
    title: `No-show: ${clientName(b.clientId)}`,
    intro: describeBooking(b),
    confirmLabel: "Mark no-show",
    danger: true,
    fields: [
      { name: "forgive", kind: "checkbox", label: "Forgive (return the credit to the client)", value: false, disabled: !!refused,
        hint: refused ? `Not for this role: ${refused.message}` : "Without forgiveness the policy decides what the no-show costs; the preview shows it." },
    ],
    build: (v) => ({ type: "markNoShow", bookingId: b.id, forgive: !!v.forgive }),
    renderPreview: (pv) => pv.ok ? consequence(pv) : notReady(pv),
  });
}
