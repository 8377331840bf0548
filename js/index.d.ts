// Type declarations for session-credits; the rules are in docs/ (commands.md, answers.md, issue-codes.md).

// ---- generated from the Rust declarations (cargo run --example gen_types): do not edit ----

/** Every command type. */
export type CommandType =
  | "addCredits"
  | "removeCredits"
  | "changeCreditType"
  | "extendExpiry"
  | "expireCredits"
  | "transferCredits"
  | "book"
  | "assignCredit"
  | "cancelBooking"
  | "deleteBooking"
  | "forgiveAndRebook"
  | "checkIn"
  | "markNoShow"
  | "revertAttendance"
  | "holdMembership"
  | "removeHold"
  | "batch";

/** A role's permissions; `*` is all of them. */
export type Permission =
  | "credits.add"
  | "credits.remove"
  | "credits.changeType"
  | "credits.extendExpiry"
  | "credits.transfer"
  | "bookings.manage"
  | "bookings.forgive"
  | "bookings.overrideLimits"
  | "memberships.hold"
  | "*";

/** The commands `requireReasonFor` may name. */
export type ReasonCommand =
  | "addCredits"
  | "removeCredits"
  | "extendExpiry"
  | "transferCredits"
  | "holdMembership";

/** Keys of `consumptionOrder`. */
export type ConsumptionKey =
  | "soonestExpiry"
  | "oldestGrant"
  | "newestGrant"
  | "manualFirst";

export type IssueCode = "invalid_input" | "required" | "unknown_command" | "invalid_quantity" | "invalid_date" | "too_long" | "too_many" | "duplicate" | "unknown_role" | "permission_denied" | "limit_exceeded" | "reason_required" | "unknown_client" | "unknown_credit" | "unknown_booking" | "unknown_session_type" | "unknown_membership" | "session_type_inactive" | "wrong_client" | "membership_mismatch" | "session_type_mismatch" | "credit_assigned" | "credit_expired" | "credit_not_available" | "insufficient_credits" | "not_revocable" | "expiry_in_past" | "expiry_not_later" | "no_active_membership" | "membership_expired" | "grace_period_over" | "not_eligible" | "already_paid" | "booking_not_active" | "check_in_not_open" | "session_not_started" | "inconsistent" | "nothing_to_apply" | "usage_limit_reached" | "credit_on_hold" | "membership_not_active" | "date_in_past" | "hold_overlaps" | "booking_in_hold" | "unknown_hold" | "unknown_field" | "no_change" | "recurring_release_unchanged" | "short_expiry" | "booked_unpaid" | "late_cancel_forfeit" | "no_show_forfeit" | "returned_credit_expired" | "restored_credit_unusable" | "other_unpaid_bookings" | "starts_in_past" | "attended_unpaid" | "item_skipped" | "usage_limit_overridden";

export type LedgerKind = "grant" | "remove" | "changeType" | "extendExpiry" | "assign" | "release" | "forfeit" | "expire" | "use" | "revert" | "transferOut" | "transferIn" | "hold" | "holdRemoved";

export type SessionKind = "service" | "class";

export type MembershipStatus = "active" | "frozen" | "expired" | "cancelled";

export type CreditSource = "purchased" | "recurring" | "manual";

export type CreditStatus = "available" | "assigned" | "used" | "forfeited" | "expired" | "removed";

export type BookingStatus = "booked" | "cancelled" | "lateCancelled" | "attended" | "noShow";

export type SessionType = {
  id: string;
  name: string;
  kind: SessionKind;
  durationMinutes: number | null;
  active: boolean;
  /**
   * How many credits one booking of the type takes (1 to 20).
   */
  creditCost: number;
};

export type Client = {
  id: string;
  name: string;
};

export type UsagePeriod = "day" | "week" | "month";

export type UsageLimit = {
  period: UsagePeriod;
  max: number;
  sessionTypeIds: Array<string>;
};

export type Hold = {
  id: string;
  startsOn: string;
  endsOn: string;
  creditIds: Array<string>;
  extendedEndsAt: boolean;
};

export type Membership = {
  id: string;
  clientId: string;
  status: MembershipStatus;
  endsAt: Instant | null;
  cancelledAt: Instant | null;
  recurring: boolean;
  /**
   * Empty means every session type.
   */
  eligibleSessionTypeIds: Array<string>;
  usageLimits: Array<UsageLimit>;
  holds: Array<Hold>;
};

