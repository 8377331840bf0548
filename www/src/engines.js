// The two engines of the rebase and the queue (README "Sync"): *confirmed* — the server's state as
// of a cursor, built from GET /api/snapshot and moved on only by the changes feed (sync.js) — and
// the *view* = confirmed.clone() with the pending queue replayed, which every screen and preview
// uses. Also the data the screens are drawn from (refreshData) and applying a confirmed form's
// command to the view and queueing it (IndexedDB).

import { Engine } from "session-credits";
import { isoUtc, plural } from "./dom.js";
import { S, app, sessionActor, isPending, pendingEntries } from "./state.js";
import { expiredAtNow } from "./answers.js";
import { putEntry, deleteEntry, loadServerState, saveServerState, ACCEPTED_KEPT } from "./store.js";
import * as api from "./api.js";
import { editOpener } from "./edit.js";
import { withSession } from "./sync.js";
import { renderAll } from "./shell.js";
import { toast } from "./toasts.js";

/** The studio: GET /api/snapshot when online, else the copy kept from the last time. */
export async function loadStudio() {
  let failure = null;
  if (navigator.onLine) {
    try {
      const { data } = await withSession(() => api.getSnapshot());
      await adoptSnapshot(data);
      return;
    } catch (e) {
      // unreachable or failing: the copy kept from the last time, if there is one
      if (!(e instanceof api.Offline)) console.warn("GET /api/snapshot failed; starting from the kept copy", e);
      failure = e;
    }
  }
  const kept = await loadServerState().catch(() => null);
  if (!kept) {
    if (failure && !(failure instanceof api.Offline)) throw failure;
    throw new Error("The studio has not been loaded on this device yet: connect and sign in once.");
  }
  S.studioId = kept.studioId;
  S.cursor = kept.cursor;
  S.serverPolicy = JSON.parse(kept.policyJson);
  S.appliedIds = new Set(kept.appliedCommandIds);
  buildConfirmed(kept.snapshotJson);
}

export async function adoptSnapshot(data) {
  S.studioId = data.studioId;
  S.cursor = data.cursor;
  S.serverPolicy = data.policy;
  S.appliedIds = new Set(data.appliedCommandIds);
  buildConfirmed(JSON.stringify(data.snapshot));
  await keepServerState();
}

/** The confirmed engine: the server's snapshot under the current policy, with its accepted ids. */
export function buildConfirmed(snapshotJson) {
  S.policy = demoPolicy();
  S.tz = S.policy.timezone;
  const engine = Engine.fromJson(JSON.stringify(S.policy), snapshotJson);
  // a queued command the server already accepted (its answer lost) is then refused as applied
  if (S.appliedIds.size) engine.patch({ appliedCommandIds: [...S.appliedIds] });
  const old = S.confirmed;
  S.confirmed = engine;
  old?.free(); // wasm memory now, not at some later garbage collection
}

export function keepServerState() {
  return saveServerState({
    studioId: S.studioId, cursor: S.cursor, policyJson: JSON.stringify(S.serverPolicy),
    snapshotJson: JSON.stringify(S.confirmed.snapshot()), appliedCommandIds: [...S.appliedIds],
  }).catch((e) => console.warn("could not keep the server's state for offline use", e));
}

/** The demo's own policy settings (header toggles), on top of the studio's policy. */
export function demoPolicy() {
  return { ...S.serverPolicy, autoPayUnpaid: localStorage.getItem("sc.autopay") === "1" };
}

export function setAutopay(on) {
  if (on) localStorage.setItem("sc.autopay", "1");
  else localStorage.removeItem("sc.autopay");
  buildConfirmed(JSON.stringify(S.confirmed.snapshot()));
  rebase();
  refreshData();
  renderAll();
  toast(on ? "Autopay on: credits that arrive pay the client's future unpaid bookings." : "Autopay off.");
}

// ---- the queue and the rebase -------------------------------------------------------------------

/**
 * view = confirmed.clone(); view.replay(pending queue). Each pending entry gets its replay verdict
 * (`replay`: "ok" | "refused", `replayErrors`). The replay judges as the signed-in staff member
 * (the server ignores the queued ctx.actor). A pending command the server already accepted leaves
 * the queue here (its answer was lost, the feed listed it).
 */
export function rebase() {
  for (const e of S.journal) {
    if (isPending(e) && S.appliedIds.has(e.commandId)) {
      e.server = { ok: true, duplicate: true, errors: [], warnings: e.warnings || [], at: new Date().toISOString() };
      putEntry(e).catch(() => {});
    }
  }
  const pending = pendingEntries().filter((e) => e.commandId !== S.editingId);
  const view = S.confirmed.clone();
  const actor = sessionActor();
  const rr = view.replay(pending.map((e) => ({ command: e.command, ctx: actor ? { ...e.ctx, actor } : e.ctx })));
  rr.results.forEach((r, i) => {
    const e = pending[i];
    e.replay = r.ok ? "ok" : "refused";
    e.replayErrors = r.errors;
  });
  const old = S.engine;
  S.engine = view;
  if (old && old !== S.confirmed) old.free();
  S.conflicts = pending.some((e) => e.replay === "refused");
  pruneAccepted();
}

