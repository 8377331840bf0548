// holdMembership / removeHold — pause a membership (revision 3). The dialog previews on every
// change: the steps ("… N credits extended"), the credits whose expiry moves out (the preview's
// credits.changed, expiry before → after), with "cancel bookings in the hold" the bookings it would
// cancel, and errors under their fields by path (`startsOn`, `endsOn`, `reason`; a booking inside
// the hold, path "", for the whole form). Whether this role may cancel bookings with the hold is a
// probe with `cancelBookings: true` answering `permission_denied`.

import { h, fmtExpiry, instantToLocal } from "../dom.js";
import { openForm } from "../form.js";
import { S, app, typeName, clientName } from "../state.js";
import { clean, notReady } from "../fragments.js";

function localDatePlus(days) {
  const local = instantToLocal(S.now, S.tz);
  const d = new Date(`${(local || new Date().toISOString()).slice(0, 10)}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Credits whose expiry moves (before → after), and the bookings the command changes. */
function movedCredits(pv) {
  const moved = (pv.credits?.changed || []).filter((c) => c.before.expiresAt !== c.after.expiresAt);
  const cancelled = (pv.bookings?.changed || []).filter((c) => c.before.status !== c.after.status);
  return [
    h("h4", null, moved.length ? `Expiry moves for ${moved.length} ${moved.length === 1 ? "credit" : "credits"}` : "No credit's expiry moves"),
    moved.length ? h("table", { class: "grid", "data-testid": "hold-credits" },
      h("thead", null, h("tr", null, ["Credit", "Session type", "Expires", "Moves to"].map((x) => h("th", { scope: "col" }, x)))),
      h("tbody", null, moved.map(({ before, after }) => h("tr", { "data-credit": after.id },
        h("td", { class: "mono" }, after.id), h("td", null, typeName(after.sessionTypeId)),
        h("td", null, fmtExpiry(before.expiresAt, S.tz)), h("td", { class: "up" }, `→ ${fmtExpiry(after.expiresAt, S.tz)}`))))) : null,
    cancelled.length ? [h("h4", null, "Bookings cancelled (forgiven)"),
      h("ul", { "data-testid": "hold-bookings" }, cancelled.map(({ after }) => h("li", { "data-booking": after.id },
        `${after.id}: ${typeName(after.sessionTypeId)} — ${after.status}`)))] : null,
  ];
}

export function holdForm(m) {
  // a permission_denied that only the probe with cancelBookings gets is the forgiving one
  const denied = (draft) => (app.engine.preview(draft, app.ctx()).errors || []).filter((i) => i.code === "permission_denied");
  const base = new Set(denied({ type: "holdMembership" }).map((i) => i.message));
  const refused = denied({ type: "holdMembership", cancelBookings: true }).find((i) => !base.has(i.message)) || null;
  openForm(app, {
    title: `Hold ${clientName(m.clientId)}'s membership ${m.id}`,
    intro: "While on hold, bookings inside it are refused and the membership's credits and end date move out by the hold's length.",
    confirmLabel: "Put on hold",
    fields: [
      { name: "startsOn", kind: "date", label: "First day of the hold", value: localDatePlus(14), showAtOnce: true },
      { name: "endsOn", kind: "date", label: "Last day of the hold", value: localDatePlus(20), showAtOnce: true },
      { name: "reason", kind: "textarea", label: "Reason", placeholder: "e.g. travelling, injury" },
      { name: "cancelBookings", kind: "checkbox", label: "Cancel bookings in the hold (forgiven)", value: false, disabled: !!refused,
        hint: refused ? `Not for this role: ${refused.message}` : "Otherwise a booking inside the hold stops it." },
    ],
    build: (v) => clean({ type: "holdMembership", membershipId: m.id, startsOn: v.startsOn, endsOn: v.endsOn, reason: v.reason || undefined,
      cancelBookings: v.cancelBookings || undefined }),
    renderPreview: (pv) => pv.ok ? movedCredits(pv) : notReady(pv),
  });
}

export function removeHoldForm(m, hold) {
  openForm(app, {
    title: `Remove hold ${hold.id} from ${m.id}`,
    intro: `${clientName(m.clientId)}: on hold ${hold.startsOn} to ${hold.endsOn}. Removing it moves the credits' expiry and the end date back.`,
    confirmLabel: "Remove hold",
    danger: true,
    fields: [
      { name: "reason", kind: "textarea", label: "Reason" },
    ],
    build: (v) => clean({ type: "removeHold", membershipId: m.id, holdId: hold.id, reason: v.reason || undefined }),
    renderPreview: (pv) => pv.ok ? movedCredits(pv) : notReady(pv),
  });
}
