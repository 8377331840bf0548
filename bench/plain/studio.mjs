// The plain-JavaScript studio: what a team would write instead of adopting session-credits, for
// the benchmark's side-by-side figures (bench/README.md, "The plain-JavaScript comparison").
// Written for correctness, not speed: records kept as parsed, Maps by id, straightforward loops.
// This file: reading dates in the studio's time zone, and loading a snapshot with the
// consistency checks of docs/snapshot.md.

// ---- dates -------------------------------------------------------------------------------------

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;
const PLAIN_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** An RFC 3339 instant with an offset, in ms (fractional seconds dropped), or null. */
export function parseInstant(s) {
  if (typeof s !== "string" || !INSTANT.test(s)) return null;
  const ms = Date.parse(s);
  return Number.isNaN(ms) ? null : Math.floor(ms / 1000) * 1000;
}
export const isPlainDate = (s) => typeof s === "string" && PLAIN_DATE.test(s) && !Number.isNaN(Date.parse(s));
export const isoUtc = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

/** Local dates and wall-clock arithmetic in one IANA zone, through Intl. */
export function makeZone(timeZone) {
  const fmt = new Intl.DateTimeFormat("en-US", {
    timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit",
  });
  const parts = (ms) => {
    const p = {};
    for (const { type, value } of fmt.formatToParts(ms)) p[type] = value;
    return p;
  };
  const offset = (ms) => {
    const p = parts(ms);
    return Date.UTC(+p.year, p.month - 1, +p.day, +p.hour, +p.minute, +p.second) - Math.floor(ms / 1000) * 1000;
  };
  // The instant of a wall-clock time (days may overflow: Date.UTC normalises them).
  const fromWall = (y, mo, d, h = 0, mi = 0, s = 0) => {
    const wall = Date.UTC(y, mo - 1, d, h, mi, s);
    const guess = wall - offset(wall);
    return wall - offset(guess);
  };
  return {
    localDate(ms) { const p = parts(ms); return `${p.year}-${p.month}-${p.day}`; },
    /** A plain date is usable through that local day: it ends at the next local midnight. */
    endOfDate(date) { const [y, m, d] = date.split("-").map(Number); return fromWall(y, m, d + 1); },
    startOfDate(date) { const [y, m, d] = date.split("-").map(Number); return fromWall(y, m, d); },
    /** `days` calendar days later, the local time of day kept. */
    addDays(ms, days) { const p = parts(ms); return fromWall(+p.year, +p.month, +p.day + days, +p.hour, +p.minute, +p.second); },
  };
}

/** An expiry or end date (instant or plain date) as ms; null for "never". */
export const endMs = (zone, s) => (s == null ? null : isPlainDate(s) ? zone.endOfDate(s) : parseInstant(s));

/** Whether a credit has expired at instant `ms`, whose local date is `day`. */
export function expiredAt(credit, ms, day) {
  const e = credit.expiresAt;
  if (e == null) return false;
  if (isPlainDate(e)) return day > e; // usable through that local day
  return parseInstant(e) <= ms;
}

// ---- loading a snapshot ------------------------------------------------------------------------

const KINDS = ["service", "class"];
const MEMBERSHIP_STATUSES = ["active", "frozen", "expired", "cancelled"];
const SOURCES = ["purchased", "recurring", "manual"];
const CREDIT_STATUSES = ["available", "assigned", "used", "forfeited", "expired", "removed"];
const BOOKING_STATUSES = ["booked", "cancelled", "lateCancelled", "attended", "noShow"];

export class SnapshotError extends Error {
  constructor(issues) {
    super(`the snapshot is refused: ${issues.length} problem(s), first ${issues[0].code} at ${issues[0].path}`);
    this.issues = issues;
  }
}