export type Credit = {
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
  /**
   * What the client paid for this credit
  in minor units of the policy's currency; `None`: not tracked.;
   */
  value: number | null;
};

export type Booking = {
  id: string;
  clientId: string;
  sessionTypeId: string;
  startsAt: Instant;
  status: BookingStatus;
  /**
   * The credits paying the booking
  in the order taken; empty: Booked: Unpaid.;
   */
  creditIds: Array<string>;
  /**
   * The first of `creditIds`
  or null.;
   */
  creditId: string | null;
};

export type Snapshot = {
  sessionTypes: Array<SessionType>;
  clients: Array<Client>;
  memberships: Array<Membership>;
  credits: Array<Credit>;
  bookings: Array<Booking>;
};

export type Issue = {
  code: IssueCode;
  path: string;
  message: string;
  params?: Record<string, string | number>;
};

export type ItemVerdict = {
  id: string;
  ok: boolean;
  errors: Array<Issue>;
  warnings: Array<Issue>;
};

export type Verdict = {
  ok: boolean;
  errors: Array<Issue>;
  warnings: Array<Issue>;
  items?: Array<ItemVerdict>;
};

export type LedgerEntry = {
  id: string;
  at: Instant;
  actorId: string;
  clientId: string;
  kind: LedgerKind;
  creditIds: Array<string>;
  quantity: number;
  sessionTypeId: string;
  fromSessionTypeId?: string;
  bookingId?: string;
  reason?: string;
  note?: string;
  /**
   * The other client of a transfer.
   */
  counterpartyClientId?: string;
  /**
   * The sum of its credits' values
  when at least one has a value.;
   */
  value?: number;
  /**
   * The hold of a `hold` or `holdRemoved` entry.
   */
  holdId?: string;
};

export type Change<T> = {
  before: T;
  after: T;
};

export type CreditChanges = {
  added: Array<Credit>;
  changed: Array<Change<Credit>>;
};

export type BookingChanges = {
  added: Array<Booking>;
  changed: Array<Change<Booking>>;
  removed: Array<Booking>;
};

export type BalanceChange = {
  clientId: string;
  sessionTypeId: string;
  before: number;
  after: number;
};

export type Balance = {
  clientId: string;
  sessionTypeId: string;
  available: number;
  assigned: number;
  /**
   * Credits used by attended bookings.
   */
  used: number;
};

export type Usage = {
  membershipId: string;
  period: UsagePeriod;
  max: number;
  used: number;
  /**
   * The local date the period starts.
   */
  periodStart: string;
  /**
   * The local date after its last day.
   */
  periodEnd: string;
  /**
   * `[]`: every session type.
   */
  sessionTypeIds: Array<string>;
};

export type Recognized = {
  used: bigint;
  forfeited: bigint;
  expired: bigint;
};

export type Liability = {
  currency: string;
  /**
   * Available credits unexpired at `asOf`
  and assigned ones.;
   */
  deferred: bigint;
  recognized: Recognized;
  removed: bigint;
  /**
   * How many credits have no value.
   */
  untracked: number;
};

export type Counts = {
  items: number;
  itemsOk: number;
  creditsAdded: number;
  creditsChanged: number;
  bookingsAdded: number;
  bookingsChanged: number;
  bookingsRemoved: number;
};

export type PreviewAnswer = {
  ok: boolean;
  errors: Array<Issue>;
  warnings: Array<Issue>;
  items?: Array<ItemVerdict>;
  steps: Array<string>;
  ledger: Array<LedgerEntry>;
  credits?: CreditChanges;
  bookings?: BookingChanges;
  balances: Array<BalanceChange>;
  counts: Counts;
  /**
   * The change of deferred revenue: values of available and assigned credits after
  minus before.;
   */
  deferredChange: number;
};

export type ReplayOutcome = {
  commandId: string | null;
  ok: boolean;
  errors: Array<Issue>;
  warnings: Array<Issue>;
};

export type ReplayResult = {
  results: Array<ReplayOutcome>;
  applied: number;
  refused: number;
};

