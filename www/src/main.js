// Front-desk dashboard for the session-credits engine, in front of the sync server.
//
// Staff sign in (GET/POST/DELETE /api/session; the acting role is the session's). The studio comes
// from the server: GET /api/snapshot builds the *confirmed* engine (the server's state as of a
// cursor, with the commandIds it accepted), later moved on only by its changes feed
// (GET /api/changes?since=cursor → confirmed.patch(changes)). What the screens show is the *view*:
// confirmed.clone() with the pending queue replayed (SPEC §4, the rebase recipe). Confirming a form
// applies the command to the view and queues it (IndexedDB, offline too); Sync pulls the changes,
// rebases, shows what would now be refused (Discard / Edit) and then posts the queue; the server's
// refusals are shown the same way, accepted commands leave the queue. See www/README.md.
//
// Layout: main.js (boot) · session.js (who is signed in) · engines.js (the confirmed and view
// engines, the queue and its rebase, apply) · sync.js (pull, reconnect, Sync) · shell.js (header,
// tabs, what-ifs, redraw) · toasts.js · api.js (the HTTP API) · state.js (shared state, the `app`
// handle) · store.js (IndexedDB) · money.js (values in the policy's currency) · views/ (clients,
// client, membership, today, liability, outbox, signin) · forms/ (one module per command; bulk.js shared
// by the bulk screens) · edit.js (reopening a queued command's form) · form.js (the dialog that
// previews on every keystroke) · fragments.js (the engine's answers drawn) · answers.js (what the
// dashboard asks the engine instead of copying its rules).

import { h, replace } from "./dom.js";
import { S, app } from "./state.js";
import { loadJournal } from "./store.js";
import { whoAmI } from "./session.js";
import { loadStudio, rebase, refreshData, applyCommand, discardEntry, editEntry, endEdit } from "./engines.js";
import { sync } from "./sync.js";
import { buildShell, renderAll, openClient, registerServiceWorker, checkClock } from "./shell.js";
import "./styles.css";

app.apply = (command, label, options, replaces) => applyCommand(command, label, options, replaces);
app.rerender = () => { refreshData(); renderAll(); };
app.openClient = (id, opts) => openClient(id, opts);
app.sync = (opts) => sync(opts);
app.discard = (entry) => discardEntry(entry);
app.edit = (entry) => editEntry(entry);
app.endEdit = () => endEdit();

// ---- boot ---------------------------------------------------------------------------------------

boot().catch((err) => {
  console.warn(err);
  replace(document.getElementById("app"),
    h("div", { class: "fatal", role: "alert" }, h("h2", null, "The dashboard could not start"), h("p", null, String(err?.message || err)),
      err?.issues ? h("ul", null, err.issues.slice(0, 20).map((i) => h("li", null, `${i.path}: ${i.message}`))) : null));
});

async function boot() {
  registerServiceWorker();
  try {
    S.journal = await loadJournal();
  } catch (e) {
    console.warn("IndexedDB unavailable; the queue will not survive a reload", e);
    S.journal = [];
  }
  await whoAmI();
  await loadStudio();
  rebase();
  buildShell();
  refreshData();
  renderAll();
  checkClock();
  followClock();
  document.documentElement.dataset.ready = "1";
}

/** "now" is the clock: redraw when its minute changes (not while a dialog is open). */
function followClock() {
  let minute = Math.floor(Date.now() / 60_000);
  setInterval(() => {
    const m = Math.floor(Date.now() / 60_000);
    if (m === minute || S.whatIfNow || document.querySelector("dialog[open]")) return;
    minute = m;
    app.rerender();
  }, 15_000);
}

