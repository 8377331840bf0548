#!/usr/bin/env node
// gen-studio.mjs — a deterministic, seeded sample studio for session-credits (SPEC §2).
//
//   import { generateStudio } from "./tools/gen-studio.mjs";
//   const { policy, snapshot, now } = generateStudio({ credits: 100_000 });
//
//   node tools/gen-studio.mjs [--credits 3000] [--clients N] [--seed 42] [--now 2026-11-24T17:00:00Z] [--out file.json]
//   (without --out the JSON goes to stdout)
//
// Defaults and scaling
// * With no arguments: 200 clients, 3,000 credits, seed 42, now 2026-11-24T17:00:00Z — the studio the
//   demo dashboard (www/), its Playwright tests and the benchmarks load. The sync server
//   (www/server.mjs) passes its own clock as `now` on first start, so its demo is alive on any date.
// * When `credits` is given and `clients` is not, clients = max(1, round(credits / 10)):
//   10,000 credits → 1,000 clients, 100,000 → 10,000, 1,000,000 → 100,000 (the SPEC §6 shapes).
// * Same options → byte-identical output, in every runtime: the only randomness is a mulberry32
//   PRNG seeded from `seed` (never Math.random, never the clock). Work is O(credits + clients).
//
// What it contains
// * policy: time zone America/New_York; roles owner / manager / staff (max 5 credits per action) /
//   frontdesk (bookings.manage only), as in shared/conformance/fixtures/studio.json;
//   substitutes pt30 ← pt60.
// * 7 session types, "barre" inactive (retired).
// * memberships of every status (~3% of clients have none; a few have two): active, frozen,
//   expired (endsAt in the past), cancelled (with cancelledAt, some inside the 60-day grace period,
//   some past it); some restrict eligibleSessionTypeIds.
// * credits of every status (available, assigned, used, forfeited, expired, removed) and source
//   (purchased, recurring, manual), with plain-date, instant and null expiries.
// * bookings: one per assigned / used / forfeited credit (booked / attended / lateCancelled, linked
//   both ways), plus about one per ten credits of Booked: Unpaid, cancelled and no-show bookings
//   (creditId null). A credit is `assigned` exactly when a `booked` booking points at it and it
//   points back.
// * Client c1 is a fixed showcase: available credits of several types, one booking inside the
//   late-cancel window, one outside it, one Booked: Unpaid, used/expired credits, so every screen
//   of the dashboard has something to act on; and two Booked: Unpaid sessions today, appended last
//   (c1 half an hour before now, c2 half an hour after it) for the Today tab's check-in and no-show.

const DEFAULT_NOW = "2026-11-24T17:00:00Z";
const DAY = 86_400_000;
const HOUR = 3_600_000;

export const SESSION_TYPES = [
  { id: "pt60", name: "Personal Training 60", kind: "service", durationMinutes: 60, active: true },
  { id: "pt30", name: "Personal Training 30", kind: "service", durationMinutes: 30, active: true },
  { id: "yoga", name: "Vinyasa Yoga", kind: "class", durationMinutes: 75, active: true },
  { id: "spin", name: "Spin", kind: "class", durationMinutes: 45, active: true },
  { id: "hiit", name: "HIIT Circuit", kind: "class", durationMinutes: 45, active: true },
  { id: "pilates", name: "Reformer Pilates", kind: "class", durationMinutes: 55, active: true },
  { id: "barre", name: "Barre (retired)", kind: "class", durationMinutes: 50, active: false },
];
const ACTIVE_TYPES = SESSION_TYPES.filter((t) => t.active).map((t) => t.id);
const ALL_TYPES = SESSION_TYPES.map((t) => t.id);

