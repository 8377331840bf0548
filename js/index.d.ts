// Type declarations for session-credits. See SPEC §2–§5 in the README for the rules.

/** An RFC 3339 instant with an offset, e.g. `2026-11-24T17:00:00Z`. The engine writes UTC, to the second. */
export type Instant = string;
/** An instant, or a plain date `YYYY-MM-DD` meaning "usable through the end of that local day". */
export type Expiry = string;
/** A whole number, or a string of digits as typed into a form. */
export type Quantity = number | string;

export type SessionKind = "service" | "class";
export type MembershipStatus = "active" | "frozen" | "expired" | "cancelled";
export type CreditSource = "purchased" | "recurring" | "manual";
export type CreditStatus = "available" | "assigned" | "used" | "forfeited" | "expired" | "removed";
export type BookingStatus = "booked" | "cancelled" | "lateCancelled" | "attended" | "noShow";

// ---- the snapshot, as given (fields with defaults may be left out) --------------------------

export interface SessionTypeInput {
  id: string;
  /** Defaults to the id. */
  name?: string;
  kind: SessionKind;
  durationMinutes?: number | null;
  /** Defaults to true. */
  active?: boolean;
}

export interface ClientInput {
  id: string;
  /** Defaults to the id. */
  name?: string;
}

export interface MembershipInput {
  id: string;
  clientId: string;
  status: MembershipStatus;
  endsAt?: Expiry | null;
  /** Required for cancelled memberships. */
  cancelledAt?: Instant | null;
  recurring?: boolean;
  /** Empty or absent: every session type. */
  eligibleSessionTypeIds?: string[];
}

export interface CreditInput {
  id: string;
  clientId: string;
  sessionTypeId: string;
  source: CreditSource;
  membershipId?: string | null;
  grantedAt: Instant;
  expiresAt?: Expiry | null;
  status: CreditStatus;
  bookingId?: string | null;
  /** Defaults to true for purchased and recurring credits, to the policy's manualCreditsRevocable for manual ones. */
  revocable?: boolean;
}

export interface BookingInput {
  id: string;
  clientId: string;
  sessionTypeId: string;
  startsAt: Instant;
  status: BookingStatus;
  creditId?: string | null;
}

export interface SnapshotInput {
  sessionTypes?: SessionTypeInput[];
  clients?: ClientInput[];
  memberships?: MembershipInput[];
  credits?: CreditInput[];
  bookings?: BookingInput[];
}

// ---- the snapshot, as the engine writes it ---------------------------------------------------

export interface SessionType { id: string; name: string; kind: SessionKind; durationMinutes: number | null; active: boolean }
export interface Client { id: string; name: string }
export interface Membership {
  id: string;
  clientId: string;
  status: MembershipStatus;
  endsAt: Instant | null;
  cancelledAt: Instant | null;
  recurring: boolean;
  eligibleSessionTypeIds: string[];
}
export interface Credit {
  id: string;
  clientId: string;
  sessionTypeId: string;
  source: CreditSource;
  membershipId: string | null;
  grantedAt: Instant;
  expiresAt: Instant | null;
  status: CreditStatus;
  bookingId: string | null;
  revocable: boolean;
}
export interface Booking {
  id: string;
  clientId: string;
  sessionTypeId: string;
  startsAt: Instant;
  status: BookingStatus;
  creditId: string | null;
}
export interface Snapshot {
  sessionTypes: SessionType[];
  clients: Client[];
  memberships: Membership[];
  credits: Credit[];
  bookings: Booking[];
}

// ---- policy and context ----------------------------------------------------------------------

export type Permission =
  | "credits.add"
  | "credits.remove"
  | "credits.changeType"
  | "credits.extendExpiry"
  | "bookings.manage"
  | "bookings.forgive"
  | "*";
export type ConsumptionKey = "soonestExpiry" | "oldestGrant" | "newestGrant" | "manualFirst";
export type ReasonCommand = "addCredits" | "removeCredits" | "extendExpiry";

export interface Role {
  permissions: Permission[];
  /** Bounds the credits one command grants or removes. */
  maxCreditsPerAction?: number;
}

export interface Policy {
  /** An IANA time zone, e.g. `America/New_York`. */
  timezone: string;
  roles: Record<string, Role>;
  requireReasonFor?: ReasonCommand[];
  manualCreditsRevocable?: boolean;
  requireMembershipToAdd?: boolean;
  cancelledMembershipGraceDays?: number;
  lateCancelWindowMinutes?: number;
  autoAssign?: boolean;
  consumptionOrder?: ConsumptionKey[];
  substitutes?: Record<string, string[]>;
  allowExtendExpired?: boolean;
  minExpiryDays?: number;
  maxQuantity?: number;
  maxBulkItems?: number;
}

export interface Context {
  actor: { id: string; role: string };
  now: Instant | Date;
  /** Required for apply; seeds the ids of created records (`<commandId>:1`) and ledger entries (`<commandId>#1`). */
  commandId?: string;
}

// ---- commands --------------------------------------------------------------------------------

export type BulkMode = "allOrNothing" | "skipInvalid";