/** Parses the policy and snapshot texts, checks the snapshot and builds the studio's indexes. */
export function loadStudio(policyText, snapshotText) {
  const policy = JSON.parse(policyText);
  const snap = JSON.parse(snapshotText);
  const zone = makeZone(policy.timezone);
  const issues = [];
  const bad = (code, path, message) => issues.push({ code, path, message });

  const byId = (name) => {
    const map = new Map();
    (snap[name] ?? []).forEach((r, i) => {
      if (typeof r?.id !== "string" || r.id.trim() === "") bad("required", `${name}.${i}.id`, "An id is required.");
      else if (map.has(r.id)) bad("duplicate", `${name}.${i}.id`, `The id ${r.id} is used twice.`);
      else map.set(r.id, r);
    });
    return map;
  };
  const studio = {
    policy, zone,
    sessionTypes: byId("sessionTypes"), clients: byId("clients"), memberships: byId("memberships"),
    credits: byId("credits"), bookings: byId("bookings"),
    membershipsByClient: new Map(), creditsByClient: new Map(), bookingsByClient: new Map(),
    holdIds: new Set(), applied: new Set(),
  };
  const push = (map, key, value) => { const list = map.get(key); if (list) list.push(value); else map.set(key, [value]); };
  const knownDate = (s, path, plainOk) => {
    if (s == null) return;
    if (parseInstant(s) === null && !(plainOk && isPlainDate(s))) bad("invalid_date", path, `${s} is not a date.`);
  };

  (snap.sessionTypes ?? []).forEach((t, i) => {
    if (!KINDS.includes(t.kind)) bad("invalid_input", `sessionTypes.${i}.kind`, "Unknown kind.");
    const cost = t.creditCost ?? 1;
    if (!(Number.isInteger(+cost) && +cost >= 1 && +cost <= 20)) bad("invalid_input", `sessionTypes.${i}.creditCost`, "A cost is 1 to 20 credits.");
  });
  (snap.memberships ?? []).forEach((m, i) => {
    const at = `memberships.${i}`;
    if (!studio.clients.has(m.clientId)) bad("unknown_client", `${at}.clientId`, `No client ${m.clientId}.`);
    else push(studio.membershipsByClient, m.clientId, m);
    if (!MEMBERSHIP_STATUSES.includes(m.status)) bad("invalid_input", `${at}.status`, "Unknown status.");
    if (m.status === "cancelled" && m.cancelledAt == null) bad("required", `${at}.cancelledAt`, "A cancelled membership needs cancelledAt.");
    knownDate(m.endsAt, `${at}.endsAt`, true);
    knownDate(m.cancelledAt, `${at}.cancelledAt`, false);
    (m.eligibleSessionTypeIds ?? []).forEach((t, j) => {
      if (!studio.sessionTypes.has(t)) bad("unknown_session_type", `${at}.eligibleSessionTypeIds.${j}`, `No session type ${t}.`);
    });
    (m.usageLimits ?? []).forEach((l, j) => {
      if (!["day", "week", "month"].includes(l.period)) bad("invalid_input", `${at}.usageLimits.${j}.period`, "Unknown period.");
      if (!(Number.isInteger(+l.max) && +l.max >= 1 && +l.max <= 1000)) bad("invalid_input", `${at}.usageLimits.${j}.max`, "A max is 1 to 1000.");
      (l.sessionTypeIds ?? []).forEach((t, k) => {
        if (!studio.sessionTypes.has(t)) bad("unknown_session_type", `${at}.usageLimits.${j}.sessionTypeIds.${k}`, `No session type ${t}.`);
      });
    });
    (m.holds ?? []).forEach((h, j) => {
      if (studio.holdIds.has(h.id)) bad("duplicate", `${at}.holds.${j}.id`, `The hold id ${h.id} is used twice.`);
      studio.holdIds.add(h.id);
      if (!isPlainDate(h.startsOn)) bad("invalid_date", `${at}.holds.${j}.startsOn`, "Not a date.");
      if (!isPlainDate(h.endsOn)) bad("invalid_date", `${at}.holds.${j}.endsOn`, "Not a date.");
      else if (h.endsOn < h.startsOn) bad("invalid_input", `${at}.holds.${j}.endsOn`, "A hold ends after it starts.");
      (h.creditIds ?? []).forEach((k, n) => {
        if (!studio.credits.has(k)) bad("unknown_credit", `${at}.holds.${j}.creditIds.${n}`, `No credit ${k}.`);
      });
    });
  });
  (snap.credits ?? []).forEach((c, i) => {
    const at = `credits.${i}`;
    if (!studio.clients.has(c.clientId)) bad("unknown_client", `${at}.clientId`, `No client ${c.clientId}.`);
    else push(studio.creditsByClient, c.clientId, c);
    if (!studio.sessionTypes.has(c.sessionTypeId)) bad("unknown_session_type", `${at}.sessionTypeId`, `No session type ${c.sessionTypeId}.`);
    if (c.membershipId != null) {
      const m = studio.memberships.get(c.membershipId);
      if (!m) bad("unknown_membership", `${at}.membershipId`, `No membership ${c.membershipId}.`);
      else if (m.clientId !== c.clientId) bad("membership_mismatch", `${at}.membershipId`, "The membership is another client's.");
    }
    if (!SOURCES.includes(c.source)) bad("invalid_input", `${at}.source`, "Unknown source.");
    if (!CREDIT_STATUSES.includes(c.status)) bad("invalid_input", `${at}.status`, "Unknown status.");
    knownDate(c.grantedAt, `${at}.grantedAt`, false);
    knownDate(c.expiresAt, `${at}.expiresAt`, true);
    if (c.bookingId != null && !studio.bookings.has(c.bookingId)) bad("unknown_booking", `${at}.bookingId`, `No booking ${c.bookingId}.`);
    if (c.value != null && !(Number.isSafeInteger(+c.value) && +c.value >= 0)) bad("invalid_input", `${at}.value`, "A value is a whole number.");
  });
  const payer = new Map(); // credit id → the booked booking that lists it
  (snap.bookings ?? []).forEach((b, i) => {
    const at = `bookings.${i}`;
    if (!studio.clients.has(b.clientId)) bad("unknown_client", `${at}.clientId`, `No client ${b.clientId}.`);
    else push(studio.bookingsByClient, b.clientId, b);
    if (!studio.sessionTypes.has(b.sessionTypeId)) bad("unknown_session_type", `${at}.sessionTypeId`, `No session type ${b.sessionTypeId}.`);
    if (!BOOKING_STATUSES.includes(b.status)) bad("invalid_input", `${at}.status`, "Unknown status.");
    if (parseInstant(b.startsAt) === null) bad("invalid_date", `${at}.startsAt`, "Not an instant.");
    // creditIds and its mirror creditId
    if (b.creditIds === undefined) b.creditIds = b.creditId == null ? [] : [b.creditId];
    else if (b.creditId !== undefined && (b.creditId ?? null) !== (b.creditIds[0] ?? null)) bad("inconsistent", `${at}.creditIds`, "creditId and creditIds disagree.");
    b.creditId = b.creditIds[0] ?? null;
    b.creditIds.forEach((k, j) => {
      const path = b.creditIds.length === 1 ? `${at}.creditId` : `${at}.creditIds.${j}`;
      const c = studio.credits.get(k);
      if (!c) return bad("unknown_credit", path, `No credit ${k}.`);
      if (c.clientId !== b.clientId) return bad("wrong_client", path, `Credit ${k} is another client's.`);
      if (b.status !== "booked") return;
      if (payer.has(k)) return bad("inconsistent", path, `Credit ${k} is listed twice.`);
      payer.set(k, b);
      if (c.status !== "assigned" || c.bookingId !== b.id) bad("inconsistent", path, `Credit ${k} does not point back to booking ${b.id}.`);
    });
  });
  (snap.credits ?? []).forEach((c, i) => {
    if (c.status === "assigned" && !payer.has(c.id)) bad("inconsistent", `credits.${i}.status`, `Credit ${c.id} is assigned but no booked booking lists it.`);
  });
  if (issues.length) throw new SnapshotError(issues);
  return studio;
}