/** The params each issue code carries (`?`: only where it applies). */
export interface IssueParams {
  invalid_input: { expected?: string; min?: number; max?: number; days?: number; commandId?: string; line?: number; column?: number };
  required: { field: string };
  unknown_command: { type: string };
  invalid_quantity: { min?: number; max?: number; needed?: number; given?: number };
  invalid_date: { expected: string };
  too_long: { max: number };
  too_many: { max: number; count?: number };
  duplicate: { id?: string; first?: number };
  unknown_role: { role: string };
  permission_denied: { role: string; permission: string };
  limit_exceeded: { max: number; total: number };
  reason_required: { command: string };
  unknown_client: { id: string };
  unknown_credit: { id: string };
  unknown_booking: { id: string };
  unknown_session_type: { id: string };
  unknown_membership: { id: string };
  session_type_inactive: { sessionTypeId: string };
  wrong_client: { creditId: string };
  membership_mismatch: { membershipId?: string };
  session_type_mismatch: { creditId: string; sessionTypeId: string };
  credit_assigned: { creditId: string };
  credit_expired: { creditId: string };
  credit_not_available: { creditId: string };
  insufficient_credits: { available: number; needed: number };
  not_revocable: { creditId: string };
  expiry_in_past: { expiresAt: string; creditId?: string };
  expiry_not_later: { creditId: string; expiresAt: string };
  no_active_membership: { clientId: string };
  membership_expired: { membershipId: string };
  grace_period_over: { membershipId: string; graceDays: number };
  not_eligible: { membershipId: string; sessionTypeId: string };
  already_paid: { bookingId: string; creditId: string };
  booking_not_active: { bookingId: string; status: string };
  check_in_not_open: { opensAt: string };
  session_not_started: { startsAt: string };
  inconsistent: { creditId?: string; bookingId?: string };
  nothing_to_apply: {};
  usage_limit_reached: { membershipId: string; period: string; max: number; used: number; periodStart: string };
  credit_on_hold: { creditId: string; holdId: string };
  membership_not_active: { membershipId: string };
  date_in_past: { startsOn: string };
  hold_overlaps: { holdId: string };
  booking_in_hold: { bookingId: string };
  unknown_hold: { membershipId: string; holdId: string };
  unknown_field: { field?: string; count?: number };
  no_change: { creditId: string };
  recurring_release_unchanged: { creditId: string };
  short_expiry: { minExpiryDays: number };
  booked_unpaid: { needed?: number; available?: number };
  late_cancel_forfeit: { creditId: string; windowMinutes: number };
  no_show_forfeit: { creditId: string };
  returned_credit_expired: { creditId: string };
  restored_credit_unusable: { creditId: string };
  other_unpaid_bookings: { count: number };
  starts_in_past: { startsAt: string };
  attended_unpaid: { bookingId: string; needed: number; available: number };
  item_skipped: { reason: string };
  usage_limit_overridden: { membershipId: string; period: string; max: number; used: number; periodStart: string };
}

