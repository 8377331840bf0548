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

/** Largest queue one request may carry: bounds what one request costs (www/README.md). */
export const MAX_COMMANDS_PER_REQUEST = 1_000;
/** A batch is judged in slices of about this much work, with the event loop served between. */
const SLICE_MS = 20;
/** Bounds on one queued command, checked before it is looked up or stored. */
export const MAX_COMMAND_ID = 64; // the engine's contract
export const MAX_COMMAND_BYTES = 64 * 1024;
export const MAX_COMMAND_DEPTH = 32;
/** Pages of the feeds: commands per answer (default and most). */
export const MAX_CHANGES_PAGE = 1_000;
export const MAX_LEDGER_PAGE = 200;
const FORGIVABLE = new Set(["cancelBooking", "markNoShow"]);
const LIMITED_KINDS = new Set(["grant", "remove", "transferOut"]);

class StoreFailure extends Error {
  constructor(cause) {
    super(String(cause?.message || cause));
    this.cause = cause;
  }
}

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
  const ms = typeof now === "string" && now.length <= 64 ? parseInstant(now) : NaN;
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

// Visible characters and spaces only: no control characters, no lone surrogates.
const ID_CHARS = /^[^\p{Cc}\p{Cs}\p{Zl}\p{Zp}]*$/u;
const validCommandId = (id) => typeof id === "string" && id.length <= MAX_COMMAND_ID && id.trim() !== "" && ID_CHARS.test(id);

function commandIdIssue(id) {
  if (typeof id !== "string") return issue("invalid_input", "commandId", "The commandId must be a string.");
  if (id.length > MAX_COMMAND_ID) {
    return issue("too_long", "commandId", `The commandId is ${id.length} characters long; at most ${MAX_COMMAND_ID}.`, { max: MAX_COMMAND_ID, length: id.length });
  }
  if (!ID_CHARS.test(id)) return issue("invalid_input", "commandId", "The commandId holds control or unpaired characters.");
  return null;
}

/** Depth first, without recursion (a command nested 10,000 deep must not blow the stack). */
function commandShapeIssue(command) {
  const stack = [[command, 1]];
  while (stack.length) {
    const [v, depth] = stack.pop();
    if (v === null || typeof v !== "object") continue;
    if (depth > MAX_COMMAND_DEPTH) {
      return issue("invalid_input", "", `The command is nested deeper than ${MAX_COMMAND_DEPTH} levels.`, { maxDepth: MAX_COMMAND_DEPTH });
    }
    for (const child of Array.isArray(v) ? v : Object.values(v)) if (child !== null && typeof child === "object") stack.push([child, depth + 1]);
  }
  const bytes = Buffer.byteLength(JSON.stringify(command ?? null));
  if (bytes > MAX_COMMAND_BYTES) {
    return issue("too_long", "", `The command is ${bytes} bytes of JSON; at most ${MAX_COMMAND_BYTES}.`, { max: MAX_COMMAND_BYTES, length: bytes });
  }
  return null;
}

/**
 * What a verdict does to the studio, for comparing a command judged at two instants: refused, or
 * the status (and link) of every credit and booking it adds, changes or removes. Timestamps are
 * left out; a credit that comes back available after its expiry counts as expired.
 */
