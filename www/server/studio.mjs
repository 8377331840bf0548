// The server's studio: an Engine that is, by construction, the stored starting snapshot plus a
// replay of the accepted commands in order; judging queued commands as the signed-in staff member;
// and the changes feed built from the stored apply answers.

import crypto from "node:crypto";
import { Engine, version } from "session-credits";
import { generateStudio } from "../../tools/gen-studio.mjs";
import { addRevision3 } from "./seed-r3.mjs";
import { hashPin } from "./auth.mjs";

/** Seeded on first start. Demo PINs, printed at start: change them in a real studio. */
export const SAMPLE_STAFF = [
  { id: "desk-1", name: "Front desk", role: "frontdesk", pin: "1234" },
  { id: "staff-1", name: "Trainer", role: "staff", pin: "5678" },
  { id: "mgr-1", name: "Studio manager", role: "manager", pin: "9876" },
  { id: "own-1", name: "Owner", role: "owner", pin: "2468" },
];

const MAX_COMMANDS_PER_REQUEST = 10_000;

const issue = (code, path, message, params) => (params ? { code, path, message, params } : { code, path, message });
const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

// RFC 3339 with an offset, as the engine reads it; returns epoch ms (fraction dropped) or NaN.
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;
export function parseInstant(text) {
  const m = typeof text === "string" ? RFC3339.exec(text) : null;
  if (!m) return NaN;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number);
  if (mo < 1 || mo > 12 || d < 1 || d > DAYS_IN_MONTH[mo - 1] + (mo === 2 && isLeap(y) ? 1 : 0)) return NaN;
  if (h > 23 || mi > 59 || s > 59) return NaN;
  let offsetMin = 0;
  if (!m[7]) {
    const [oh, om] = [Number(m[9]), Number(m[10])];
    if (oh > 23 || om > 59) return NaN;
    offsetMin = (m[8] === "-" ? -1 : 1) * (oh * 60 + om);
  }
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d); // (Date.UTC maps years 0–99 to 1900–1999)
  date.setUTCHours(h, mi, s, 0);
  return date.getTime() - offsetMin * 60_000;
}
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (y) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** "2026-11-24T17:00:00Z": UTC, to the second, as the engine writes instants. */
export function isoSecond(ms) {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

/** The context's `now` against the server's clock: an Issue, or null when it may be used. */
export function checkNow(now, serverMs, { maxSkewSeconds, offlineWindowHours }) {
  if (now === undefined || now === null || (typeof now === "string" && !now.trim())) {
    return issue("required", "now", "Every queued command needs the instant it was made at (now).", { field: "now" });
  }
  const serverNow = isoSecond(serverMs);
  const ms = parseInstant(now);
  if (!Number.isFinite(ms)) {
    return issue("invalid_date", "now",
      `now (${String(now).slice(0, 64)}) is not a valid instant such as 2026-11-24T17:00:00Z.`,
      { now: String(now).slice(0, 64), serverNow });
  }
  if (ms > serverMs + maxSkewSeconds * 1000) {
    return issue("invalid_date", "now",
      `now (${now}) is later than the server's clock (${serverNow}) by more than ${maxSkewSeconds} seconds.`,
      { now, serverNow, maxSkewSeconds });
  }
  if (ms < serverMs - offlineWindowHours * 3_600_000) {
    return issue("invalid_date", "now",
      `now (${now}) is more than ${offlineWindowHours} hours before the server's clock (${serverNow}), longer than a command may wait offline.`,
      { now, serverNow, offlineWindowHours });
  }
  return null;
}

// Key order does not make two commands different.
function canonical(v) {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (isObject(v)) return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(",")}}`;
  return JSON.stringify(v) ?? "null";
}

/** What one accepted apply answer changed, as stored per command for the changes feed. */
function changesOf(res) {
  return {
    credits: [...res.credits.added, ...res.credits.changed.map((c) => c.after)],
    bookings: [...res.bookings.added, ...res.bookings.changed.map((c) => c.after)],
    bookingsAdded: res.bookings.added.map((b) => b.id),
    bookingsRemoved: res.bookings.removed.map((b) => b.id),
  };
}

export class Studio {
  /**
   * @param {ReturnType<import("./store.mjs").openStore>} store
   * @param {{ clock: () => number, maxSkewSeconds: number, offlineWindowHours: number, log?: (s: string) => void, afterCommit?: (commandId: string) => void }} opts
   *   afterCommit: called after each accepted command is committed (tests: a crash between two commits of a batch)
   */
  constructor(store, opts) {
    this.store = store;
    this.opts = opts;
    this.clock = opts.clock;
    this.log = opts.log || (() => {});
    this.engine = null;
  }

  /** First start: a sample studio generated around the server's clock, and its staff. */
  async initializeIfNew() {
    if (this.store.meta("policy") !== undefined) return false;
    const studio = addRevision3(generateStudio({ now: isoSecond(this.clock()) }));
    for (const s of SAMPLE_STAFF) {
      if (!studio.policy.roles[s.role]) throw new Error(`sample staff ${s.id}: role ${s.role} is not in the policy`);
    }
    const staff = [];
    for (const s of SAMPLE_STAFF) staff.push({ ...s, ...(await hashPin(s.pin)) });
    this.store.initialize({
      studioId: crypto.randomUUID(),
      policy: JSON.stringify(studio.policy),
      snapshot: JSON.stringify(studio.snapshot),
      studioNow: studio.now,
      createdAt: new Date().toISOString(),
      engineVersion: version(),
    }, staff);
    this.log(`studio: new sample studio generated around ${studio.now}`);
    return true;
  }

  /** Starting snapshot + every accepted command, in order. Throws if a stored one is refused. */
  restore() {
    const engine = Engine.fromJson(this.store.meta("policy"), this.store.meta("snapshot"));
    let n = 0;
    for (const row of this.store.replayRows()) {
      const res = JSON.parse(engine.applyJson(row.command, row.ctx));
      if (!res.ok) {
        throw new Error(`stored command ${row.commandId} (seq ${row.seq}) is refused on replay ` +
          `(${res.errors.map((e) => `${e.code}@${e.path}`).join(", ")}); the database ${this.store.file} ` +
          `was written by another engine (${this.store.meta("engineVersion")}, now ${version()}) or edited. ` +
          `Move it away to start a new studio.`);
      }
      n++;
    }
    this.engine = engine;
    return n;
  }

  get studioId() {
    return this.store.meta("studioId");
  }

  /** @param {unknown} body @param {{ id: string, role: string }} staff */
  judge(body, staff) {
    if (!isObject(body) || !Array.isArray(body.commands)) {
      return { status: 400, json: { error: "bad_request", message: "Expected { commands: [{ command, ctx }] }." } };
    }
    if (body.commands.length > MAX_COMMANDS_PER_REQUEST) {
      return { status: 413, json: { error: "too_many", message: `At most ${MAX_COMMANDS_PER_REQUEST} commands per request.` } };
    }
    const results = body.commands.map((entry) => this.#judgeOne(entry, staff));
    return { status: 200, json: { cursor: this.store.lastSeq(), results } };
  }

  #judgeOne(entry, staff) {
    const refuse = (commandId, ...errors) => ({ commandId, ok: false, errors, warnings: [] });
    if (!isObject(entry)) return refuse(null, issue("invalid_input", "", "Each queued entry must be an object { command, ctx }."));
    const ctx = isObject(entry.ctx) ? entry.ctx : {};
    const commandId = ctx.commandId;
    if (commandId === undefined || commandId === null || (typeof commandId === "string" && !commandId.trim())) {
      return refuse(null, issue("required", "commandId", "Every queued command needs a commandId.", { field: "commandId" }));
    }
    if (typeof commandId !== "string") return refuse(null, issue("invalid_input", "commandId", "The commandId must be a string."));

    // before the clock check: a command accepted days ago is still answered as accepted
    const prior = this.store.accepted(commandId);
    if (prior) {
      if (canonical(JSON.parse(prior.command)) !== canonical(entry.command)) {
        return refuse(commandId, issue("duplicate", "commandId",
          `Command id ${commandId} was already accepted for a different command.`, { commandId }));
      }
      return { commandId, ok: true, errors: [], warnings: JSON.parse(prior.warnings), duplicate: true };
    }
    // and a refused one as refused, even if the state would now accept it: whoever sent it may
    // have been told so already (an answer is final; the dashboard makes a new commandId to retry)
    const refusedBefore = this.store.refusal(commandId);
    if (refusedBefore) {
      if (canonical(JSON.parse(refusedBefore.command)) !== canonical(entry.command)) {
        return refuse(commandId, issue("duplicate", "commandId",
          `Command id ${commandId} was already refused for a different command.`, { commandId }));
      }
      return { commandId, ok: false, errors: JSON.parse(refusedBefore.errors), warnings: JSON.parse(refusedBefore.warnings), duplicate: true };
    }
    const final = (verdict) => {
      this.store.addRefusal({
        commandId,
        command: JSON.stringify(entry.command ?? null),
        errors: JSON.stringify(verdict.errors),
        warnings: JSON.stringify(verdict.warnings),
        staffId: staff.id,
        refusedAt: new Date().toISOString(),
      });
      return verdict;
    };

    const late = checkNow(ctx.now, this.clock(), this.opts);
    if (late) return final(refuse(commandId, late));

    // who acts is the session's business, never the request's
    const serverCtx = { actor: { id: staff.id, role: staff.role }, now: ctx.now, commandId };
    let res;
    try {
      res = this.engine.apply(entry.command, serverCtx);
    } catch (e) {
      // apply never throws per the contract; a refusal rather than a failed batch
      return final(refuse(commandId, issue("invalid_input", "", String(e?.message || e))));
    }
    if (!res.ok) return final({ commandId, ok: false, errors: res.errors, warnings: res.warnings });
    try {
      this.store.addCommand({
        commandId,
        command: JSON.stringify(entry.command),
        ctx: JSON.stringify(serverCtx),
        staffId: staff.id,
        acceptedAt: new Date().toISOString(),
        warnings: JSON.stringify(res.warnings),
        ledger: JSON.stringify(res.ledger),
        changes: JSON.stringify(changesOf(res)),
      });
    } catch (e) {
      this.restore(); // the engine moved on without the store: back to what is stored
      throw e;
    }
    this.opts.afterCommit?.(commandId);
    return { commandId, ok: true, errors: [], warnings: res.warnings };
  }

  /**
   * SPEC Changes since `since` (a seq): records in their final state, each id once. A booking
   * created and deleted since then is in neither list; one that existed before and is gone is in
   * remove.bookings.
   */
  changesSince(since) {
    const credits = new Map();
    const bookings = new Map();
    const created = new Set();
    const removed = new Set();
    const appliedCommandIds = [];
    let cursor = since;
    for (const row of this.store.changesSince(since)) {
      const ch = JSON.parse(row.changes);
      for (const c of ch.credits) credits.set(c.id, c);
      for (const id of ch.bookingsAdded) {
        if (removed.has(id)) removed.delete(id); // existed at the cursor, deleted, made again
        else created.add(id);
      }
      for (const b of ch.bookings) bookings.set(b.id, b);
      for (const id of ch.bookingsRemoved) {
        bookings.delete(id);
        if (created.has(id)) created.delete(id);
        else removed.add(id);
      }
      appliedCommandIds.push(row.commandId);
      cursor = row.seq;
    }
    return {
      studioId: this.studioId,
      cursor,
      changes: {
        credits: [...credits.values()],
        bookings: [...bookings.values()],
        remove: { bookings: [...removed] },
        appliedCommandIds,
      },
    };
  }

  snapshot() {
    return {
      studioId: this.studioId,
      cursor: this.store.lastSeq(),
      policy: JSON.parse(this.store.meta("policy")),
      snapshot: this.engine.snapshot(),
      appliedCommandIds: this.store.commandIds(),
    };
  }

  ledger(since) {
    const records = this.store.ledgerSince(since).map((r) => ({
      seq: r.seq,
      commandId: r.commandId,
      staffId: r.staffId,
      acceptedAt: r.acceptedAt,
      command: JSON.parse(r.command),
      ctx: JSON.parse(r.ctx),
      warnings: JSON.parse(r.warnings),
      ledger: JSON.parse(r.ledger),
    }));
    return { studioId: this.studioId, cursor: this.store.lastSeq(), records };
  }
}