/** Grant credits to one or many clients. */
export interface AddCredits {
  type: "addCredits";
  clientIds: string[];
  sessionTypeId: string;
  quantity: Quantity;
  expiresAt?: Expiry | null;
  reason?: string;
  membershipId?: string | null;
  mode?: BulkMode;
  valuePerCredit?: Quantity;
}
/** Deduct credits: named, or a session type and a quantity (newest grants first). */
export interface RemoveCredits {
  type: "removeCredits";
  clientId: string;
  creditIds?: string[];
  sessionTypeId?: string;
  quantity?: Quantity;
  reason?: string;
}
/** Change one or many credits to another session type. */
export interface ChangeCreditType {
  type: "changeCreditType";
  creditIds: string[];
  toSessionTypeId: string;
  note?: string;
  mode?: BulkMode;
}
/** Push expiry dates out: by a number of days, or to a date. */
export interface ExtendExpiry {
  type: "extendExpiry";
  creditIds: string[];
  days?: Quantity;
  expiresAt?: Expiry;
  reason?: string;
  mode?: BulkMode;
}
/** Expire every available credit whose expiry has come. */
export interface ExpireCredits {
  type: "expireCredits";
}
/** Move credits to another client: named, or a session type and a quantity (the ones the sender would use next). */
export interface TransferCredits {
  type: "transferCredits";
  fromClientId: string;
  toClientId: string;
  creditIds?: string[];
  sessionTypeId?: string;
  quantity?: Quantity;
  reason?: string;
}
/** Book a session, paying with a credit: `"auto"` (default when the policy auto-assigns), `"none"`, or a credit id. */
export interface Book {
  type: "book";
  clientId: string;
  sessionTypeId: string;
  startsAt: Instant;
  bookingId?: string;
  credit?: "auto" | "none" | (string & {});
  creditIds?: string[];
  overrideLimits?: boolean;
}
/** Attach a credit to a Booked: Unpaid booking, or to a visit checked in unpaid (no `creditId`: as auto picks). */
export interface AssignCredit {
  type: "assignCredit";
  bookingId: string;
  creditId?: string;
  creditIds?: string[];
}
/** Cancel a booking; late and not forgiven, its credit is forfeited. */
export interface CancelBooking {
  type: "cancelBooking";
  bookingId: string;
  forgive?: boolean;
}
/** Delete a booking; a booked one's credit returns (inside the late window, a forgiveness). */
export interface DeleteBooking {
  type: "deleteBooking";
  bookingId: string;
}
/** Cancel forgiven, restore the credit and rebook at another time, as one operation. */
export interface ForgiveAndRebook {
  type: "forgiveAndRebook";
  bookingId: string;
  startsAt: Instant;
  newBookingId?: string;
  overrideLimits?: boolean;
}
/** The client attended: the booking's credit is used (an unpaid booking is paid first). */
export interface CheckIn {
  type: "checkIn";
  bookingId: string;
  creditId?: string;
  creditIds?: string[];
}
/** The client did not come: the credit is forfeited, or returns when forgiven. */
export interface MarkNoShow {
  type: "markNoShow";
  bookingId: string;
  forgive?: boolean;
}
/** Undo a check-in or a no-show: the booking is booked again, paid by the credit it used or forfeited. */
export interface RevertAttendance {
  type: "revertAttendance";
  bookingId: string;
}
/** Pause a membership: bookings in the hold are refused (or cancelled, forgiven), its credits and end date move out by the hold's length. */
export interface HoldMembership {
  type: "holdMembership";
  membershipId: string;
  startsOn: string;
  endsOn: string;
  reason?: string;
  holdId?: string;
  cancelBookings?: boolean;
}
/** Take a hold back, as if it never happened: its credits' expiry and the end date move back. */
export interface RemoveHold {
  type: "removeHold";
  membershipId: string;
  holdId: string;
  reason?: string;
}
/** Several commands, in order, all or nothing. */
export interface Batch {
  type: "batch";
  commands: (Exclude<Command, Batch> | CommandDraft)[];
}

/** Every command, by its `type`. */
export type Command =
  | AddCredits
  | RemoveCredits
  | ChangeCreditType
  | ExtendExpiry
  | ExpireCredits
  | TransferCredits
  | Book
  | AssignCredit
  | CancelBooking
  | DeleteBooking
  | ForgiveAndRebook
  | CheckIn
  | MarkNoShow
  | RevertAttendance
  | HoldMembership
  | RemoveHold
  | Batch;

/** A studio's policy: every setting but `timezone` and `roles` has a default. */
export interface Policy {
  /** An IANA time zone, e.g. `America/New_York`. */
  timezone: string;
  /** Each role's permissions, by name. */
  roles: Record<string, Role>;
  /** The commands whose `reason` is required (default addCredits, removeCredits, transferCredits, holdMembership). */
  requireReasonFor?: ReasonCommand[];
  /** Credits staff add may be taken away (default true). */
  manualCreditsRevocable?: boolean;
  /** Credits go only to clients with a membership that may hold them (default true). */
  requireMembershipToAdd?: boolean;
  /** Days a cancelled membership still takes credits (0 to 36500; default 60). */
  cancelledMembershipGraceDays?: number;
  /** A cancellation this close to the start is late (0 to 5256000; default 720). */
  lateCancelWindowMinutes?: number;
  /** `book` pays with a credit by default (default true). */
  autoAssign?: boolean;
  /** Which credit pays first (default soonestExpiry, oldestGrant). */
  consumptionOrder?: ConsumptionKey[];
  /** Credits of other types that may pay for a session type. */
  substitutes?: Record<string, string[]>;
  /** An expired credit's expiry may be extended (default false). */
  allowExtendExpired?: boolean;
  /** An expiry sooner than this many days is warned about (0 to 36500; default 14). */
  minExpiryDays?: number;
  /** The most credits one grant gives each client (default 1000). */
  maxQuantity?: number;
  /** The most clients or credits one bulk command names (default 10000). */
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
  /** The day a usage limit's week starts on (default monday). */
  weekStartsOn?: "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday";
  /** The ISO 4217 code credit values are in, three capital letters (default USD). */
  currency?: string;
  /** A JSON schema reference for editors; ignored. */
  "$schema"?: string;
}

