// Revision 3 in the demo studio: what the server adds to the generated sample studio
// (tools/gen-studio.mjs, shared with the benchmarks and left as it is) on first start, so that the
// dashboard's revision-3 screens have something to show. Everything is placed around the studio's
// `now` and appended (no existing record changes):
//
// * policy `currency: "USD"`, and a reason required for `holdMembership`;
// * session type `duet` ("Reformer Duet", `creditCost: 2`);
// * client c201 (Rae Okafor) with membership `m-r3` limited to 3 bookings a week
//   (`usageLimits: [{ period: "week", max: 3 }]`), credits with values (Reformer Duet $20.00,
//   Reformer Pilates $25.00 each) and two bookings this week: a Pilates class attended three
//   hours before now (paid with `k-r3-9`) and a Reformer Duet an hour after now (`b-r3-2`, paid
//   with the two credits `k-r3-1`, `k-r3-2`; check-in is open) — "2 of 3 this week".
// The generated studio's credits carry no value: the liability panel counts them as untracked.

const DAY = 86_400_000;
const HOUR = 3_600_000;

const instant = (ms) => new Date(ms).toISOString().replace(".000Z", "Z");
const plainDate = (ms) => new Date(ms).toISOString().slice(0, 10);

export const R3_CLIENT = "c201";

/** Adds the revision-3 showcase to a generated `{ policy, snapshot, now }` (in place; returned). */
export function addRevision3(studio) {
  const nowMs = Date.parse(studio.now);
  const hour = Math.floor(nowMs / HOUR) * HOUR;
  const { snapshot } = studio;
  studio.policy = { ...studio.policy, currency: "USD",
    requireReasonFor: [...(studio.policy.requireReasonFor || []), "holdMembership"] };
  snapshot.sessionTypes.push({ id: "duet", name: "Reformer Duet", kind: "class", durationMinutes: 55, active: true, creditCost: 2 });
  snapshot.clients.push({ id: R3_CLIENT, name: "Rae Okafor" });
  snapshot.memberships.push({
    id: "m-r3", clientId: R3_CLIENT, status: "active", endsAt: instant(hour + 180 * DAY), cancelledAt: null,
    recurring: false, usageLimits: [{ period: "week", max: 3 }],
  });
  const attendedAt = hour - 3 * HOUR;
  const duetAt = hour + HOUR;
  const credit = (n, sessionTypeId, extra) => ({
    id: `k-r3-${n}`, clientId: R3_CLIENT, sessionTypeId, source: "purchased", membershipId: "m-r3",
    grantedAt: instant(hour - 20 * DAY), status: "available", bookingId: null,
    value: sessionTypeId === "duet" ? 2000 : 2500, ...extra,
  });
  const duetExpiry = plainDate(nowMs + 60 * DAY);
  const pilatesExpiry = instant(hour + 45 * DAY);
  snapshot.credits.push(
    credit(1, "duet", { status: "assigned", bookingId: "b-r3-2", expiresAt: duetExpiry }),
    credit(2, "duet", { status: "assigned", bookingId: "b-r3-2", expiresAt: duetExpiry }),
    ...[3, 4, 5, 6, 7, 8].map((n) => credit(n, "duet", { expiresAt: duetExpiry })),
    credit(9, "pilates", { status: "used", bookingId: "b-r3-1", expiresAt: pilatesExpiry }),
    ...[10, 11, 12].map((n) => credit(n, "pilates", { expiresAt: pilatesExpiry })),
  );
  snapshot.bookings.push(
    { id: "b-r3-1", clientId: R3_CLIENT, sessionTypeId: "pilates", startsAt: instant(attendedAt), status: "attended", creditIds: ["k-r3-9"] },
    { id: "b-r3-2", clientId: R3_CLIENT, sessionTypeId: "duet", startsAt: instant(duetAt), status: "booked", creditIds: ["k-r3-1", "k-r3-2"] },
  );
  return studio;
}