export const POLICY = {
  timezone: "America/New_York",
  roles: {
    owner: { permissions: ["*"] },
    manager: {
      permissions: ["credits.add", "credits.remove", "credits.changeType", "credits.extendExpiry",
        "bookings.manage", "bookings.forgive"],
    },
    staff: { permissions: ["credits.add", "bookings.manage"], maxCreditsPerAction: 5 },
    frontdesk: { permissions: ["bookings.manage"] },
  },
  requireReasonFor: ["addCredits", "removeCredits", "extendExpiry"],
  manualCreditsRevocable: true,
  requireMembershipToAdd: true,
  cancelledMembershipGraceDays: 60,
  lateCancelWindowMinutes: 720,
  autoAssign: true,
  consumptionOrder: ["soonestExpiry", "oldestGrant"],
  substitutes: { pt30: ["pt60"] },
  allowExtendExpired: false,
  minExpiryDays: 14,
  maxQuantity: 1000,
  maxBulkItems: 10000,
};

const FIRST = ["Aaron", "Bea", "Cole", "Dana", "Eli", "Fay", "Gus", "Hana", "Ivan", "Jade", "Kofi", "Lena",
  "Milo", "Nora", "Omar", "Pia", "Quinn", "Rosa", "Sami", "Tess", "Umar", "Vera", "Wes", "Xena", "Yuki",
  "Zane", "Ada", "Ben", "Cleo", "Dev", "Esme", "Finn", "Gia", "Hugo", "Iris", "Jon", "Kira", "Luca",
  "Maya", "Nico"];
const LAST = ["Diaz", "Olsen", "Park", "Reyes", "Novak", "Moreau", "Singh", "Kim", "Okafor", "Rossi",
  "Müller", "Tanaka", "Silva", "Cohen", "Haddad", "Nguyen", "Kowalski", "Ibrahim", "Larsen", "Costa",
  "Byrne", "Ortiz", "Sato", "Petrov", "Mensah", "Lopez", "Fischer", "Ahmed", "Dubois", "Walsh"];

