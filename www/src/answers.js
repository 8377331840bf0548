// What the dashboard asks the engine instead of copying its rules.
//
// * May this role run a command? A preview of a draft of it (`{ type: "addCredits" }`) answers
//   `permission_denied` when it may not (the engine reports it with the draft's other issues).
// * Which available credits have expired by "now"? Those an `expireCredits` preview would expire.
// * Is a booking inside the late-cancel window? Its `cancelBooking` preview warns
//   `late_cancel_forfeit` when cancelling now would forfeit a credit.
// Permission answers are cached per role and "now"; the others are asked on every render.

import { S, app } from "./state.js";

let permCache = { key: null, map: new Map() };

/** null when the role may run this draft; else the engine's permission_denied issues. */
export function refusal(draft) {
  const key = `${S.role}|${S.now}`;
  if (permCache.key !== key) permCache = { key, map: new Map() };
  const k = JSON.stringify(draft);
  if (!permCache.map.has(k)) {
    const pv = S.engine.preview(draft, app.ctx());
    const denied = (pv.errors || []).filter((i) => i.code === "permission_denied");
    permCache.map.set(k, denied.length ? denied : null);
  }
  return permCache.map.get(k);
}

export const may = (draft) => !refusal(draft);

/** What the role may do, in words, for the line under the header: [may[], mayNot[]]. */
export const ABILITIES = [
  [{ type: "addCredits" }, "add credits"],
  [{ type: "removeCredits" }, "remove credits"],
  [{ type: "changeCreditType" }, "change credit types"],
  [{ type: "extendExpiry" }, "extend expiry"],
  [{ type: "transferCredits" }, "transfer credits"],
  [{ type: "book" }, "manage bookings"],
  [{ type: "cancelBooking", forgive: true }, "forgive late cancels and no-shows"],
  [{ type: "book", overrideLimits: true }, "override usage limits"],
  [{ type: "holdMembership" }, "put memberships on hold"],
];

export function abilities() {
  const yes = [], no = [];
  for (const [draft, words] of ABILITIES) (may(draft) ? yes : no).push(words);
  return [yes, no];
}

/** Ids of the available credits that have expired at "now" (the engine counts them so). */
export function expiredAtNow() {
  const pv = S.engine.preview({ type: "expireCredits" }, app.ctx(), { detail: "full" });
  return new Set(pv.ok ? pv.credits.changed.map((c) => c.after.id) : []);
}

/** The `late_cancel_forfeit` warning a cancellation of this booking would give now, or null. */
export function lateCancelWarning(b) {
  if (b.status !== "booked") return null;
  const pv = S.engine.preview({ type: "cancelBooking", bookingId: b.id }, app.ctx());
  return (pv.warnings || []).find((w) => w.code === "late_cancel_forfeit") || null;
}

/**
 * May this role override usage limits? A preview of the command with `overrideLimits: true`
 * answering `permission_denied` says it may not: null when it may, else the engine's issue.
 */
export function overrideRefusal(command) {
  const pv = S.engine.preview({ ...command, overrideLimits: true }, app.ctx());
  return (pv.errors || []).find((i) => i.code === "permission_denied") || null;
}

/** Where a client stands against its memberships' usage limits at "now" (`engine.usage`). */
export function usageNow(clientId) {
  try {
    return S.engine.usage({ clientId, at: S.now });
  } catch {
    return []; // a what-if "now" that is not an instant: the header says so
  }
}
