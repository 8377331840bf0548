// A consumer of every public function and type: `tsc --noEmit` must accept it as written, so the
// shipped declarations cannot drift from what users call.
import {
  Engine,
  EngineError,
  validatePolicy,
  version,
  tzdataVersion,
  wasmMemoryBytes,
  type Balance,
  type Changes,
  type CommandType,
  type CommandDraft,
  type IssueCode,
  type ReplayResult,
  type SummaryPreview,
  type Command,
  type Context,
  type Issue,
  type LedgerEntry,
  type Policy,
  type Preview,
  type Snapshot,
  type SnapshotInput,
  type Verdict,
} from "session-credits";
import { sampleStudio } from "session-credits/sample";

const policy: Policy = {
  timezone: "America/New_York",
  roles: { manager: { permissions: ["credits.add", "bookings.manage"] }, staff: { permissions: ["credits.add"], maxCreditsPerAction: 5 } },
  consumptionOrder: ["soonestExpiry", "oldestGrant"],
  substitutes: { pt30: ["pt60"] },
};
const input: SnapshotInput = {
  sessionTypes: [{ id: "pt60", name: "Personal Training 60", kind: "service", durationMinutes: 60 }],
  clients: [{ id: "c1", name: "Aaron Diaz" }],
  memberships: [{ id: "m1", clientId: "c1", status: "active" }],
  credits: [{ id: "k1", clientId: "c1", sessionTypeId: "pt60", source: "purchased", grantedAt: "2026-11-01T10:00:00Z", expiresAt: "2027-02-01", status: "available" }],
  bookings: [],
};
const ctx: Context = { actor: { id: "staff-7", role: "manager" }, now: "2026-11-24T17:00:00Z", commandId: "cmd-1" };

const engine = new Engine(policy, input);
const again: Engine = Engine.fromJson(JSON.stringify(policy), JSON.stringify(input));
const commands: Command[] = [
  { type: "addCredits", clientIds: ["c1"], sessionTypeId: "pt60", quantity: "2", reason: "bonus", mode: "skipInvalid" },
  { type: "removeCredits", clientId: "c1", sessionTypeId: "pt60", quantity: 1, reason: "error" },
  { type: "changeCreditType", creditIds: ["k1"], toSessionTypeId: "pt60", note: "n" },
  { type: "extendExpiry", creditIds: ["k1"], days: 30 },
  { type: "expireCredits" },
  { type: "book", clientId: "c1", sessionTypeId: "pt60", startsAt: "2026-11-30T15:00:00Z", credit: "auto" },
  { type: "assignCredit", bookingId: "b1" },
  { type: "cancelBooking", bookingId: "b1", forgive: true },
  { type: "deleteBooking", bookingId: "b1" },
  { type: "forgiveAndRebook", bookingId: "b1", startsAt: "2026-12-01T15:00:00Z" },
  { type: "checkIn", bookingId: "b1", creditId: "k1" },
  { type: "markNoShow", bookingId: "b1", forgive: false },
  { type: "revertAttendance", bookingId: "b1" },
  { type: "transferCredits", fromClientId: "c1", toClientId: "c2", sessionTypeId: "pt60", quantity: 1, reason: "family" },
];
const batch: Command = { type: "batch", commands };

const verdict: Verdict = engine.validate({ type: "addCredits", quantity: "tw" }, ctx);
const firstIssue: Issue | undefined = verdict.errors[0];
const preview: Preview = engine.preview(batch, { ...ctx, now: new Date() });
const entries: LedgerEntry[] = preview.ledger;
const applied: Preview = engine.apply(commands[0]!, ctx);
const rows: Balance[] = engine.balances({ clientId: "c1", asOf: "2026-11-24T17:00:00Z" });
const allRows: Balance[] = engine.balances();
const snap: Snapshot = engine.snapshot();
const reloaded = new Engine(policy, snap);
const texts: string[] = [engine.validateJson("{}", "{}"), engine.previewJson("{}", "{}"), engine.applyJson("{}", "{}"), engine.snapshotJson()];
const policyVerdict: Verdict = validatePolicy({ timezone: "Mars/Olympus" });
const v: string = version();
const bytes: number = wasmMemoryBytes();

try {
  new Engine(policy, { credits: [] });
} catch (e) {
  if (e instanceof EngineError) {
    const codes: string[] = e.issues.map((i) => `${i.code}@${i.path}`);
    console.log(codes, e.name);
  }
}