export function pruneAccepted() {
  const accepted = S.journal.filter((e) => !isPending(e));
  for (const e of accepted.slice(0, Math.max(0, accepted.length - ACCEPTED_KEPT))) {
    S.journal.splice(S.journal.indexOf(e), 1);
    deleteEntry(e.commandId).catch(() => {});
  }
}

export async function discardEntry(entry) {
  const i = S.journal.indexOf(entry);
  if (i >= 0) S.journal.splice(i, 1);
  await deleteEntry(entry.commandId).catch((e) => console.warn("could not delete the entry", e));
  rebase();
  app.rerender();
  toast(`Discarded: ${entry.label || entry.command.type}. It will not be sent.`);
}

/** Reopens a queued command's form, prefilled, on the view without it; saving replaces it. */
export function editEntry(entry) {
  const open = editOpener(entry);
  if (!open) { toast("This command cannot be reopened (what it refers to is gone): discard it instead.", "error"); return; }
  S.editingId = entry.commandId;
  rebase();
  refreshData();
  renderAll();
  app.editing = entry;
  open();
  app.editing = null;
}

export function endEdit() {
  if (!S.editingId) return;
  S.editingId = null;
  rebase();
  app.rerender();
}

// ---- derived data -------------------------------------------------------------------------------

export function refreshData() {
  S.snap = S.engine.snapshot();
  S.types = new Map(S.snap.sessionTypes.map((t) => [t.id, t]));
  S.clients = new Map(S.snap.clients.map((c) => [c.id, c]));
  const group = (arr) => {
    const m = new Map();
    for (const x of arr) {
      let l = m.get(x.clientId);
      if (!l) { l = []; m.set(x.clientId, l); }
      l.push(x);
    }
    return m;
  };
  S.creditsByClient = group(S.snap.credits);
  S.bookingsByClient = group(S.snap.bookings);
  S.membershipsByClient = group(S.snap.memberships);
  S.expiredNow = expiredAtNow();
  let rows;
  try {
    rows = S.engine.balances({ asOf: S.now });
  } catch {
    rows = S.engine.balances();
  }
  S.balances = new Map();
  for (const r of rows) {
    if (!S.balances.has(r.clientId)) S.balances.set(r.clientId, new Map());
    S.balances.get(r.clientId).set(r.sessionTypeId, r);
  }
  // drop checks on credits that no longer belong to the current client view
  const ids = new Set((S.creditsByClient.get(S.currentClientId) || []).map((c) => c.id));
  for (const id of [...S.checkedCredits]) if (!ids.has(id)) S.checkedCredits.delete(id);
}

// ---- applying -----------------------------------------------------------------------------------

export function newCommandId() {
  // short but unique: time + 48 random bits ("w-mi5x8k2a-3f9c1e7b2d4a"); ids of created records
  // derive from it (<commandId>:1 …), so it also ends up in tables
  const b = crypto.getRandomValues(new Uint8Array(6));
  return `w-${Date.now().toString(36)}-${Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("")}`;
}

const refusal = (code, message) => ({ ok: false, errors: [{ code, path: "", message }], warnings: [] });

/**
 * Applies a confirmed command to the view and queues it, as the signed-in staff member at the
 * device's clock. `replaces`: the queued entry an Edit reopened (it keeps its place in the queue).
 */
export async function applyCommand(command, label, options, replaces) {
  if (S.whatIf) return refusal("what_if", app.whatIf());
  const actor = sessionActor();
  if (!actor) return refusal("unauthorized", "Sign in first: commands are queued as the signed-in staff member.");
  const commandId = newCommandId();
  const ctx = { actor, now: isoUtc(Date.now()), commandId };
  const res = S.engine.apply(command, ctx, options);
  if (!res.ok) return res;
  const entry = { commandId, seq: 0, command, ctx, label, appliedAt: new Date().toISOString(),
    ledger: res.ledger, warnings: res.warnings, server: null, replay: "ok" };
  if (replaces) {
    entry.seq = replaces.seq;
    const i = S.journal.indexOf(replaces);
    S.journal.splice(i >= 0 ? i : S.journal.length, i >= 0 ? 1 : 0, entry);
    await deleteEntry(replaces.commandId).catch(() => {});
    S.editingId = null;
  } else {
    entry.seq = (S.journal.at(-1)?.seq || 0) + 1;
    S.journal.push(entry);
  }
  try {
    await putEntry(entry);
  } catch (e) {
    console.warn("could not store the command", e);
    toast("Applied, but this browser could not store it: it will not survive a reload.", "error");
  }
  if (replaces) rebase(); // the edited command keeps its place: replay the queue in order
  refreshData();
  renderAll();
  toast(`${label}: ${replaces ? "edited in the queue" : "applied"} (${plural(res.ledger.length, "ledger entry", "ledger entries")}). Waiting for Sync.`);
  return res;
}