export interface AddCredits {
  type: "addCredits";
  clientIds: string[];
  sessionTypeId: string;
  quantity: Quantity;
  expiresAt?: Expiry | null;
  reason?: string;
  membershipId?: string | null;
  mode?: BulkMode;
}
export interface RemoveCredits {
  type: "removeCredits";
  clientId: string;
  creditIds?: string[];
  sessionTypeId?: string;
  quantity?: Quantity;
  reason?: string;
}
export interface ChangeCreditType {
  type: "changeCreditType";
  creditIds: string[];
  toSessionTypeId: string;
  note?: string;
  mode?: BulkMode;
}
export interface ExtendExpiry {
  type: "extendExpiry";
  creditIds: string[];
  days?: Quantity;
  expiresAt?: Expiry;
  reason?: string;
  mode?: BulkMode;
}
export interface ExpireCredits { type: "expireCredits" }
export interface Book {
  type: "book";
  clientId: string;
  sessionTypeId: string;
  startsAt: Instant;
  bookingId?: string;
  /** `"auto"` (default when the policy auto-assigns), `"none"`, or a credit id. */
  credit?: "auto" | "none" | (string & {});
}
export interface AssignCredit { type: "assignCredit"; bookingId: string; creditId?: string }
export interface CancelBooking { type: "cancelBooking"; bookingId: string; forgive?: boolean }
export interface DeleteBooking { type: "deleteBooking"; bookingId: string }
export interface ForgiveAndRebook { type: "forgiveAndRebook"; bookingId: string; startsAt: Instant; newBookingId?: string }
export interface Batch { type: "batch"; commands: Command[] }

export type Command =
  | AddCredits
  | RemoveCredits
  | ChangeCreditType
  | ExtendExpiry
  | ExpireCredits
  | Book
  | AssignCredit
  | CancelBooking
  | DeleteBooking
  | ForgiveAndRebook
  | Batch;

/** A form being filled in: any fields, any values. The engine answers with issues, never throws. */
export type CommandDraft = { readonly type?: string } & { readonly [field: string]: unknown };

// ---- answers ---------------------------------------------------------------------------------

export interface Issue {
  /** Stable, snake_case: `invalid_quantity`, `permission_denied`, … */
  code: string;
  /** Dotted from the command: `quantity`, `creditIds.3`, `commands.1.reason`; `""` for the whole command. */
  path: string;
  /** One plain English sentence. */
  message: string;
  /** The numbers and ids in the message, for translation. */
  params?: Record<string, string | number>;
}

export interface ItemVerdict { id: string; ok: boolean; errors: Issue[]; warnings: Issue[] }

export interface Verdict {
  ok: boolean;
  errors: Issue[];
  warnings: Issue[];
  /** Bulk commands only: one per client or credit, in input order. */
  items?: ItemVerdict[];
}

export type LedgerKind = "grant" | "remove" | "changeType" | "extendExpiry" | "assign" | "release" | "forfeit" | "expire";

export interface LedgerEntry {
  id: string;
  at: Instant;
  actorId: string;
  clientId: string;
  kind: LedgerKind;
  creditIds: string[];
  quantity: number;
  sessionTypeId: string;
  fromSessionTypeId?: string;
  bookingId?: string;
  reason?: string;
  note?: string;
}

export interface Change<T> { before: T; after: T }

export interface BalanceChange { clientId: string; sessionTypeId: string; before: number; after: number }

export interface Preview extends Verdict {
  /** Plain sentences a front-desk person can read, times in the studio's zone. */
  steps: string[];
  ledger: LedgerEntry[];
  credits: { added: Credit[]; changed: Change<Credit>[] };
  bookings: { added: Booking[]; changed: Change<Booking>[]; removed: Booking[] };
  /** The available counts that change. */
  balances: BalanceChange[];
}

export interface Balance { clientId: string; sessionTypeId: string; available: number; assigned: number }

export interface BalanceQuery { clientId?: string; asOf?: Instant | Date }

/** Thrown by the constructor, `fromJson` and `balances`; the module keeps working after it. */
export interface EngineError extends Error {
  name: "EngineError";
  issues: Issue[];
}

export class Engine {
  /** Throws an EngineError listing every problem of the policy and the snapshot. */
  constructor(policy: Policy, snapshot: SnapshotInput);
  /** The same from JSON text: faster for large snapshots. */
  static fromJson(policyJson: string, snapshotJson: string): Engine;
  /** Is this command allowed? Never throws. */
  validate(command: Command | CommandDraft, ctx: Context): Verdict;
  /** What it would change. Never throws; changes nothing. */
  preview(command: Command | CommandDraft, ctx: Context): Preview;
  /** Like preview; when ok, the engine's state becomes the result. */
  apply(command: Command | CommandDraft, ctx: Context): Preview;
  /** Balances per client and session type. Throws an EngineError for a bad asOf. */
  balances(query?: BalanceQuery): Balance[];
  snapshot(): Snapshot;
  /** JSON text in, JSON text out (a Verdict). */
  validateJson(command: string, ctx: string): string;
  /** JSON text in, JSON text out (a Preview). */
  previewJson(command: string, ctx: string): string;
  /** JSON text in, JSON text out (a Preview). */
  applyJson(command: string, ctx: string): string;
  /** The state as JSON text (a Snapshot). */
  snapshotJson(): string;
  /** Frees the engine's memory now rather than when it is garbage-collected. */
  free(): void;
}

/** Checks a policy: errors refuse it, warnings (`unknown_field`) do not. Never throws. */
export function validatePolicy(policy: unknown): Verdict;
/** The package's version. */
export function version(): string;
/** Bytes of WebAssembly memory in use, for diagnostics. */
export function wasmMemoryBytes(): number;
