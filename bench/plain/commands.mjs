// The plain-JavaScript commands the benchmark compares (see studio.mjs): validate of addCredits,
// preview of changeCreditType, and book applied in order for replay, by the rules of
// docs/commands.md. Answers have the engine's shapes; messages are this file's own.
import { endMs, expiredAt, isoUtc, isPlainDate, parseInstant } from "./studio.mjs";

const blank = (v) => v == null || (typeof v === "string" && v.trim() === "");
const issue = (code, path, message, params) => (params ? { code, path, message, params } : { code, path, message });
const quantityOf = (v) => (Number.isInteger(v) ? v : typeof v === "string" && /^\d+$/.test(v.trim()) ? Number(v.trim()) : null);
const PERMISSION = { addCredits: "credits.add", changeCreditType: "credits.changeType", book: "bookings.manage" };
const FIELDS = {
  addCredits: ["type", "clientIds", "sessionTypeId", "quantity", "expiresAt", "reason", "membershipId", "mode", "valuePerCredit"],
  changeCreditType: ["type", "creditIds", "toSessionTypeId", "note", "mode"],
  book: ["type", "clientId", "sessionTypeId", "startsAt", "bookingId", "credit", "creditIds", "overrideLimits"],
};

/** The checks every command shares: role, now, (for apply) commandId, then permission. */
function checkContext(studio, command, ctx, forApply) {
  const errors = [];
  const role = studio.policy.roles[ctx?.actor?.role];
  if (!role) errors.push(issue("unknown_role", "actor.role", `The role ${ctx?.actor?.role} is not in the policy.`));
  const now = parseInstant(ctx?.now);
  if (now === null) errors.push(issue("invalid_date", "now", "now is not an instant."));
  const commandId = blank(ctx?.commandId) ? "preview" : ctx.commandId;
  if (forApply && blank(ctx?.commandId)) errors.push(issue("required", "commandId", "apply needs a commandId."));
  else if (forApply && commandId === "preview") errors.push(issue("invalid_input", "commandId", "preview is reserved."));
  else if (studio.applied.has(commandId)) errors.push(issue("duplicate", "commandId", `Command ${commandId} was applied already.`));
  if (errors.length) return { errors };
  const perms = role.permissions;
  const may = (p) => perms.includes("*") || perms.includes(p);
  if (!may(PERMISSION[command.type])) errors.push(issue("permission_denied", "", `The role ${ctx.actor.role} may not do this.`));
  if (command.type === "book" && command.overrideLimits === true && !may("bookings.overrideLimits")) {
    errors.push(issue("permission_denied", "", `The role ${ctx.actor.role} may not override usage limits.`));
  }
  const warnings = Object.keys(command).filter((k) => !FIELDS[command.type].includes(k))
    .map((k) => issue("unknown_field", k, `${k} is not a field of ${command.type}.`));
  return { errors, warnings, now, commandId, role };
}

/** A list of ids in a bulk command: required, at most maxBulkItems, each known and once. */
function readIds(list, field, known, kind, max, errors) {
  if (!Array.isArray(list) || list.length === 0) { errors.push(issue("required", field, `${field} needs at least one id.`)); return []; }
  if (list.length > max) { errors.push(issue("too_many", field, `At most ${max} ids.`, { max })); return []; }
  const seen = new Set();
  return list.map((id, i) => {
    const path = `${field}.${i}`;
    let error = null;
    if (blank(id)) error = issue("required", path, "An id is required.");
    else if (typeof id !== "string") error = issue("invalid_input", path, "An id is a string.");
    else if ([...id].length > 128) error = issue("too_long", path, "An id is at most 128 characters.");
    else if (!known.has(id)) error = issue(`unknown_${kind}`, path, `No ${kind} ${id}.`);
    else if (seen.has(id)) error = issue("duplicate", path, `${id} is listed twice.`);
    seen.add(id);
    return { id, path, errors: error ? [error] : [], warnings: [] };
  });
}

function readMode(command, errors) {
  const mode = blank(command.mode) ? "allOrNothing" : command.mode;
  if (mode !== "allOrNothing" && mode !== "skipInvalid") errors.push(issue("invalid_input", "mode", "mode is allOrNothing or skipInvalid."));
  return mode;
}

