// Sync with the server (README "Sync"): one round trip at a time; pull (the changes feed patches
// the confirmed engine; a reset server → its snapshot again), reconnect (pull and rebase, nothing
// sent), Sync (pull, rebase, stop on what would now be refused unless forced, POST the queue,
// record the verdicts, pull again) and "Reset demo".

import { plural } from "./dom.js";
import { S, app, pendingEntries } from "./state.js";
import { putEntry, clearJournal, clearServerState } from "./store.js";
import * as api from "./api.js";
import { signIn, setSession } from "./session.js";
import { adoptSnapshot, keepServerState, rebase } from "./engines.js";
import { el, renderHeader } from "./shell.js";
import { toast } from "./toasts.js";

// ---- sync ---------------------------------------------------------------------------------------

let busy = Promise.resolve();
/** Server round trips one at a time (a reconnect and a click on Sync do not interleave). */
export function exclusive(fn) {
  const run = busy.then(fn, fn);
  busy = run.catch(() => {});
  return run;
}

/** Runs a call; on 401 shows the sign-in form and runs it again. */
export async function withSession(fn) {
  try {
    return await fn();
  } catch (e) {
    if (!(e instanceof api.Unauthorized)) throw e;
    await signIn("Your session has ended: sign in again to sync.");
    renderHeader();
    return fn();
  }
}

/** The most commands the server judges in one request (its MAX_COMMANDS_PER_REQUEST). */
const MAX_POST = 1000;

/**
 * Brings the confirmed engine up to the server: GET /api/changes?since=cursor → patch. 409
 * cursor_ahead or another studioId (the server's database was reset) → start again from the
 * snapshot. Returns true when something changed.
 */
export async function pull() {
  const { status, data } = await withSession(() => api.getChanges(S.cursor));
  if (status === 409 || data.studioId !== S.studioId) {
    const { data: snap } = await withSession(() => api.getSnapshot());
    await adoptSnapshot(snap);
    toast("The server's studio was reset or replaced: reloaded from its snapshot. Your queue is kept and replayed on it.", "error");
    return true;
  }
  const ch = data.changes;
  const empty = data.cursor === S.cursor && !ch.credits.length && !ch.bookings.length && !(ch.remove?.bookings || []).length;
  if (empty) return false;
  try {
    S.confirmed.patch(ch); // it carries appliedCommandIds: the confirmed copy refuses those as applied
  } catch (e) {
    console.warn("the changes feed did not patch; reloading from the snapshot", e);
    const { data: snap } = await withSession(() => api.getSnapshot());
    await adoptSnapshot(snap);
    return true;
  }
  for (const id of ch.appliedCommandIds || []) S.appliedIds.add(id);
  S.cursor = data.cursor;
  await keepServerState();
  if (data.more) await pull(); // the feed comes in pages (www/README.md)
  return true;
}

/** Back online: bring in the server's changes and rebase; nothing is sent until Sync. */
export function reconnect() {
  if (!S.session) return;
  exclusive(async () => {
    // the session may have been known only from this device while offline: ask the server now
    const { data } = await withSession(() => api.getSession());
    setSession(data.staff, true);
    await pull();
    rebase();
    app.rerender();
    if (S.conflicts) toast("Back online: some queued commands would now be refused. See the queue before you sync.", "error");
  }).catch(showError);
}

/**
 * Sync: pull and rebase; when queued commands would now be refused, stop and show them (unless
 * `force`); else POST /api/commands with the pending queue, record the server's verdicts and pull
 * again (the confirmed copy moves on by the feed, never by re-applying what the server applied).
 */
export function sync({ force = false } = {}) {
  return exclusive(async () => {
    if (!navigator.onLine) { toast("Offline: the queue is kept on this device; sync when the network is back.", "error"); return; }
    el.syncBtn.disabled = true;
    try {
      await pull();
      rebase();
      app.rerender();
      const pending = pendingEntries();
      if (!pending.length) { toast("Up to date: nothing is waiting for the server."); return; }
      if (S.conflicts && !force) {
        const n = pending.filter((e) => e.replay === "refused").length;
        toast(`${plural(n, "queued command")} would now be refused: discard or edit ${n === 1 ? "it" : "them"} before sending.`, "error");
        document.getElementById("conflicts")?.scrollIntoView({ block: "nearest" });
        return;
      }
      let accepted = 0, refused = 0;
      const at = new Date().toISOString();
      // the server takes at most MAX_POST commands per request: a long queue goes in slices, in order
      for (let from = 0; from < pending.length; from += MAX_POST) {
        const slice = pending.slice(from, from + MAX_POST);
        const { data } = await withSession(() => api.postCommands(slice.map((e) => ({ command: e.command, ctx: e.ctx }))));
        (data.results || []).forEach((res, i) => {
          const e = slice[i];
          if (!e) return;
          e.server = { ok: !!res.ok, errors: res.errors || [], warnings: res.warnings || [], duplicate: !!res.duplicate, at };
          res.ok ? accepted++ : refused++;
        });
      }
      for (const e of pending) await putEntry(e).catch((err) => console.warn("could not store the verdict", err));
      await pull();
      rebase();
      app.rerender();
      toast(`Server: ${accepted} accepted${refused ? `, ${refused} refused — see the queue` : ""}.`, refused ? "error" : "ok");
    } catch (err) {
      showError(err);
    } finally {
      el.syncBtn.disabled = false;
    }
  });
}

export function showError(err) {
  if (err instanceof api.Offline) toast(`${err.message} The queue is kept; sync again when online.`, "error");
  else { console.warn(err); toast(`Sync failed: ${err.message || err}. The queue is kept.`, "error"); }
}

export async function resetDemo() {
  if (!confirm("Forget this browser's queue and its copy of the studio, and load the studio from the server again?")) return;
  await clearJournal();
  await clearServerState();
  location.reload();
}
