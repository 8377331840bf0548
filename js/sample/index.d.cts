// The sample studio of the README: policy, snapshot and the fixed `now` its answers were taken at.
import type { Instant, Policy, SnapshotInput } from "../index.cjs";

/** A small studio (clients c1 "Aaron Diaz" to c6, credits k1–k10, bookings b1–b4), deeply frozen. */
export declare const sampleStudio: {
  readonly now: Instant;
  readonly policy: Policy;
  readonly snapshot: SnapshotInput;
};