function readSessionType(studio, id, field, errors) {
  if (blank(id)) return void errors.push(issue("required", field, "A session type is required."));
  const type = studio.sessionTypes.get(id);
  if (!type) return void errors.push(issue("unknown_session_type", field, `No session type ${id}.`));
  if (type.active === false) return void errors.push(issue("session_type_inactive", field, `${type.name ?? id} is no longer offered.`));
  return type;
}

/** Folds bulk items into a verdict, by the mode's rules (docs/commands.md, Bulk mode). */
function verdict(errors, warnings, items, mode) {
  for (const item of items) {
    item.ok = item.errors.length === 0;
    if (item.ok) warnings.push(...item.warnings);
    else if (mode === "allOrNothing") errors.push(...item.errors);
    else warnings.push(issue("item_skipped", item.path, `${item.id} is left out.`));
  }
  if (mode === "skipInvalid" && errors.length === 0 && items.length && !items.some((i) => i.ok)) errors.push(issue("nothing_to_apply", "", "No item is valid."));
  return { ok: errors.length === 0, errors, warnings, items: items.map(({ id, ok, errors, warnings }) => ({ id, ok, errors, warnings })) };
}

// ---- addCredits --------------------------------------------------------------------------------

/** The membership addCredits would use, or the code that refuses the client. */
function qualifyingMembership(studio, clientId, now) {
  const { zone, policy } = studio;
  const grace = policy.cancelledMembershipGraceDays ?? 60;
  const rank = { active: 0, frozen: 1, cancelled: 2 };
  let best = null, lapsed = false, expired = false;
  for (const m of studio.membershipsByClient.get(clientId) ?? []) {
    let ok = false;
    if (m.status === "active" || m.status === "frozen") {
      const ends = endMs(zone, m.endsAt);
      ok = ends === null || ends > now;
      if (!ok) expired = true;
    } else if (m.status === "cancelled") {
      ok = now < zone.addDays(parseInstant(m.cancelledAt), grace);
      if (!ok) lapsed = true;
    } else if (m.status === "expired") expired = true;
    if (ok && (!best || rank[m.status] < rank[best.status] || (rank[m.status] === rank[best.status] && m.id < best.id))) best = m;
  }
  if (best) return { membership: best };
  return { code: lapsed ? "grace_period_over" : expired ? "membership_expired" : "no_active_membership" };
}

export function validateAddCredits(studio, command, ctx) {
  const c = checkContext(studio, command, ctx, false);
  if (!c.warnings) return { ok: false, errors: c.errors, warnings: [] };
  const { errors, warnings, now } = c;
  const { policy, zone } = studio;
  const mode = readMode(command, errors);
  const items = readIds(command.clientIds, "clientIds", studio.clients, "client", policy.maxBulkItems ?? 10000, errors);
  const type = readSessionType(studio, command.sessionTypeId, "sessionTypeId", errors);
  const quantity = quantityOf(command.quantity);
  if (blank(command.quantity)) errors.push(issue("required", "quantity", "A quantity is required."));
  else if (quantity === null || quantity < 1 || quantity > (policy.maxQuantity ?? 1000)) errors.push(issue("invalid_quantity", "quantity", `A quantity is 1 to ${policy.maxQuantity ?? 1000}.`));
  const reasons = policy.requireReasonFor ?? ["addCredits", "removeCredits", "transferCredits", "holdMembership"];
  if (blank(command.reason)) { if (reasons.includes("addCredits")) errors.push(issue("reason_required", "reason", "A reason is required.")); }
  else if ([...command.reason].length > 500) errors.push(issue("too_long", "reason", "A reason is at most 500 characters."));
  if (!blank(command.expiresAt)) {
    const expires = endMs(zone, command.expiresAt);
    if (expires === null) errors.push(issue("invalid_date", "expiresAt", `${command.expiresAt} is not a date.`));
    else if (expires <= now) errors.push(issue("expiry_in_past", "expiresAt", "The expiry has passed."));
    else if (expires < zone.addDays(now, policy.minExpiryDays ?? 14)) warnings.push(issue("short_expiry", "expiresAt", "The credits expire soon."));
  }
  if (command.valuePerCredit != null) {
    const v = quantityOf(command.valuePerCredit);
    if (v === null || v > 1e9) errors.push(issue("invalid_input", "valuePerCredit", "A value is a whole number up to 1,000,000,000."));
  }
  // membership: the one named, or the client's qualifying one
  if (!blank(command.membershipId)) {
    const m = studio.memberships.get(command.membershipId);
    if (items.length !== 1) errors.push(issue("membership_mismatch", "membershipId", "A membership may be named for one client only."));
    else if (!m) errors.push(issue("unknown_membership", "membershipId", `No membership ${command.membershipId}.`));
    else if (m.clientId !== items[0].id) errors.push(issue("membership_mismatch", "membershipId", "The membership is another client's."));
    else if (type && m.eligibleSessionTypeIds?.length && !m.eligibleSessionTypeIds.includes(type.id)) errors.push(issue("not_eligible", "membershipId", "Not eligible under this membership."));
  } else {
    for (const item of items) {
      if (item.errors.length) continue;
      const q = qualifyingMembership(studio, item.id, now);
      if (!q.membership) {
        if (policy.requireMembershipToAdd !== false) item.errors.push(issue(q.code, item.path, `Client ${item.id} has no membership that qualifies.`));
      } else if (type && q.membership.eligibleSessionTypeIds?.length && !q.membership.eligibleSessionTypeIds.includes(type.id)) {
        item.errors.push(issue("not_eligible", item.path, `${type.name} is not eligible under membership ${q.membership.id}.`));
      }
    }
  }
  const max = c.role.maxCreditsPerAction;
  const getting = mode === "allOrNothing" ? items.length : items.filter((i) => !i.errors.length).length;
  if (max != null && quantity !== null && quantity * getting > max) errors.push(issue("limit_exceeded", "quantity", `At most ${max} credits at once.`, { max, total: quantity * getting }));
  return verdict(errors, warnings, items, mode);
}