export interface SessionTypeInput {
  id: string;
  /** Defaults to the id. */
  name?: string;
  kind: SessionKind;
  durationMinutes?: number | null;
  /** Defaults to true. */
  active?: boolean;
  /** How many credits one booking takes, 1 to 20 (default 1). */
  creditCost?: Quantity;
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
  /** "At most `max` bookings per day, week or month" (default none). */
  usageLimits?: { period: UsagePeriod; max: Quantity; sessionTypeIds?: string[] }[];
  /** Holds: local dates, both included (default none). */
  holds?: { id: string; startsOn: string; endsOn: string; creditIds?: string[]; extendedEndsAt?: boolean }[];
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
  /** What the client paid for it, in minor units of the policy's currency; null: not tracked (default). */
  value?: Quantity | null;
}

export interface BookingInput {
  id: string;
  clientId: string;
  sessionTypeId: string;
  startsAt: Instant;
  status: BookingStatus;
  /** The credits paying it; `creditId` alone is `[creditId]`. Both given must agree. */
  creditIds?: string[];
  creditId?: string | null;
}

/** A snapshot as given: fields with defaults may be left out. */
export interface SnapshotInput {
  sessionTypes?: SessionTypeInput[];
  clients?: ClientInput[];
  memberships?: MembershipInput[];
  credits?: CreditInput[];
  bookings?: BookingInput[];
}

// ---- end of generated declarations ----

/** An RFC 3339 instant with an offset, e.g. `2026-11-24T17:00:00Z`. The engine writes UTC, to the second. */
export type Instant = string;
/** An instant, or a plain date `YYYY-MM-DD` meaning "usable through the end of that local day". */
export type Expiry = string;
/** A whole number, or a string of digits as typed into a form. */
export type Quantity = number | string;

// The snapshot as given (SnapshotInput, CreditInput, …) and as the engine writes it (Snapshot,
// Credit, …) are both derived above.


// ---- policy and context ----------------------------------------------------------------------

export interface Role {
  permissions: Permission[];
  /** Bounds the credits one command grants or removes. */
  maxCreditsPerAction?: number;
}

export interface Context {
  actor: { id: string; role: string };
  now: Instant | Date;
  /** Required for apply; seeds the ids of created records (`<commandId>:1`) and ledger entries (`<commandId>#1`). */
  commandId?: string;
}

// ---- commands --------------------------------------------------------------------------------

export type BulkMode = "allOrNothing" | "skipInvalid";

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

/** A preview for a bulk screen: no record lists; `items` holds only the items with an issue. */
export type SummaryPreview = Omit<PreviewAnswer, "credits" | "bookings">;

/** A preview in full detail: every record that changes. */
export type Preview = SummaryPreview & { credits: CreditChanges; bookings: BookingChanges };

export interface PreviewOptions {
  /** `"full"` (default): every record that changes; `"summary"`: counts only, for bulk screens. */
  detail?: "full" | "summary";
}

export interface BalanceQuery { clientId?: string; asOf?: Instant | Date }

export interface UsageQuery { clientId: string; at: Instant | Date }

export interface LiabilityQuery { clientId?: string; asOf?: Instant | Date }

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
  /** Where a client stands against its usage limits at `at` ("2 of 3 this week"). Throws an EngineError for a bad query. */
  usage(query: UsageQuery): Usage[];
  /** What the credits are worth: deferred, recognised, removed. Throws an EngineError for a bad query. */
  liability(query?: LiabilityQuery): Liability;
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
