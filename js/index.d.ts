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
  | "credits.transfer"
  | "bookings.manage"
  | "bookings.forgive"
  | "*";
export type ConsumptionKey = "soonestExpiry" | "oldestGrant" | "newestGrant" | "manualFirst";
export type ReasonCommand = "addCredits" | "removeCredits" | "extendExpiry" | "transferCredits";

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
  /** How long before a session's start a client may be checked in (0 to 10080; default 60). */
  checkInOpensMinutes?: number;
  /** An unpaid booking must be paid at check-in (default true). */
  checkInRequiresCredit?: boolean;
  /** A no-show forfeits the booking's credit (default true); otherwise it returns. */
  noShowForfeits?: boolean;
  /** A late cancellation or no-show of an unpaid booking takes a credit and forfeits it (default false). */
  chargeUnpaidPenalties?: boolean;
  /** Credits a command makes available pay the client's future unpaid bookings (default false). */
  autoPayUnpaid?: boolean;
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
export interface CheckIn { type: "checkIn"; bookingId: string; creditId?: string }
export interface MarkNoShow { type: "markNoShow"; bookingId: string; forgive?: boolean }
export interface RevertAttendance { type: "revertAttendance"; bookingId: string }
export interface TransferCredits {
  type: "transferCredits";
  fromClientId: string;
  toClientId: string;
  creditIds?: string[];
  sessionTypeId?: string;
  quantity?: Quantity;
  reason?: string;
}
export interface Batch { type: "batch"; commands: (Exclude<Command, Batch> | CommandDraft)[] }

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
  | CheckIn
  | MarkNoShow
  | RevertAttendance
  | TransferCredits
  | Batch;

/** Every command type. */
export type CommandType = Command["type"];

/**
 * A form being filled in: the command's `type`, and any of its fields with any value (a quantity
 * still being typed, a list with a blank entry). Field names are still checked, so a typo fails to
 * compile; the engine answers a draft with issues, never by throwing.
 */
export type CommandDraft = Command extends infer C
  ? C extends Command
    ? { type: C["type"] } & { [K in Exclude<keyof C, "type">]?: unknown }
    : never
  : never;

// ---- answers ---------------------------------------------------------------------------------

/** Every issue code the engine writes, errors and warnings. */
export type IssueCode =
  | "invalid_input"
  | "required"
  | "unknown_field"
  | "unknown_command"
  | "unknown_role"
  | "permission_denied"
  | "limit_exceeded"
  | "invalid_quantity"
  | "too_many"
  | "duplicate"
  | "too_long"
  | "reason_required"
  | "invalid_date"
  | "unknown_client"
  | "unknown_credit"
  | "unknown_booking"
  | "unknown_session_type"
  | "unknown_membership"
  | "session_type_inactive"
  | "credit_assigned"
  | "credit_expired"
  | "credit_not_available"
  | "insufficient_credits"
  | "not_revocable"
  | "no_active_membership"
  | "membership_expired"
  | "grace_period_over"
  | "membership_mismatch"
  | "not_eligible"
  | "expiry_in_past"
  | "expiry_not_later"
  | "session_type_mismatch"
  | "already_paid"
  | "booking_not_active"
  | "wrong_client"
  | "nothing_to_apply"
  | "check_in_not_open"
  | "session_not_started"
  | "inconsistent"
  | "no_change"
  | "recurring_release_unchanged"
  | "short_expiry"
  | "booked_unpaid"
  | "late_cancel_forfeit"
  | "returned_credit_expired"
  | "restored_credit_unusable"
  | "other_unpaid_bookings"
  | "starts_in_past"
  | "item_skipped"
  | "attended_unpaid"
  | "no_show_forfeit";

export interface Issue {
  /** Stable, snake_case: `invalid_quantity`, `permission_denied`, … */
  code: IssueCode;
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

export type LedgerKind =
  | "grant"
  | "remove"
  | "changeType"
  | "extendExpiry"
  | "assign"
  | "release"
  | "forfeit"
  | "expire"
  | "use"
  | "revert"
  | "transferOut"
  | "transferIn";

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
  /** The other client of a transfer. */
  counterpartyClientId?: string;
}

export interface Change<T> { before: T; after: T }

export interface BalanceChange { clientId: string; sessionTypeId: string; before: number; after: number }