/** mulberry32: a small, fast 32-bit PRNG; returns floats in [0, 1). */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// "2026-11-24T17:00:00Z" (UTC, to the second), without Date#toISOString's milliseconds.
const pad2 = (n) => (n < 10 ? "0" + n : "" + n);
function instant(ms) {
  const d = new Date(Math.floor(ms / 1000) * 1000);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}T${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}Z`;
}
// A plain date "YYYY-MM-DD"; taken in UTC a few hours back so it is the New York calendar day.
function plainDate(ms) {
  const d = new Date(ms - 5 * HOUR);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

/**
 * @param {{ clients?: number, credits?: number, seed?: number, now?: string }} [opts]
 * @returns {{ policy: object, snapshot: object, now: string }}
 */
export function generateStudio(opts = {}) {
  const nCredits = Math.max(0, Math.floor(opts.credits ?? 3000));
  const nClients = Math.max(1, Math.floor(
    opts.clients ?? (opts.credits === undefined ? 200 : Math.round(nCredits / 10))));
  const seed = opts.seed ?? 42;
  const now = opts.now ?? DEFAULT_NOW;
  const nowMs = Date.parse(now);
  if (!Number.isFinite(nowMs)) throw new Error(`generateStudio: invalid now ${now}`);
  const nowOut = instant(nowMs);

  const rnd = mulberry32(seed);
  const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1)); // inclusive
  const pick = (arr) => arr[Math.floor(rnd() * arr.length)];
  const hourAligned = (ms) => Math.floor(ms / HOUR) * HOUR;

  // ---- clients and memberships -------------------------------------------------------------
  const clients = new Array(nClients);
  const memberships = [];
  /** best membership id per client index (for credits), or null */
  const clientMembership = new Array(nClients);
  /** eligible types per client, or null = all */
  const clientEligible = new Array(nClients);
  let mSeq = 0;

  for (let c = 0; c < nClients; c++) {
    const id = `c${c + 1}`;
    clients[c] = { id, name: c === 0 ? "Aaron Diaz" : `${pick(FIRST)} ${pick(LAST)}` };
    const r = rnd();
    let status;
    if (c === 0) status = "active";
    else if (r < 0.03) status = null; // no membership at all
    else if (r < 0.70) status = "active";
    else if (r < 0.77) status = "frozen";
    else if (r < 0.85) status = "expired";
    else status = "cancelled";
    clientMembership[c] = null;
    clientEligible[c] = null;
    if (status === null) continue;

    const m = { id: `m${++mSeq}`, clientId: id, status, endsAt: null, cancelledAt: null, recurring: rnd() < 0.6 };
    if (status === "expired") {
      m.endsAt = instant(hourAligned(nowMs - int(1, 200) * DAY));
    } else if (status === "cancelled") {
      // half inside the 60-day grace period, half past it
      m.cancelledAt = instant(hourAligned(nowMs - (rnd() < 0.5 ? int(1, 55) : int(65, 300)) * DAY));
    } else if (status === "active" && c !== 0 && rnd() < 0.3) {
      m.endsAt = instant(hourAligned(nowMs + int(20, 400) * DAY));
    }
    if (c !== 0 && rnd() < 0.12) {
      const a = pick(ACTIVE_TYPES);
      const b = pick(ACTIVE_TYPES);
      m.eligibleSessionTypeIds = a === b ? [a] : [a, b];
      clientEligible[c] = m.eligibleSessionTypeIds;
    }
    memberships.push(m);
    clientMembership[c] = m.id;

    // a few clients also carry an older, finished membership
    if (c !== 0 && rnd() < 0.08) {
      const old = rnd() < 0.5
        ? { id: `m${++mSeq}`, clientId: id, status: "expired", endsAt: instant(hourAligned(nowMs - int(200, 700) * DAY)), cancelledAt: null, recurring: false }
        : { id: `m${++mSeq}`, clientId: id, status: "cancelled", endsAt: null, cancelledAt: instant(hourAligned(nowMs - int(100, 700) * DAY)), recurring: true };
      memberships.push(old);
    }
  }

  // ---- credits and their bookings ----------------------------------------------------------
  const credits = new Array(nCredits);
  const bookings = [];
  let bSeq = 0;

  // client c1's fixed showcase (the first credits belong to c1)
  const SHOW = [
    // [type, source, status, expiry kind, booking offset in hours (for linked statuses)]
    ["pt60", "purchased", "available", "date", 0],
    ["pt60", "purchased", "available", "instant", 0],
    ["pt60", "manual", "available", "null", 0],
    ["yoga", "recurring", "available", "date", 0],
    ["yoga", "purchased", "available", "instant", 0],
    ["spin", "purchased", "available", "null", 0],
    ["pt30", "purchased", "available", "date", 0],
    ["pt60", "purchased", "assigned", "date", 6], // inside the 12 h late-cancel window
    ["pt60", "purchased", "assigned", "date", 72], // well outside it
    ["yoga", "recurring", "assigned", "instant", 30],
    ["pt30", "purchased", "used", "null", -96],
    ["spin", "purchased", "forfeited", "date", -30],
    ["pt60", "purchased", "expired", "date", 0],
    ["barre", "purchased", "available", "null", 0],
    ["hiit", "manual", "removed", "null", 0],
  ];
  const showCount = Math.min(SHOW.length, nCredits);

  const statusOf = (r) =>
    r < 0.5 ? "available" : r < 0.6 ? "assigned" : r < 0.8 ? "used" : r < 0.83 ? "forfeited" : r < 0.93 ? "expired" : "removed";

  for (let i = 0; i < nCredits; i++) {
    // credits are dealt to clients in contiguous runs; c1 gets the showcase first
    let c;
    if (i < showCount) c = 0;
    else c = nClients === 1 ? 0 : 1 + Math.floor(((i - showCount) * (nClients - 1)) / Math.max(1, nCredits - showCount));
    const clientId = clients[c].id;
    const eligible = clientEligible[c];

    let type, source, status, expKind, bookOffsetH;
    if (i < showCount) {
      [type, source, status, expKind, bookOffsetH] = SHOW[i];
    } else {
      const rs = rnd();
      source = rs < 0.55 ? "purchased" : rs < 0.8 ? "recurring" : "manual";
      status = statusOf(rnd());
      type = eligible && rnd() < 0.8 ? pick(eligible) : rnd() < 0.03 ? "barre" : pick(ACTIVE_TYPES);
      if (type === "barre" && (status === "assigned")) type = "pt60";
      const re = rnd();
      expKind = re < 0.4 ? "date" : re < 0.75 ? "instant" : "null";
      bookOffsetH = 0;
    }

    let grantedMs = hourAligned(nowMs - int(1, 365) * DAY) + int(0, 59) * 60_000;
    let bookingStartMs = 0;
    if (status === "assigned") {
      bookingStartMs = hourAligned(nowMs + (bookOffsetH || int(1, 30 * 24)) * HOUR);
    } else if (status === "used" || status === "forfeited") {
      bookingStartMs = hourAligned(nowMs + (bookOffsetH || -int(2, 120 * 24)) * HOUR);
    }

    // expiry: in the past for expired credits, after the booking for assigned ones, mostly future otherwise
    let expMs;
    if (status === "expired") expMs = nowMs - int(1, 120) * DAY;
    else if (status === "assigned") expMs = Math.max(bookingStartMs, nowMs) + int(3, 200) * DAY;
    else if (status === "available") expMs = nowMs + (i >= showCount && rnd() < 0.06 ? -int(1, 20) * DAY : int(2, 365) * DAY);
    else expMs = nowMs + int(-120, 300) * DAY;
    if (status === "expired" && expKind === "null") expKind = "date";
    // granted before it was used / booked / expired
    if (bookingStartMs && bookingStartMs < nowMs) grantedMs = Math.min(grantedMs, bookingStartMs - DAY);
    grantedMs = Math.min(grantedMs, expMs - 30 * DAY);
    let expiresAt;
    if (expKind === "null") expiresAt = null;
    else if (expKind === "date") expiresAt = plainDate(expMs);
    else expiresAt = instant(hourAligned(expMs));

    const credit = {
      id: `k${i + 1}`,
      clientId,
      sessionTypeId: type,
      source,
      membershipId: source === "manual" && rnd() < 0.3 ? null : clientMembership[c],
      grantedAt: instant(grantedMs),
      expiresAt,
      status,
      bookingId: null,
    };
    if (source === "manual" && i >= showCount && rnd() < 0.2) credit.revocable = false;

    if (status === "assigned" || status === "used" || status === "forfeited") {
      const b = {
        id: `b${++bSeq}`,
        clientId,
        sessionTypeId: type,
        startsAt: instant(bookingStartMs),
        status: status === "assigned" ? "booked" : status === "used" ? "attended" : "lateCancelled",
        creditId: credit.id,
      };
      credit.bookingId = b.id;
      bookings.push(b);
    }
    credits[i] = credit;

    // about one credit in ten also brings an unlinked booking of the same client
    if (i < showCount ? i === 0 : rnd() < 0.1) {
      const rb = rnd();
      const bType = i < showCount ? "pt60" : eligible ? pick(eligible) : pick(ACTIVE_TYPES);
      let bStatus, startMs;
      if (i < showCount || rb < 0.4) { bStatus = "booked"; startMs = hourAligned(nowMs + (i < showCount ? 5 * 24 : int(1, 45 * 24)) * HOUR); }
      else if (rb < 0.75) { bStatus = "cancelled"; startMs = hourAligned(nowMs + int(-60 * 24, 30 * 24) * HOUR); }
      else { bStatus = "noShow"; startMs = hourAligned(nowMs - int(2, 90 * 24) * HOUR); }
      bookings.push({ id: `b${++bSeq}`, clientId, sessionTypeId: bType, startsAt: instant(startMs), status: bStatus, creditId: null });
    }
  }

  // sessions today for the dashboard's Today tab, Booked: Unpaid (no credit records change): c1's
  // started half an hour before now (check in pays it; or a no-show), c2's starts half an hour after it
  if (showCount === SHOW.length && nClients > 1) {
    const hourNow = hourAligned(nowMs);
    bookings.push({ id: `b${++bSeq}`, clientId: "c1", sessionTypeId: "pt60", startsAt: instant(hourNow - HOUR / 2), status: "booked", creditId: null });
    bookings.push({ id: `b${++bSeq}`, clientId: "c2", sessionTypeId: "yoga", startsAt: instant(hourNow + HOUR / 2), status: "booked", creditId: null });
  }

  return {
    policy: structuredCloneSafe(POLICY),
    snapshot: { sessionTypes: SESSION_TYPES.map((t) => ({ ...t })), clients, memberships, credits, bookings },
    now: nowOut,
  };
}

function structuredCloneSafe(v) {
  return JSON.parse(JSON.stringify(v));
}

/** Streams `{ policy, snapshot, now }` as JSON text in chunks (no single giant string for 1M credits). */
export function writeStudioJson(studio, write) {
  const { policy, snapshot, now } = studio;
  write(`{"policy":${JSON.stringify(policy)},"now":${JSON.stringify(now)},"snapshot":{`);
  const keys = ["sessionTypes", "clients", "memberships", "credits", "bookings"];
  keys.forEach((k, ki) => {
    write(`${ki ? "," : ""}${JSON.stringify(k)}:[`);
    const arr = snapshot[k];
    const CHUNK = 5000;
    for (let i = 0; i < arr.length; i += CHUNK) {
      const part = arr.slice(i, i + CHUNK).map((x) => JSON.stringify(x)).join(",\n");
      write((i ? ",\n" : "\n") + part);
    }
    write("]");
  });
  write("}}\n");
}

// ---- CLI ------------------------------------------------------------------------------------
// (kept free of static Node imports so that the dashboard can bundle this file for the browser)
const isMain = typeof process !== "undefined" && typeof process.argv?.[1] === "string" &&
  typeof window === "undefined" &&
  decodeURIComponent(new URL(import.meta.url).pathname) === (await realpath(process.argv[1]));

async function realpath(p) {
  const fsMod = "node:fs";
  const fs = await import(/* @vite-ignore */ fsMod);
  try { return fs.realpathSync(p); } catch { return p; }
}

if (isMain) {
  const fsMod = "node:fs";
  const fs = await import(/* @vite-ignore */ fsMod);
  const args = process.argv.slice(2);
  const opts = {};
  let out = null;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const val = () => {
      const v = args[++i];
      if (v === undefined) { console.error(`missing value for ${a}`); process.exit(2); }
      return v;
    };
    if (a === "--credits") opts.credits = Number(val());
    else if (a === "--clients") opts.clients = Number(val());
    else if (a === "--seed") opts.seed = Number(val());
    else if (a === "--now") opts.now = val();
    else if (a === "--out") out = val();
    else if (a === "-h" || a === "--help") {
      console.log("usage: node tools/gen-studio.mjs [--credits N] [--clients N] [--seed N] [--now RFC3339] [--out file.json]");
      process.exit(0);
    } else { console.error(`unknown argument ${a}`); process.exit(2); }
  }
  for (const k of ["credits", "clients", "seed"]) {
    if (k in opts && !Number.isFinite(opts[k])) { console.error(`--${k} must be a number`); process.exit(2); }
  }
  const studio = generateStudio(opts);
  const fd = out ? fs.openSync(out, "w") : 1;
  writeStudioJson(studio, (s) => fs.writeSync(fd, s));
  if (out) {
    fs.closeSync(fd);
    const s = studio.snapshot;
    console.error(`wrote ${out}: ${s.clients.length} clients, ${s.credits.length} credits, ${s.bookings.length} bookings, ${s.memberships.length} memberships`);
  }
}