// ---- changeCreditType --------------------------------------------------------------------------

export function previewChangeCreditType(studio, command, ctx) {
  const c = checkContext(studio, command, ctx, false);
  if (!c.warnings) return refused({ ok: false, errors: c.errors, warnings: [] });
  const { errors, warnings, now, commandId } = c;
  const day = studio.zone.localDate(now); // the studio's local date: plain-date expiries end with it
  const mode = readMode(command, errors);
  const items = readIds(command.creditIds, "creditIds", studio.credits, "credit", studio.policy.maxBulkItems ?? 10000, errors);
  const to = readSessionType(studio, command.toSessionTypeId, "toSessionTypeId", errors);
  if (!blank(command.note) && [...command.note].length > 500) errors.push(issue("too_long", "note", "A note is at most 500 characters."));
  for (const item of items) {
    if (item.errors.length) continue;
    const credit = studio.credits.get(item.id);
    const p = { creditId: item.id };
    if (credit.status === "assigned") item.errors.push(issue("credit_assigned", item.path, `Credit ${item.id} is on booking ${credit.bookingId}.`, p));
    else if (credit.status === "expired" || (credit.status === "available" && expiredAt(credit, now, day))) item.errors.push(issue("credit_expired", item.path, `Credit ${item.id} has expired.`, p));
    else if (credit.status !== "available") item.errors.push(issue("credit_not_available", item.path, `Credit ${item.id} is ${credit.status}.`, p));
    else if (to && credit.sessionTypeId === to.id) { item.warnings.push(issue("no_change", item.path, `Credit ${item.id} is already a ${to.name} credit.`, p)); item.unchanged = true; }
    else if (credit.source === "recurring") item.warnings.push(issue("recurring_release_unchanged", item.path, `Credit ${item.id} came from a recurring agreement, which keeps releasing its old type.`, p));
  }
  const answer = verdict(errors, warnings, items, mode);
  if (!answer.ok) return refused(answer);

  // the effect: changed credits, one ledger entry and one step per client and original type
  const changed = [];
  const groups = new Map();
  const touched = new Map(); // "client|type" → { clientId, sessionTypeId }, in order of first appearance
  for (const item of items) {
    if (!item.ok || item.unchanged) continue;
    const before = studio.credits.get(item.id);
    const after = { ...before, sessionTypeId: to.id };
    changed.push({ before: { ...before }, after });
    const key = `${before.clientId}|${before.sessionTypeId}`;
    if (!groups.has(key)) groups.set(key, { clientId: before.clientId, from: before.sessionTypeId, credits: [] });
    groups.get(key).credits.push(before);
    for (const t of [before.sessionTypeId, to.id]) touched.set(`${before.clientId}|${t}`, { clientId: before.clientId, sessionTypeId: t });
  }
  const at = isoUtc(now);
  const ledger = [];
  const steps = [];
  for (const g of groups.values()) {
    const entry = { id: `${commandId}#${ledger.length + 1}`, at, actorId: ctx.actor.id, clientId: g.clientId, kind: "changeType",
      creditIds: g.credits.map((k) => k.id), quantity: g.credits.length, sessionTypeId: to.id, fromSessionTypeId: g.from };
    if (!blank(command.note)) entry.note = command.note;
    const values = g.credits.filter((k) => k.value != null);
    if (values.length) entry.value = values.reduce((s, k) => s + Number(k.value), 0);
    ledger.push(entry);
    const n = g.credits.length;
    steps.push(`Change ${studio.clients.get(g.clientId).name}'s ${n} ${studio.sessionTypes.get(g.from).name} credit${n === 1 ? "" : "s"} to ${to.name} (${entry.creditIds.join(", ")}).`);
  }
  // balances: the available, unexpired count of each touched client and type, before and after
  const newType = new Map(changed.map((ch) => [ch.after.id, to.id]));
  const balances = [];
  for (const { clientId, sessionTypeId } of touched.values()) {
    let before = 0, after = 0;
    for (const k of studio.creditsByClient.get(clientId) ?? []) {
      if (k.status !== "available" || expiredAt(k, now, day)) continue;
      if (k.sessionTypeId === sessionTypeId) before++;
      if ((newType.get(k.id) ?? k.sessionTypeId) === sessionTypeId) after++;
    }
    if (before !== after) balances.push({ clientId, sessionTypeId, before, after });
  }
  return {
    ...answer, steps, ledger,
    credits: { added: [], changed },
    bookings: { added: [], changed: [], removed: [] },
    balances,
    counts: { items: items.length, itemsOk: answer.items.filter((i) => i.ok).length, creditsAdded: 0, creditsChanged: changed.length, bookingsAdded: 0, bookingsChanged: 0, bookingsRemoved: 0 },
    deferredChange: 0, // a change of type moves no credit in or out of available/assigned
  };
}

