// The dashboard's shared state and the `app` handle every view and form uses.
//
// `S` holds the engine, the "now" and the acting role of the header, the snapshot the screens are
// drawn from and a few selections. `app` is what a form needs: the engine, the context of the next
// call, `apply(command, label, options)` (set by main.js) and `rerender()`.

export const ACTORS = {
  owner: { id: "owner-1", role: "owner", label: "Owner" },
  manager: { id: "mgr-2", role: "manager", label: "Manager" },
  staff: { id: "staff-7", role: "staff", label: "Staff" },
  frontdesk: { id: "desk-3", role: "frontdesk", label: "Front desk" },
};

export const S = {
  engine: null,
  studio: null,
  policy: null, // the policy the engine was built with (the studio's, plus the demo's settings)
  tz: "America/New_York",
  role: localStorage.getItem("sc.role") || "manager",
  now: null,
  journal: [],
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

export const app = {
  get engine() { return S.engine; },
  ctx: () => ({ actor: { id: ACTORS[S.role].id, role: S.role }, now: S.now }),
  /** set by main.js: (command, label, options?) => Promise<result> */
  apply: null,
  /** set by main.js: redraw every screen from the engine */
  rerender: null,
  /** set by main.js: (clientId, { show? }) => show that client's page */
  openClient: null,
};

export const typeName = (id) => S.types.get(id)?.name || id;
export const clientName = (id) => S.clients.get(id)?.name || id;