// A half-filled form: any value in a known field.
const draft: CommandDraft = { type: "addCredits", clientIds: ["c1", 7], quantity: "tw" };
const draftVerdict: Verdict = engine.validate(draft, ctx);
const code: IssueCode = draftVerdict.errors[0]?.code ?? "required";
const summary: SummaryPreview = engine.preview(commands[2]!, ctx, { detail: "summary" });
const full: Preview = engine.preview(commands[2]!, ctx, { detail: "full" });
const counted: number = summary.counts.itemsOk + full.counts.creditsChanged;
const summaryText: string = engine.previewJson("{}", "{}", JSON.stringify({ detail: "summary" }));
const changes: Changes = { clients: [{ id: "c2", name: "Bea" }], remove: { bookings: ["b9"] }, appliedCommandIds: ["srv-1"] };
const copy: Engine = engine.clone();
copy.patch(changes);
copy.patchJson(JSON.stringify(changes));
const replayed: ReplayResult = copy.replay([{ command: commands[0]!, ctx }, { command: draft, ctx }]);
const replayedText: string = copy.replayJson("[]");
const used: number = (copy.balances()[0]?.used ?? 0) + replayed.applied;
const tz: string = tzdataVersion();
console.log(code, counted, summaryText, replayedText, used, tz);

for (const item of preview.items ?? []) console.log(item.id, item.ok);
for (const c of preview.credits.changed) console.log(c.before.sessionTypeId, c.after.sessionTypeId);
console.log(again, firstIssue, entries, applied.steps, rows, allRows, reloaded, texts, policyVerdict, v, bytes);
engine.free();

// The sample studio is typed as a policy and a snapshot the constructor takes.
const sampleEngine: Engine = new Engine(sampleStudio.policy, sampleStudio.snapshot);
const sampleNow: string = sampleStudio.now;
void sampleEngine;
void sampleNow;

// Every command type the engine declares has its command shape, and no other exists.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const commandTypesMatch: Same<CommandType, Command["type"]> = true;
console.log(commandTypesMatch);

// session-credits/init: the same API, loaded by init() or initSync(); the .wasm as a module.
import initEngine, * as lazy from "session-credits/init";
import packagedWasm from "session-credits/session_credits_bg.wasm";
async function loadLazily(): Promise<Preview> {
  await initEngine();
  await lazy.init(new URL("https://example.test/session_credits_bg.wasm"));
  await lazy.init(fetch("/session_credits_bg.wasm"));
  lazy.initSync(new Uint8Array(0));
  lazy.initSync(packagedWasm);
  const e: Engine = new lazy.Engine(sampleStudio.policy, sampleStudio.snapshot);
  const err: EngineError = new lazy.EngineError("x");
  console.log(err.issues, lazy.version(), lazy.tzdataVersion(), lazy.validatePolicy({}).ok, lazy.wasmMemoryBytes());
  return e.preview({ type: "checkIn", bookingId: "b1" }, { actor: { id: "a", role: "manager" }, now: sampleStudio.now });
}
void loadLazily;

// session-credits/worker: Engine's API in a module worker, each answer a promise.
import { WorkerEngine, EngineError as WorkerEngineError } from "session-credits/worker";
async function inWorker(): Promise<number> {
  const e: WorkerEngine = await WorkerEngine.create(sampleStudio.policy, sampleStudio.snapshot);
  const f = await WorkerEngine.fromJson("{}", new TextEncoder().encode("{}"), { worker: new Worker("x.js", { type: "module" }) });
  await WorkerEngine.fromJson(new URL("https://example.test/policy.json"), new URL("/snapshot", "https://example.test/"));
  const ctx = { actor: { id: "a", role: "manager" }, now: sampleStudio.now };
  const v: Verdict = await e.validate({ type: "checkIn", bookingId: "b1" }, ctx);
  const p: Preview = await e.preview({ type: "checkIn", bookingId: "b1" }, ctx);
  const s: SummaryPreview = await e.apply({ type: "checkIn", bookingId: "b1" }, { ...ctx, commandId: "c" }, { detail: "summary" });
  const text: string = await e.previewJson("{}", "{}", '{"detail":"summary"}');
  const rows: Balance[] = await (await e.clone()).balances({ clientId: "c1" });
  const r: ReplayResult = await e.replay([]);
  await e.patch({ appliedCommandIds: ["x"] });
  const snap: Snapshot = await e.snapshot();
  await f.free();
  e.terminate();
  const isError: boolean = new WorkerEngineError("x") instanceof EngineError;
  console.log(v.ok, p.ok, s.ok, text, r.applied, snap.clients.length, isError);
  return rows.length;
}
void inWorker;