function refused(answer) {
  const items = answer.items ?? [];
  return { ...answer, items, steps: [], ledger: [], credits: { added: [], changed: [] }, bookings: { added: [], changed: [], removed: [] }, balances: [],
    counts: { items: items.length, itemsOk: items.filter((i) => i.ok).length, creditsAdded: 0, creditsChanged: 0, bookingsAdded: 0, bookingsChanged: 0, bookingsRemoved: 0 }, deferredChange: 0 };
}

// ---- book, applied; replay ---------------------------------------------------------------------

/** Whether a credit can pay a booking of `type` starting at `startMs` (local date `startDay`). */
function usable(studio, credit, typeIds, now, day, startMs, startDay) {
  if (credit.status !== "available" || !typeIds.includes(credit.sessionTypeId)) return false;
  if (expiredAt(credit, now, day) || expiredAt(credit, startMs, startDay)) return false;
  return !onHold(studio, credit, startDay);
}
function onHold(studio, credit, startDay) {
  const m = credit.membershipId == null ? null : studio.memberships.get(credit.membershipId);
  return (m?.holds ?? []).find((h) => h.startsOn <= startDay && startDay <= h.endsOn) ?? null;
}

/** The policy's consumptionOrder as a comparator; ties end on credit id. */
function consumptionOrder(studio) {
  const keys = studio.policy.consumptionOrder ?? ["soonestExpiry", "oldestGrant"];
  return (a, b) => {
    for (const key of keys) {
      let d = 0;
      if (key === "soonestExpiry") d = (a.expires ?? Infinity) - (b.expires ?? Infinity);
      else if (key === "oldestGrant") d = a.granted - b.granted;
      else if (key === "newestGrant") d = b.granted - a.granted;
      else if (key === "manualFirst") d = (a.credit.source === "manual" ? 0 : 1) - (b.credit.source === "manual" ? 0 : 1);
      if (d !== 0 && !Number.isNaN(d)) return d;
    }
    return a.credit.id < b.credit.id ? -1 : a.credit.id > b.credit.id ? 1 : 0;
  };
}

