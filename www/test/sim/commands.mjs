// Random commands a front desk would make, built from the ids in its optimistic view, so most are
// valid there; several desks acting on the same few "hot" clients makes them conflict on the
// server (a credit spent twice, a booking cancelled by one desk and checked in by another, …).

const HOUR = 3_600_000;
const MIN = 60_000;
const iso = (ms) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");

const BY_ROLE = {
  // frontdesk holds bookings.manage only
  frontdesk: [["book", 5], ["cancel", 3], ["checkIn", 3], ["noShow", 2], ["revert", 1], ["delete", 1], ["assign", 1.5], ["expire", 0.3], ["forgiveCancel", 0.5], ["addCredits", 0.3]],
  manager: [["book", 3], ["cancel", 2], ["forgiveCancel", 1.5], ["checkIn", 2], ["noShow", 1.5], ["revert", 0.7], ["delete", 1], ["assign", 1],
    ["addCredits", 2], ["removeCredits", 1], ["extendExpiry", 1.5], ["changeType", 0.8], ["forgiveRebook", 0.8], ["expire", 0.5], ["transfer", 0.3]],
  owner: [["book", 3], ["cancel", 2], ["forgiveCancel", 1], ["checkIn", 2], ["noShow", 1.5], ["revert", 0.7], ["delete", 1], ["assign", 1],
    ["addCredits", 2], ["removeCredits", 1], ["extendExpiry", 1.5], ["changeType", 0.8], ["forgiveRebook", 0.8], ["expire", 0.5], ["transfer", 1.5]],
};

/**
 * @param {import("./prng.mjs").Rng} rng
 * @param {{ credits: any[], bookings: any[], sessionTypes: any[] }} snap  the desk's optimistic view
 * @param {string[]} hot  the client ids the desks work on
 * @param {number} nowMs
 * @param {string} role
 * @returns {{ kind: string, command: object } | null}
 */
export function randomCommand(rng, snap, hot, nowMs, role) {
  const hotSet = new Set(hot);
  const active = snap.sessionTypes.filter((t) => t.active !== false).map((t) => t.id);
  const usable = (k) => k.status === "available" && (k.expiresAt === null || Date.parse(k.expiresAt) > nowMs);
  const credits = snap.credits.filter((k) => hotSet.has(k.clientId));
  const bookings = snap.bookings.filter((b) => hotSet.has(b.clientId));
  const booked = bookings.filter((b) => b.status === "booked");
  const started = (b, leadMs = 0) => Date.parse(b.startsAt) - leadMs <= nowMs;
  const reason = "simulation";
  const kind = rng.weighted(BY_ROLE[role] ?? BY_ROLE.frontdesk);

  switch (kind) {
    case "book": {
      const clientId = rng.pick(hot);
      const mine = credits.filter((k) => k.clientId === clientId && usable(k));
      const k = rng.pick(mine);
      const startsAt = iso(nowMs + rng.pick([-2 * HOUR, -30 * MIN, 20 * MIN, 3 * HOUR, 10 * HOUR, 30 * HOUR, 72 * HOUR]));
      // now and then an id the desks choose, from a small pool shared by all of them: two desks
      // booking the same one conflict (duplicate@bookingId), and a deleted one is booked again
      // (the feed then carries a booking that was removed and created since the cursor)
      const bookingId = rng.chance(0.3) ? { bookingId: `slot-${rng.int(1, 4)}` } : {};
      if (!k) return { kind, command: { type: "book", clientId, sessionTypeId: rng.pick(active), startsAt, ...bookingId } };
      const credit = rng.chance(0.5) ? k.id : "auto";
      return { kind, command: { type: "book", clientId, sessionTypeId: k.sessionTypeId, startsAt, credit, ...bookingId } };
    }
    case "cancel":
    case "forgiveCancel": {
      const b = rng.pick(booked);
      return b && { kind, command: { type: "cancelBooking", bookingId: b.id, ...(kind === "forgiveCancel" ? { forgive: true } : {}) } };
    }
    case "checkIn": {
      const b = rng.pick(booked.filter((x) => started(x, 60 * MIN)));
      return b && { kind, command: { type: "checkIn", bookingId: b.id } };
    }
    case "noShow": {
      const b = rng.pick(booked.filter((x) => started(x)));
      return b && { kind, command: { type: "markNoShow", bookingId: b.id, ...(rng.chance(0.3) ? { forgive: true } : {}) } };
    }
    case "revert": {
      const b = rng.pick(bookings.filter((x) => x.status === "attended" || x.status === "noShow"));
      return b && { kind, command: { type: "revertAttendance", bookingId: b.id } };
    }
    case "delete": {
      const b = rng.pick(bookings.filter((x) => ["booked", "cancelled", "lateCancelled"].includes(x.status)));
      return b && { kind, command: { type: "deleteBooking", bookingId: b.id } };
    }
    case "assign": {
      const b = rng.pick(booked.filter((x) => x.creditId === null));
      return b && { kind, command: { type: "assignCredit", bookingId: b.id } };
    }
    case "forgiveRebook": {
      const b = rng.pick(booked);
      return b && { kind, command: { type: "forgiveAndRebook", bookingId: b.id, startsAt: iso(nowMs + rng.int(1, 5) * 24 * HOUR) } };
    }
    case "addCredits": {
      const clientIds = rng.sample(hot, rng.int(1, 2));
      return { kind, command: { type: "addCredits", clientIds, sessionTypeId: rng.pick(active), quantity: rng.int(1, 3), reason, ...(rng.chance(0.3) ? { mode: "skipInvalid" } : {}) } };
    }
    case "removeCredits": {
      const k = rng.pick(credits.filter(usable));
      if (!k) return null;
      return rng.chance(0.5)
        ? { kind, command: { type: "removeCredits", clientId: k.clientId, creditIds: [k.id], reason } }
        : { kind, command: { type: "removeCredits", clientId: k.clientId, sessionTypeId: k.sessionTypeId, quantity: 1, reason } };
    }
    case "extendExpiry": {
      // by days: applied twice it would extend twice (nothing it makes carries its commandId)
      const ks = rng.sample(credits.filter((k) => (k.status === "available" || k.status === "assigned") && k.expiresAt !== null && Date.parse(k.expiresAt) > nowMs), rng.int(1, 2));
      return ks.length ? { kind, command: { type: "extendExpiry", creditIds: ks.map((k) => k.id), days: rng.int(1, 30), reason } } : null;
    }
    case "changeType": {
      const k = rng.pick(credits.filter(usable));
      return k && { kind, command: { type: "changeCreditType", creditIds: [k.id], toSessionTypeId: rng.pick(active), note: reason } };
    }
    case "transfer": {
      const k = rng.pick(credits.filter(usable));
      const to = rng.pick(hot.filter((c) => c !== k?.clientId));
      if (!k || !to) return null;
      return rng.chance(0.5)
        ? { kind, command: { type: "transferCredits", fromClientId: k.clientId, toClientId: to, creditIds: [k.id], reason } }
        : { kind, command: { type: "transferCredits", fromClientId: k.clientId, toClientId: to, sessionTypeId: k.sessionTypeId, quantity: 1, reason } };
    }
    case "expire":
      return { kind, command: { type: "expireCredits" } };
    default:
      return null;
  }
}
