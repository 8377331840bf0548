// A simulated front desk, doing what the dashboard's sync does (www/README.md, SPEC §4 rebase
// recipe):
//
// * `confirmed`: an Engine holding the server's state as of `cursor` (GET /api/snapshot once, then
//   patched from GET /api/changes, appliedCommandIds included);
// * `pending`: the queue of { command, ctx } not answered yet;
// * `local`: the optimistic view = confirmed.clone() + replay(pending); new commands are built from
//   it and applied on it; one it refuses is shown to the desk and not queued;
// * sync = pull changes → patch confirmed → rebase → POST the queue → record each verdict → pull
//   again. A network error anywhere stops the sync; the queue stays and is sent again next time.
//   A queued command the rebase refuses as duplicate@commandId was accepted already (its answer was
//   lost): it leaves the queue.
//
// The harness's own checks ride along (`violations`): a rebase must never apply again a command
// whose acceptance the client has already seen in the feed (an independent record: `seenApplied`).

import { Engine } from "session-credits";
import { NetError } from "./network.mjs";

export class Client {
  /**
   * @param {{ name: string, staff: { id: string, role: string }, cookie: string, net: import("./network.mjs").Network, log: (s: string) => void, retry?: () => boolean, opts?: { patchAppliedIds?: boolean, replayOnConfirmed?: boolean } }} a
   *   retry: whether to send a failed POST again at once (the world's PRNG decides)
   */
  constructor({ name, staff, cookie, net, log, retry = () => false, opts = {} }) {
    Object.assign(this, { name, staff, cookie, net, log, retry });
    this.opts = { patchAppliedIds: true, replayOnConfirmed: false, ...opts };
    this.online = true;
    this.pending = [];
    /** commandId → { ok, errors?, cursor, via: "answer" | "feed" | "rebase" } : what this desk knows */
    this.verdicts = new Map();
    /** every verdict received in an answer, with the cursor of that answer (checked at the end) */
    this.answers = [];
    /** commandIds this desk queued, in order */
    this.queued = [];
    this.seenApplied = new Set();
    this.violations = [];
    this.stats = { syncs: 0, syncsCompleted: 0, syncErrors: 0, rebaseDuplicates: 0, rebaseConflicts: 0, lateAccepted: 0, refusedLocally: 0, retries: 0 };
    this.seq = 0;
  }

  get actor() {
    return { id: this.staff.id, role: this.staff.role };
  }