/** The local period (day, week or month) holding a local date, as its first day. */
function periodStart(period, day, weekStartsOn) {
  if (period === "day") return day;
  if (period === "month") return day.slice(0, 8) + "01";
  const days = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];
  const d = new Date(day + "T00:00:00Z");
  const back = (d.getUTCDay() - days.indexOf(weekStartsOn ?? "monday") + 7) % 7;
  return new Date(d.getTime() - back * 86400000).toISOString().slice(0, 10);
}

export function applyBook(studio, command, ctx) {
  const c = checkContext(studio, command, ctx, true);
  if (!c.warnings) return { ok: false, errors: c.errors, warnings: [] };
  const { errors, warnings, now, commandId } = c;
  const { policy, zone } = studio;
  const day = zone.localDate(now);
  const client = blank(command.clientId) ? null : studio.clients.get(command.clientId);
  if (blank(command.clientId)) errors.push(issue("required", "clientId", "A client is required."));
  else if (!client) errors.push(issue("unknown_client", "clientId", `No client ${command.clientId}.`));
  const type = readSessionType(studio, command.sessionTypeId, "sessionTypeId", errors);
  const start = parseInstant(command.startsAt);
  if (blank(command.startsAt)) errors.push(issue("required", "startsAt", "A start is required."));
  else if (start === null) errors.push(issue("invalid_date", "startsAt", `${command.startsAt} is not an instant.`));
  else if (start < now) warnings.push(issue("starts_in_past", "startsAt", "The session has started."));
  const bookingId = blank(command.bookingId) ? `${commandId}:1` : command.bookingId;
  if (studio.bookings.has(bookingId)) errors.push(blank(command.bookingId) ? issue("duplicate", "commandId", `${bookingId} exists.`) : issue("duplicate", "bookingId", `Booking ${bookingId} exists.`));
  if (!client || !type || start === null) return { ok: false, errors, warnings };

  const cost = Number(type.creditCost ?? 1);
  const startDay = zone.localDate(start);
  const typeIds = [type.id, ...(policy.substitutes?.[type.id] ?? []).filter((t) => studio.sessionTypes.has(t))];
  const mine = studio.creditsByClient.get(client.id) ?? [];
  let credits = [];
  const named = command.creditIds?.length ? command.creditIds : blank(command.credit) ? null : ["auto", "none"].includes(command.credit) ? null : [command.credit];
  const field = command.creditIds?.length ? "creditIds" : "credit";
  if (!blank(command.credit) && command.creditIds?.length) errors.push(issue("invalid_input", "creditIds", "Give credit or creditIds, not both."));
  else if (named) {
    if (named.length !== cost) errors.push(issue("invalid_quantity", field, `${type.name} takes ${cost} credit(s).`, { needed: cost }));
    named.forEach((id, i) => {
      const path = field === "creditIds" ? `creditIds.${i}` : "credit";
      const k = studio.credits.get(id);
      if (!k) return errors.push(issue("unknown_credit", path, `No credit ${id}.`));
      if (named.indexOf(id) !== i) return errors.push(issue("duplicate", path, `${id} is listed twice.`));
      if (k.clientId !== client.id) return errors.push(issue("wrong_client", path, `Credit ${id} is another client's.`));
      if (k.status === "expired" || (k.status === "available" && (expiredAt(k, now, day) || expiredAt(k, start, startDay)))) return errors.push(issue("credit_expired", path, `Credit ${id} has expired.`));
      if (k.status !== "available") return errors.push(issue("credit_not_available", path, `Credit ${id} is ${k.status}.`));
      if (!typeIds.includes(k.sessionTypeId)) return errors.push(issue("session_type_mismatch", path, `Credit ${id} cannot pay for ${type.name}.`));
      const hold = onHold(studio, k, startDay);
      if (hold) return errors.push(issue("credit_on_hold", path, `Credit ${id} is on hold.`, { holdId: hold.id }));
      credits.push(k);
    });
  } else if ((command.credit ?? (policy.autoAssign === false ? "none" : "auto")) === "auto") {
    // own type first, then the substitutes together, each in consumptionOrder
    const order = consumptionOrder(studio);
    const pick = (ids) => mine.filter((k) => usable(studio, k, ids, now, day, start, startDay))
      .map((k) => ({ credit: k, expires: endMs(zone, k.expiresAt), granted: parseInstant(k.grantedAt) })).sort(order).map((x) => x.credit);
    const candidates = [...pick([type.id]), ...pick(typeIds.slice(1))];
    if (candidates.length >= cost) credits = candidates.slice(0, cost);
    else warnings.push(issue("booked_unpaid", "", "Nothing usable: the booking is unpaid.", { needed: cost, available: candidates.length }));
  } else warnings.push(issue("booked_unpaid", "", "The booking is unpaid."));

  // usage limits of the client's memberships that bind at the start
  const counted = ["booked", "attended", "noShow", "lateCancelled"];
  for (const m of studio.membershipsByClient.get(client.id) ?? []) {
    if (!(m.status === "active" || m.status === "frozen") || (m.endsAt != null && endMs(zone, m.endsAt) <= start)) continue;
    for (const limit of m.usageLimits ?? []) {
      const covers = (t) => !limit.sessionTypeIds?.length || limit.sessionTypeIds.includes(t);
      if (!covers(type.id)) continue;
      const from = periodStart(limit.period, startDay, policy.weekStartsOn);
      const used = (studio.bookingsByClient.get(client.id) ?? []).filter((b) => counted.includes(b.status) && covers(b.sessionTypeId)
        && periodStart(limit.period, zone.localDate(parseInstant(b.startsAt)), policy.weekStartsOn) === from).length;
      if (used < Number(limit.max)) continue;
      const params = { membershipId: m.id, period: limit.period, max: Number(limit.max), used, periodStart: from };
      if (command.overrideLimits === true) warnings.push(issue("usage_limit_overridden", "startsAt", "Over the usage limit, overridden.", params));
      else errors.push(issue("usage_limit_reached", "startsAt", `The ${limit.period}ly limit of ${limit.max} is reached.`, params));
    }
  }
  if (errors.length) return { ok: false, errors, warnings };

  // the effect
  const booking = { id: bookingId, clientId: client.id, sessionTypeId: type.id, startsAt: isoUtc(start), status: "booked",
    creditIds: credits.map((k) => k.id), creditId: credits[0]?.id ?? null };
  const changed = credits.map((k) => {
    const before = { ...k };
    k.status = "assigned";
    k.bookingId = booking.id;
    return { before, after: { ...k } };
  });
  studio.bookings.set(booking.id, booking);
  const list = studio.bookingsByClient.get(client.id);
  if (list) list.push(booking); else studio.bookingsByClient.set(client.id, [booking]);
  studio.applied.add(commandId);
  const ledger = [];
  for (const t of typeIds) {
    const paid = credits.filter((k) => k.sessionTypeId === t);
    if (paid.length) ledger.push({ id: `${commandId}#${ledger.length + 1}`, at: isoUtc(now), actorId: ctx.actor.id, clientId: client.id, kind: "assign",
      creditIds: paid.map((k) => k.id), quantity: paid.length, sessionTypeId: t, bookingId: booking.id });
  }
  const paidWith = credits.length ? `, paid with credit${credits.length > 1 ? "s" : ""} ${booking.creditIds.join(", ")}` : ", unpaid";
  const steps = [`Book ${client.name} into ${type.name} on ${startDay}${paidWith}.`];
  return { ok: true, errors, warnings, steps, ledger, credits: { added: [], changed }, bookings: { added: [booking], changed: [], removed: [] } };
}

/** Applies each entry on its own, in order, as apply would (docs/answers.md, ReplayResult). */
export function replay(studio, entries) {
  const results = [];
  let applied = 0;
  for (const entry of entries) {
    const commandId = typeof entry?.ctx?.commandId === "string" && !blank(entry.ctx.commandId) ? entry.ctx.commandId : null;
    let answer;
    if (entry === null || typeof entry !== "object" || entry.command?.type !== "book") {
      answer = { ok: false, errors: [issue("invalid_input", "", "This plain version replays book commands only.")], warnings: [] };
    } else answer = applyBook(studio, entry.command, entry.ctx);
    if (answer.ok) applied++;
    results.push({ commandId, ok: answer.ok, errors: answer.errors, warnings: answer.warnings });
  }
  return { results, applied, refused: results.length - applied };
}
