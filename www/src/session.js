// Who is signed in: GET /api/session at start (the sign-in dialog on 401; offline, the last known
// staff member), sign-in and sign-out. The acting role of every queued command is the session's.

import * as api from "./api.js";
import { S, app } from "./state.js";
import { signInDialog } from "./views/signin.js";
import { rebase } from "./engines.js";
import { renderHeader } from "./shell.js";
import { toast } from "./toasts.js";

/** The signed-in staff member: GET /api/session, the sign-in form on 401, the last known offline. */
export async function whoAmI() {
  const known = readKnownSession();
  if (!navigator.onLine) {
    if (known) { S.session = known; return; }
    throw new Error("This device is offline and nobody has signed in on it yet: connect to the studio's network and sign in.");
  }
  try {
    const { data } = await api.getSession();
    setSession(data.staff, true);
  } catch (e) {
    if (e instanceof api.Unauthorized) {
      await signIn(known ? "Your session has ended: sign in again." : null);
    } else if (e instanceof api.Offline && known) {
      S.session = known;
    } else throw e;
  }
}

export function readKnownSession() {
  try { return JSON.parse(localStorage.getItem("sc.staff") || "null"); } catch { return null; }
}

export function setSession(staff, fromServer) {
  S.session = { id: staff.id, name: staff.name, role: staff.role };
  S.sessionChecked = !!fromServer;
  localStorage.setItem("sc.staff", JSON.stringify(S.session));
}

/** Shows the sign-in dialog until someone signs in (resolves with the staff member). */
export async function signIn(message) {
  const staff = await signInDialog({ message, signIn: api.signIn });
  setSession(staff, true);
  return staff;
}

export async function signOut() {
  try {
    await api.signOut();
  } catch (e) {
    if (!(e instanceof api.Offline)) throw e;
    toast("Offline: signed out on this device; the server ends the session when it expires.", "error");
  }
  S.session = null;
  localStorage.removeItem("sc.staff");
  renderHeader();
  await signIn("Signed out. The queue stays on this device; whoever signs in next sends it, judged as themselves.");
  rebase(); // the queue is now judged as the new staff member
  app.rerender();
}
