// The offline journal: every command applied in this browser, in order, kept in IndexedDB.
// On start the app replays it on top of the sample studio; Sync sends the entries the server has
// not answered yet. Record: { commandId, seq, command, ctx, appliedAt, server: null | verdict }.

const DB_NAME = "session-credits-demo";
const STORE = "journal";

let dbPromise = null;
function db() {
  if (!dbPromise) {
    dbPromise = new Promise((resolve, reject) => {
      const req = indexedDB.open(DB_NAME, 1);
      req.onupgradeneeded = () => {
        const d = req.result;
        if (!d.objectStoreNames.contains(STORE)) d.createObjectStore(STORE, { keyPath: "commandId" });
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  }
  return dbPromise;
}

function tx(mode, fn) {
  return db().then((d) => new Promise((resolve, reject) => {
    const t = d.transaction(STORE, mode);
    const store = t.objectStore(STORE);
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
  const all = await tx("readonly", (s) => reqP(s.getAll()));
  return (all || []).sort((a, b) => a.seq - b.seq);
}

export function putEntry(entry) {
  // IndexedDB clones the value: keep only plain data
  return tx("readwrite", (s) => reqP(s.put(JSON.parse(JSON.stringify(entry)))));
}

export function clearJournal() {
  return tx("readwrite", (s) => reqP(s.clear()));
}
