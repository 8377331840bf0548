// The sync server's HTTP API (www/README.md, "HTTP API"), same origin: the HttpOnly session
// cookie goes with every request by itself. `call` never logs: a 401 is an answer the app expects
// (not signed in, session expired, wrong PIN) and is handled by the caller.

export class Unauthorized extends Error {
  constructor(body) {
    super(body?.message || "Not signed in.");
    this.code = body?.error || "unauthorized";
    this.body = body;
  }
}

export class HttpFailure extends Error {
  constructor(status, body) {
    super(body?.message ? `${body.message} (HTTP ${status})` : `The server answered ${status}.`);
    this.status = status;
    this.code = body?.error;
    this.body = body;
  }
}

/** The network is down or the server unreachable (the queue is kept). */
export class Offline extends Error {}

/**
 * JSON in and out. Resolves to { status, data } for 2xx and for the statuses listed in `accept`;
 * throws Unauthorized for 401, Offline when no answer came, HttpFailure otherwise.
 */
export async function call(method, path, body, { accept = [] } = {}) {
  let res;
  try {
    res = await fetch(path, {
      method,
      credentials: "same-origin",
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new Offline(navigator.onLine ? `The server could not be reached (${e.message || e}).` : "This device is offline.");
  }
  const text = res.status === 204 ? "" : await res.text();
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch { data = null; }
  }
  if (res.ok || accept.includes(res.status)) return { status: res.status, data };
  if (res.status === 401) throw new Unauthorized(data);
  throw new HttpFailure(res.status, data);
}

export const getSession = () => call("GET", "/api/session");
export const signIn = (staffId, pin) => call("POST", "/api/session", { staffId, pin });
export const signOut = () => call("DELETE", "/api/session");
export const getHealth = () => call("GET", "/api/health");
export const getSnapshot = () => call("GET", "/api/snapshot");
export const getChanges = (since) => call("GET", `/api/changes?since=${encodeURIComponent(since)}`, undefined, { accept: [409] });
export const postCommands = (commands) => call("POST", "/api/commands", { commands });