/** How many items and records a command covers and changes (0 changes when `ok` is false). */
export interface Counts {
  items: number;
  itemsOk: number;
  creditsAdded: number;
  creditsChanged: number;
  bookingsAdded: number;
  bookingsChanged: number;
  bookingsRemoved: number;
}

/** A preview for a bulk screen: no record lists; `items` holds only the items with an issue. */
export interface SummaryPreview extends Verdict {
  /** Plain sentences a front-desk person can read, times in the studio's zone. */
  steps: string[];
  ledger: LedgerEntry[];
  /** The available counts that change. */
  balances: BalanceChange[];
  counts: Counts;
}

export interface Preview extends SummaryPreview {
  credits: { added: Credit[]; changed: Change<Credit>[] };
  bookings: { added: Booking[]; changed: Change<Booking>[]; removed: Booking[] };
}

export interface PreviewOptions {
  /** `"full"` (default): every record that changes; `"summary"`: counts only, for bulk screens. */
  detail?: "full" | "summary";
}

export interface Balance {
  clientId: string;
  sessionTypeId: string;
  available: number;
  assigned: number;
  /** Credits used by attended bookings. */
  used: number;
}

export interface BalanceQuery { clientId?: string; asOf?: Instant | Date }

/** Server-side changes for `patch`: records replace the ones with their ids or are added. */
export interface Changes {
  sessionTypes?: SessionTypeInput[];
  clients?: ClientInput[];
  memberships?: MembershipInput[];
  credits?: CreditInput[];
  bookings?: BookingInput[];
  remove?: { sessionTypes?: string[]; clients?: string[]; memberships?: string[]; credits?: string[]; bookings?: string[] };
  /** Commands the server accepted: the engine then refuses them as already applied. */
  appliedCommandIds?: string[];
}

export interface ReplayEntry { command: Command | CommandDraft; ctx: Context }

export interface ReplayResult {
  results: { commandId: string | null; ok: boolean; errors: Issue[]; warnings: Issue[] }[];
  applied: number;
  refused: number;
}

/** What every throwing call raises; the module keeps working after it. */
export class EngineError extends Error {
  constructor(message: string, issues?: Issue[]);
  name: "EngineError";
  /** Every problem, with codes and paths. */
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
  preview(command: Command | CommandDraft, ctx: Context, options?: PreviewOptions & { detail?: "full" }): Preview;
  preview(command: Command | CommandDraft, ctx: Context, options: PreviewOptions & { detail: "summary" }): SummaryPreview;
  /** Like preview; when ok, the engine's state becomes the result (whatever the detail). */
  apply(command: Command | CommandDraft, ctx: Context, options?: PreviewOptions & { detail?: "full" }): Preview;
  apply(command: Command | CommandDraft, ctx: Context, options: PreviewOptions & { detail: "summary" }): SummaryPreview;
  /** Brings server-side changes in, all or nothing. Throws an EngineError listing every problem. */
  patch(changes: Changes): void;
  /** Applies each entry in order, each on its own, as apply would. Never throws. */
  replay(entries: ReplayEntry[]): ReplayResult;
  /** An independent copy: state, applied commandIds, and the default `asOf` of balances. */
  clone(): Engine;
  /** Balances per client and session type. Throws an EngineError for a bad asOf. */
  balances(query?: BalanceQuery): Balance[];
  snapshot(): Snapshot;
  /** JSON text in, JSON text out (a Verdict). */
  validateJson(command: string, ctx: string): string;
  /** JSON text in, JSON text out (a Preview); options as JSON text. */
  previewJson(command: string, ctx: string, options?: string): string;
  /** JSON text in, JSON text out (a Preview); options as JSON text. */
  applyJson(command: string, ctx: string, options?: string): string;
  /** `patch` with the changes as JSON text. */
  patchJson(changes: string): void;
  /** `replay` with the entries as JSON text, answering JSON text (a ReplayResult). */
  replayJson(entries: string): string;
  /** The state as JSON text (a Snapshot). */
  snapshotJson(): string;
  /** Frees the engine's memory now rather than when it is garbage-collected. */
  free(): void;
}

/** Checks a policy: errors refuse it, warnings (`unknown_field`) do not. Never throws. */
export function validatePolicy(policy: unknown): Verdict;
/** The package's version. */
export function version(): string;
/** The IANA time-zone data release every verdict uses (bundled in the engine), e.g. `2026f`. */
export function tzdataVersion(): string;
/** Bytes of WebAssembly memory in use, for diagnostics. */
export function wasmMemoryBytes(): number;
