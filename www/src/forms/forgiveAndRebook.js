// forgiveAndRebook — cancel, forgive, restore the credit and rebook: the preview's steps in words.

import { localToInstant } from "../dom.js";
import { openForm } from "../form.js";
import { S, app } from "../state.js";
import { overrideField } from "./book.js";
import { clean, notReady, consequence, bookingResult, defaultStart, bookingIntro } from "../fragments.js";

export function rebookForm(b) {
  openForm(app, {
    title: `Forgive & rebook ${b.id}`,
    intro: bookingIntro(b) + " The booking is cancelled and forgiven, its credit returns, and the client is booked again.",
    confirmLabel: "Forgive & rebook",
    fields: [
      { name: "startsAt", kind: "datetime", label: `New start (${S.tz} time)`, value: defaultStart(b.startsAt, 7), showAtOnce: true },
      overrideField(),
    ].filter(Boolean),
    build: (v) => clean({ type: "forgiveAndRebook", bookingId: b.id, startsAt: localToInstant(v.startsAt, S.tz),
      overrideLimits: v.overrideLimits || undefined }),
    renderPreview: (pv) => pv.ok ? [consequence(pv), bookingResult(pv)] : notReady(pv),
  });
}