function outcome(res, serverMs) {
  if (!res.ok) return "refused";
  const credit = (k) => {
    const expired = k.status === "available" && k.expiresAt !== null && parseInstant(k.expiresAt) <= serverMs;
    return `${k.id}:${expired ? "expired" : k.status}:${k.bookingId ?? ""}:${k.clientId}:${k.sessionTypeId}`;
  };
  const booking = (b) => `${b.id}:${b.status}:${b.creditId ?? ""}`;
  return JSON.stringify([
    [...res.credits.added, ...res.credits.changed.map((c) => c.after)].map(credit).sort(),
    [...res.bookings.added, ...res.bookings.changed.map((c) => c.after)].map(booking).sort(),
    res.bookings.removed.map((b) => b.id).sort(),
  ]);
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

  /**
   * Judges a queue, entry by entry, in slices: after SLICE_MS of work it writes the slice's
   * refusals and yields to the event loop, so other requests (health, feeds, other desks) are
   * served while a long batch is judged. Another request's commands may be accepted between two
   * slices; each command is judged and committed on its own, so that is the same as two requests.
   * @param {unknown} body @param {{ id: string, role: string }} staff
   */
  async judge(body, staff) {
    if (!isObject(body) || !Array.isArray(body.commands)) {
      return { status: 400, json: { error: "bad_request", message: "Expected { commands: [{ command, ctx }] }." } };
    }
    if (body.commands.length > MAX_COMMANDS_PER_REQUEST) {
      return { status: 413, json: { error: "too_many", message: `At most ${MAX_COMMANDS_PER_REQUEST} commands per request; send the queue in slices.`, max: MAX_COMMANDS_PER_REQUEST } };
    }
    const results = [];
    // a plain loop: on long batches V8 (Node 20) aborted the process in its deoptimizer, lazily
    // deoptimizing #judgeOne inside a builtin continuation (the inlined Array.prototype.map)
    let sliceStart = Date.now();
    for (let i = 0; i < body.commands.length; i++) {
      results.push(this.#judgeSafely(body.commands[i], staff));
      if (Date.now() - sliceStart >= SLICE_MS && i + 1 < body.commands.length) {
        this.#flushRefusals();
        await new Promise((resolve) => setImmediate(resolve));
        sliceStart = Date.now();
      }
    }
    this.#flushRefusals();
    return { status: 200, json: { cursor: this.store.lastSeq(), results } };
  }

  // one bad entry must not stop the ones after it: whatever it throws, it alone is refused
  #judgeSafely(entry, staff) {
    try {
      return this.#judgeOne(entry, staff);
    } catch (e) {
      if (e instanceof StoreFailure) throw e.cause; // the server's fault, not the entry's: 500
      const commandId = isObject(entry) && isObject(entry.ctx) && validCommandId(entry.ctx.commandId) ? entry.ctx.commandId : null;
      this.log(`studio: entry ${commandId ?? "(no valid commandId)"} could not be judged: ${e?.message || e}`);
      return { commandId, ok: false, errors: [issue("invalid_input", "", "This entry could not be judged; it was not stored.")], warnings: [] };
    }
  }

  #pendingRefusals = new Map();

  // refusals are final, so they are stored, but in one transaction per slice (one fsync) rather
  // than one each: written before the answer is sent, which is all finality needs
  #flushRefusals() {
    if (!this.#pendingRefusals.size) return;
    this.store.addRefusals([...this.#pendingRefusals.values()]);
    this.#pendingRefusals.clear();
  }

  #refusal(commandId) {
    return this.#pendingRefusals.get(commandId) || this.store.refusal(commandId);
  }

  #judgeOne(entry, staff) {
    const refuse = (commandId, ...errors) => ({ commandId, ok: false, errors, warnings: [] });
    if (!isObject(entry)) return refuse(null, issue("invalid_input", "", "Each queued entry must be an object { command, ctx }."));
    const ctx = isObject(entry.ctx) ? entry.ctx : {};
    const commandId = ctx.commandId;
    if (commandId === undefined || commandId === null || (typeof commandId === "string" && !commandId.trim())) {
      return refuse(null, issue("required", "commandId", "Every queued command needs a commandId.", { field: "commandId" }));
    }
    // checked before anything is looked up or stored; nothing of a bad id is echoed back
    const badId = commandIdIssue(commandId);
    if (badId) return refuse(null, badId);
    const badShape = commandShapeIssue(entry.command);
    if (badShape) return refuse(commandId, badShape);
    const text = JSON.stringify(entry.command ?? null);

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
    const refusedBefore = this.#refusal(commandId);
    if (refusedBefore) {
      if (canonical(JSON.parse(refusedBefore.command)) !== canonical(entry.command)) {
        return refuse(commandId, issue("duplicate", "commandId",
          `Command id ${commandId} was already refused for a different command.`, { commandId }));
      }
      return { commandId, ok: false, errors: JSON.parse(refusedBefore.errors), warnings: JSON.parse(refusedBefore.warnings), duplicate: true };
    }
    const final = (verdict) => {
      this.#pendingRefusals.set(commandId, {
        commandId,
        command: text,
        errors: JSON.stringify(verdict.errors),
        warnings: JSON.stringify(verdict.warnings),
        staffId: staff.id,
        refusedAt: new Date().toISOString(),
      });
      return verdict;
    };

    const serverMs = this.clock();
    const late = checkNow(ctx.now, serverMs, this.opts);
    if (late) return final(refuse(commandId, late));

    // who acts is the session's business, never the request's
    const serverCtx = { actor: { id: staff.id, role: staff.role }, now: ctx.now, commandId };
    const ruled = this.#timeRule(entry.command, serverCtx, serverMs) || this.#batchLimit(entry.command, serverCtx, staff);
    if (ruled) return final(ruled);
    let res;
    try {
      res = this.engine.apply(entry.command, serverCtx);
    } catch (e) {
      // apply never throws per the contract; a refusal rather than a failed batch
      return final(refuse(commandId, issue("invalid_input", "", String(e?.message || e).slice(0, 200))));
    }
    if (!res.ok) return final({ commandId, ok: false, errors: res.errors, warnings: res.warnings });
    try {
      this.store.addCommand({
        commandId,
        command: text,
        ctx: JSON.stringify(serverCtx),
        staffId: staff.id,
        acceptedAt: new Date().toISOString(),
        warnings: JSON.stringify(res.warnings),
        ledger: JSON.stringify(res.ledger),
        changes: JSON.stringify(changesOf(res)),
      });
    } catch (e) {
      this.restore(); // the engine moved on without the store: back to what is stored
      throw new StoreFailure(e);
    }
    this.opts.afterCommit?.(commandId);
    return { commandId, ok: true, errors: [], warnings: res.warnings };
  }

  /**
   * The offline window is for commands made offline, not for choosing the time rules: a command
   * whose `now` is behind the server's clock is also judged at the server's clock (a preview,
   * nothing applied). When the two outcomes differ (refused, another status for a credit or a
   * booking: a forfeit, an expiry, a late deletion), the earlier outcome stands only if the
   * actor could have it now: the same command forgiven, at the server's clock, gives it (that
   * is, the role holds bookings.forgive). Otherwise the command is refused at `now` — not
   * applied at the server's clock, which would apply an outcome the desk never previewed.
   * @returns a refusal, or null to apply at the command's own `now`
   */
  #timeRule(command, serverCtx, serverMs) {
    const ms = parseInstant(serverCtx.now);
    if (!(ms < serverMs)) return null; // ahead (within the skew): its rules are the stricter ones
    const atClient = this.engine.preview(command, serverCtx);
    if (!atClient.ok) return null; // refused anyway, by apply, with its own reasons
    const serverNow = isoSecond(serverMs);
    const atServer = this.engine.preview(command, { ...serverCtx, now: serverNow });
    const expected = outcome(atClient, serverMs);
    if (outcome(atServer, serverMs) === expected) return null;
    const forgivable = isObject(command) && FORGIVABLE.has(command.type) && command.forgive !== true;
    if (forgivable) {
      const forgiven = this.engine.preview({ ...command, forgive: true }, { ...serverCtx, now: serverNow });
      if (forgiven.ok && outcome(forgiven, serverMs) === expected) return null;
    }
    const what = atServer.ok
      ? `end otherwise${atServer.warnings.length ? ` (${atServer.warnings.map((w) => w.code).join(", ")})` : ""}`
      : `be refused (${atServer.errors.map((e) => e.code).join(", ")})`;
    const needs = forgivable || command?.type === "deleteBooking"
      ? `only a role with bookings.forgive may have the outcome of ${serverCtx.now}`
      : `no role may have the outcome of ${serverCtx.now}`;
    return {
      commandId: serverCtx.commandId, ok: false, warnings: [],
      errors: [issue("permission_denied", "now",
        `At the server's clock (${serverNow}) this command would ${what}; ${needs}. Make it again (a new command) to have it judged now.`,
        { now: serverCtx.now, serverNow, role: serverCtx.actor.role, ...(forgivable || command?.type === "deleteBooking" ? { permission: "bookings.forgive" } : {}),
          atServer: { ok: atServer.ok, errors: atServer.errors.map((e) => e.code), warnings: atServer.warnings.map((w) => w.code) } })],
    };
  }

  /**
   * A role's maxCreditsPerAction counts a `batch` command as one action: the engine checks each
   * command of it alone, so three grants of 5 would pass a limit of 5.
   */
  #batchLimit(command, serverCtx, staff) {
    if (!isObject(command) || command.type !== "batch") return null;
    const max = this.#policy().roles?.[staff.role]?.maxCreditsPerAction;
    if (typeof max !== "number") return null;
    const res = this.engine.preview(command, serverCtx);
    if (!res.ok) return null;
    const total = res.ledger.filter((e) => LIMITED_KINDS.has(e.kind)).reduce((n, e) => n + (e.quantity || 0), 0);
    if (total <= max) return null;
    return {
      commandId: serverCtx.commandId, ok: false, warnings: [],
      errors: [issue("limit_exceeded", "commands",
        `The ${staff.role} role may grant, remove or transfer at most ${max} credits in one action; this batch moves ${total}.`,
        { max, total })],
    };
  }

  #policyCache = null;
  #policy() {
    return (this.#policyCache ??= JSON.parse(this.store.meta("policy")));
  }

  /**
   * SPEC Changes since `since` (a seq): records in their final state, each id once. A booking
   * created and deleted since then is in neither list; one that existed before and is gone is in
   * remove.bookings.
   */
  changesSince(since, limit = MAX_CHANGES_PAGE) {
    const credits = new Map();
    const bookings = new Map();
    const created = new Set();
    const removed = new Set();
    const appliedCommandIds = [];
    let cursor = since;
    for (const row of this.store.changesSince(since, limit)) {
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
      more: cursor < this.store.lastSeq(),
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

  ledger(since, limit = MAX_LEDGER_PAGE) {
    const records = this.store.ledgerSince(since, limit).map((r) => ({
      seq: r.seq,
      commandId: r.commandId,
      staffId: r.staffId,
      acceptedAt: r.acceptedAt,
      command: JSON.parse(r.command),
      ctx: JSON.parse(r.ctx),
      warnings: JSON.parse(r.warnings),
      ledger: JSON.parse(r.ledger),
    }));
    const cursor = records.length ? records[records.length - 1].seq : since;
    return { studioId: this.studioId, cursor, more: cursor < this.store.lastSeq(), records };
  }
}
