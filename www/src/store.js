// What this browser keeps in IndexedDB (`session-credits-demo`):
//
// * `journal` — the command queue: every command confirmed in this browser, in order.
//   Record: { commandId, seq, command, ctx, label, appliedAt, ledger, warnings,
//             server: null | { ok, errors, warnings, duplicate?, at } }.
//   An entry is *pending* until the server accepts it (`server.ok`); an accepted one has left the
//   queue and is kept only as history (the outbox's "Accepted" list, the audit log), the newest
//   ACCEPTED_KEPT of them. A refused one stays pending until the desk discards or edits it.
// * `server` — the last known server state, for an offline start: one record under the key
//   "studio": { studioId, cursor, policyJson, snapshotJson, appliedCommandIds }.

const DB_NAME = "session-credits-demo";
const JOURNAL = "journal";
const SERVER = "server";
export const ACCEPTED_KEPT = 50;

let dbPromise = null;
function db() {
  if (!dbPromise) {
    dbPromise = new Promise((resolve, reject) => {
      const req = indexedDB.open(DB_NAME, 2);
      req.onupgradeneeded = () => {
        const d = req.result;
        if (!d.objectStoreNames.contains(JOURNAL)) d.createObjectStore(JOURNAL, { keyPath: "commandId" });
        if (!d.objectStoreNames.contains(SERVER)) d.createObjectStore(SERVER);
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  }
  return dbPromise;
}

function tx(storeName, mode, fn) {
  return db().then((d) => new Promise((resolve, reject) => {
    const t = d.transaction(storeName, mode);
    const store = t.objectStore(storeName);
    let result;
    Promise.resolve(fn(store)).then((r) => { result = r; });
    t.oncomplete = () => resolve(result);
    t.onerror = () => reject(t.error);
    t.onabort = () => reject(t.error);
  }));
}

function reqP(req) {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

export async function loadJournal() {
  const all = await tx(JOURNAL, "readonly", (s) => reqP(s.getAll()));
  return (all || []).sort((a, b) => a.seq - b.seq);
}

export function putEntry(entry) {
  // IndexedDB clones the value: keep only plain data
  return tx(JOURNAL, "readwrite", (s) => reqP(s.put(JSON.parse(JSON.stringify(entry)))));
}

export function deleteEntry(commandId) {
  return tx(JOURNAL, "readwrite", (s) => reqP(s.delete(commandId)));
}

export function clearJournal() {
  return tx(JOURNAL, "readwrite", (s) => reqP(s.clear()));
}

export function loadServerState() {
  return tx(SERVER, "readonly", (s) => reqP(s.get("studio")));
}

export function saveServerState(state) {
  return tx(SERVER, "readwrite", (s) => reqP(s.put(state, "studio")));
}

export function clearServerState() {
  return tx(SERVER, "readwrite", (s) => reqP(s.clear()));
}
