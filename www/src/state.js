// The dashboard's shared state and the `app` handle every view and form uses.
//
// `S` holds the signed-in staff member (`session`, from GET /api/session), the two engines of the
// rebase — `confirmed` (the server's state, patched from its changes feed) and `engine` (the view:
// a clone of it with the pending queue replayed) —, the optional what-ifs of the header, the
// snapshot the screens are drawn from and a few selections. `app` is what a form needs: the
// engine, the context of the next preview, `apply(command, label, options)` (set by main.js) and
// `rerender()`.
//
// "now" is this device's clock, read at each render and at each confirm; the header's what-if
// "now" and what-if role change previews only: while either is set nothing can be queued.

import { isoUtc } from "./dom.js";

export const ROLE_LABELS = { owner: "Owner", manager: "Manager", staff: "Staff", frontdesk: "Front desk" };
export const roleLabel = (role) => ROLE_LABELS[role] || role;

export const S = {
  session: null, // { id, name, role } of the signed-in staff member (last known when offline)
  sessionChecked: false, // true when `session` came from the server in this page's life
  confirmed: null, // Engine: the server's state as of `cursor`
  engine: null, // Engine: confirmed.clone() + replay(pending queue): what the screens show
  studioId: null,
  cursor: 0,
  appliedIds: new Set(), // every commandId the server has accepted (snapshot + changes feeds)
  serverPolicy: null, // the studio's policy as the server sent it
  policy: null, // the policy the engines were built with (the studio's, plus the demo's settings)
  tz: "America/New_York",
  whatIfRole: null, // a role to preview as (never queued)
  whatIfNow: null, // an instant to preview at (never queued)
  get role() { return this.whatIfRole || this.session?.role || "frontdesk"; },
  get now() { return this.whatIfNow || isoUtc(Date.now()); },
  get whatIf() { return !!(this.whatIfRole || this.whatIfNow); },
  journal: [],
  conflicts: false, // the last rebase left queued commands that would be refused (shown before sending)
  snap: null,
  types: new Map(),
  clients: new Map(),
  creditsByClient: new Map(),
  bookingsByClient: new Map(),
  membershipsByClient: new Map(),
  balances: new Map(), // clientId -> Map(typeId -> {available, assigned})
  expiredNow: new Set(), // available credits the engine would expire at "now"
  currentClientId: "c1",
  selectedClients: new Set(),
  checkedCredits: new Set(),
  clientFilter: "",
  creditFilter: "all",
  tab: localStorage.getItem("sc.tab") || "clients",
};

/** A queued entry waits for the server until the server accepts it. */
export const isPending = (e) => !(e.server && e.server.ok);
export const pendingEntries = () => S.journal.filter(isPending);

/** The actor of queued commands: the signed-in staff member. */
export const sessionActor = () => (S.session ? { id: S.session.id, role: S.session.role } : null);

export const app = {
  get engine() { return S.engine; },
  /** The context of previews: the session's actor and the clock, or the header's what-ifs. */
  ctx: () => ({ actor: S.whatIfRole ? { id: "what-if", role: S.whatIfRole } : (sessionActor() || { id: "?", role: S.role }), now: S.now }),
  /** A sentence when confirming is off (a what-if is set), else null. */
  whatIf: () => (S.whatIf ? "What-if preview: nothing is queued. Clear the what-if in the header to confirm." : null),
  /** set by main.js: (command, label, options?) => Promise<result> */
  apply: null,
  /** set by main.js: redraw every screen from the engine */
  rerender: null,
  /** set by main.js: (clientId, { show? }) => show that client's page */
  openClient: null,
  /** set by the outbox: the queued entry a form was reopened for (Edit), taken by openForm */
  editing: null,
};

export const typeName = (id) => S.types.get(id)?.name || id;
export const clientName = (id) => S.clients.get(id)?.name || id;
