// session-credits/worker: the engine in a module Web Worker; Engine's API, each call a promise.
import type { Balance, BalanceQuery, Liability, LiabilityQuery, Usage, UsageQuery, Changes, Command, CommandDraft, Context, Policy, Preview, PreviewOptions, ReplayEntry, ReplayResult, Snapshot, SnapshotInput, SummaryPreview, Verdict } from "./index.js";
export { EngineError } from "./index.js";

/**
 * JSON text; its bytes, transferred to the worker (the caller's buffer is emptied); or a URL the
 * worker fetches it from (resolve a relative one first: `new URL("/api/snapshot", location.href)`).
 */
export type JsonInput = string | ArrayBuffer | ArrayBufferView | URL;

export interface WorkerEngineOptions {
  /** A worker you started on session-credits' worker-entry.js (a bundler that cannot start it itself: esbuild). */
  worker?: Worker;
}

export declare class WorkerEngine {
  private constructor();
  /** An engine in a new worker, from JSON text; rejects with an EngineError listing every problem. */
  static fromJson(policyJson: JsonInput, snapshotJson: JsonInput, options?: WorkerEngineOptions): Promise<WorkerEngine>;
  /** The same from objects, read as JSON as the Engine constructor reads them. */
  static create(policy: Policy, snapshot: SnapshotInput, options?: WorkerEngineOptions): Promise<WorkerEngine>;
  validate(command: Command | CommandDraft, ctx: Context): Promise<Verdict>;
  preview(command: Command | CommandDraft, ctx: Context, options?: PreviewOptions & { detail?: "full" }): Promise<Preview>;
  preview(command: Command | CommandDraft, ctx: Context, options: PreviewOptions & { detail: "summary" }): Promise<SummaryPreview>;
  apply(command: Command | CommandDraft, ctx: Context, options?: PreviewOptions & { detail?: "full" }): Promise<Preview>;
  apply(command: Command | CommandDraft, ctx: Context, options: PreviewOptions & { detail: "summary" }): Promise<SummaryPreview>;
  /** Rejects with an EngineError listing every problem; nothing changes then. */
  patch(changes: Changes): Promise<void>;
  replay(entries: ReplayEntry[]): Promise<ReplayResult>;
  /** Rejects with an EngineError for a bad asOf. */
  balances(query?: BalanceQuery): Promise<Balance[]>;
  /** Rejects with an EngineError for a bad query. */
  usage(query: UsageQuery): Promise<Usage[]>;
  /** Rejects with an EngineError for a bad query. */
  liability(query?: LiabilityQuery): Promise<Liability>;
  snapshot(): Promise<Snapshot>;
  validateJson(command: string, ctx: string): Promise<string>;
  previewJson(command: string, ctx: string, options?: string): Promise<string>;
  applyJson(command: string, ctx: string, options?: string): Promise<string>;
  patchJson(changes: string): Promise<void>;
  replayJson(entries: string): Promise<string>;
  snapshotJson(): Promise<string>;
  /** An independent copy in the same worker. */
  clone(): Promise<WorkerEngine>;
  /** Frees this engine's memory in the worker. */
  free(): Promise<void>;
  /** Ends the worker, with this engine and its clones; calls still waiting reject. */
  terminate(): void;
}