  async #call(method, path, body) {
    return this.net.request({ method, path, body, cookie: this.cookie, who: this.name });
  }

  /** GET /api/snapshot: the starting point (setup, or a reset after 409). */
  async load() {
    const r = await this.#call("GET", "/api/snapshot");
    if (r.status !== 200) throw new Error(`${this.name}: snapshot answered ${r.status}: ${r.text}`);
    const { policy, snapshot, cursor, appliedCommandIds, studioId } = r.json;
    this.studioId = studioId;
    this.policy = policy;
    this.confirmed = Engine.fromJson(JSON.stringify(policy), JSON.stringify(snapshot));
    if (this.opts.patchAppliedIds && appliedCommandIds.length) this.confirmed.patch({ appliedCommandIds });
    for (const id of appliedCommandIds) this.#sawApplied(id, cursor);
    this.cursor = cursor;
    this.rebase();
  }

  #sawApplied(id, cursor) {
    this.seenApplied.add(id);
    const v = this.verdicts.get(id);
    if (v && !v.ok) {
      // refused in an answer, accepted since by a copy of the request that arrived later
      this.stats.lateAccepted++;
      this.log(`${this.name}: ${id} was refused (${v.errors.map((e) => e.code).join(",")}) at cursor ${v.cursor}, then accepted by a later copy`);
    }
    if (this.queued.includes(id) && (!v || !v.ok)) this.verdicts.set(id, { ok: true, cursor, via: "feed" });
  }

  /** local = confirmed.clone() + replay(pending); drops what the server has accepted already. */
  rebase() {
    // (mutant replayOnConfirmed: the recipe's "never" — the confirmed copy takes the queue too)
    this.local = this.opts.replayOnConfirmed ? this.confirmed : this.confirmed.clone();
    this.localSnap = null;
    if (!this.pending.length) return;
    const res = this.local.replay(this.pending);
    const keep = [];
    res.results.forEach((r, i) => {
      const entry = this.pending[i];
      const id = entry.ctx.commandId;
      if (r.ok) {
        if (this.seenApplied.has(id)) {
          this.violations.push(`${this.name}: rebase applied ${id} (${entry.command.type}) again although the feed listed it as accepted`);
        }
        keep.push(entry);
      } else if (r.errors.some((e) => e.code === "duplicate" && e.path === "commandId")) {
        this.stats.rebaseDuplicates++;
        if (!this.verdicts.get(id)?.ok) this.verdicts.set(id, { ok: true, cursor: this.cursor, via: "rebase" });
      } else {
        // another desk's change came first; the server is the judge, so it stays queued
        this.stats.rebaseConflicts++;
        const ctxIssue = r.errors.find((e) => ["actor.role", "actor", "now", "commandId"].includes(e.path));
        if (ctxIssue) this.violations.push(`${this.name}: rebase refused ${id} for its context (${ctxIssue.code}@${ctxIssue.path}): the queue lost what apply had`);
        keep.push(entry);
      }
    });
    if (keep.length !== this.pending.length || res.refused) {
      this.log(`${this.name} rebase over cursor ${this.cursor}: ${res.applied} applied, ${this.pending.length - keep.length} accepted already, ${res.refused - (this.pending.length - keep.length)} in conflict`);
    }
    this.pending = keep;
  }

  /** The optimistic view, as plain data (cached until the next change). */
  view() {
    this.localSnap ??= this.local.snapshot();
    return this.localSnap;
  }

  /** Applies a command optimistically; queued when the local engine accepts it. */
  queue(command, now) {
    const commandId = `${this.name}-${++this.seq}`;
    const ctx = { actor: this.actor, now, commandId };
    const res = this.local.apply(command, ctx);
    if (!res.ok) {
      this.stats.refusedLocally++;
      return { queued: false, commandId, errors: res.errors };
    }
    this.localSnap = null;
    // the actor goes with it (the local replay needs it; the server takes the session's instead)
    this.pending.push({ command, ctx });
    this.queued.push(commandId);
    return { queued: true, commandId };
  }

  async #pull() {
    const r = await this.#call("GET", `/api/changes?since=${this.cursor}`);
    if (r.status === 409) {
      this.violations.push(`${this.name}: 409 cursor_ahead at cursor ${this.cursor} (server at ${r.json?.cursor}): the same database should never go back`);
      await this.load();
      return;
    }
    if (r.status !== 200) throw new NetError("status", `changes answered ${r.status}: ${r.text.slice(0, 200)}`);
    const { cursor, changes, studioId } = r.json;
    if (studioId !== this.studioId) this.violations.push(`${this.name}: studioId changed`);
    const patch = this.opts.patchAppliedIds ? changes : { ...changes, appliedCommandIds: [] };
    try {
      this.confirmed.patch(patch);
    } catch (e) {
      this.violations.push(`${this.name}: patch of the feed since ${this.cursor} refused: ${JSON.stringify(e.issues ?? e.message).slice(0, 300)}`);
      throw e;
    }
    for (const id of changes.appliedCommandIds) this.#sawApplied(id, cursor);
    this.cursor = cursor;
    this.rebase();
    if (r.json.more) await this.#pull(); // the feed comes in pages
  }

  async #push() {
    if (!this.pending.length) return;
    const sent = this.pending.slice();
    const r = await this.#call("POST", "/api/commands", { commands: sent });
    if (r.status !== 200) throw new NetError("status", `commands answered ${r.status}: ${r.text.slice(0, 200)}`);
    const { cursor, results } = r.json;
    if (results.length !== sent.length) this.violations.push(`${this.name}: ${sent.length} sent, ${results.length} results`);
    const answered = new Set();
    results.forEach((v, i) => {
      const id = sent[i].ctx.commandId;
      if (v.commandId !== id) this.violations.push(`${this.name}: result ${i} is for ${v.commandId}, sent ${id}`);
      this.answers.push({ commandId: id, ok: v.ok, errors: v.errors, cursor, duplicate: !!v.duplicate });
      if (v.ok || !this.verdicts.get(id)?.ok) this.verdicts.set(id, { ok: v.ok, errors: v.errors, cursor, via: "answer" });
      answered.add(id);
    });
    this.pending = this.pending.filter((e) => !answered.has(e.ctx.commandId));
  }

  /** One sync; false when the network or the server stopped it half-way. */
  async sync() {
    this.stats.syncs++;
    try {
      await this.#pull();
      try {
        await this.#push();
      } catch (e) {
        // the dashboard's retry: the same queue again at once, before any pull (so the server,
        // not the feed, must tell which of them it accepted already)
        if (!(e instanceof NetError) || !this.retry()) throw e;
        this.stats.retries++;
        this.log(`${this.name} retries its POST`);
        await this.#push();
      }
      await this.#pull();
      this.stats.syncsCompleted++;
      return true;
    } catch (e) {
      if (!(e instanceof NetError)) throw e;
      this.stats.syncErrors++;
      // the view must still be confirmed + pending after a half-done sync
      this.rebase();
      return false;
    }
  }
}
