/**
 * The port through which the web process launches a Kafka replay: it hands over a request and
 * gets progress until the replay ends; aborting the signal cancels it. The implementation that
 * spawns the replay process is adapters/process/replay-process.ts (workers/replay does the work),
 * so server/ never imports the workers.
 */
import type { CapacityOverride } from "./capacity-overrides";
import type { RuleOverride } from "./rule-overrides";

/** A new replay id (time-ordered, 14 characters; matches ReplayIdSchema). */
export function newReplayId(): string {
  const bytes = new Uint8Array(3);
  globalThis.crypto.getRandomValues(bytes);
  return `${Date.now().toString(36)}${[...bytes].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}

export interface ReplayRequest {
  /** Default: a new id (callers that must know it before the replay ends pass one). */
  id?: string;
  name: string;
  /** Event-time range [from, to) in ms; defaults: everything. */
  from?: number;
  to?: number;
  overrides?: CapacityOverride[];
  /** What-if rules (for the workers' shop rules and the view rules alike). */
  ruleOverrides?: RuleOverride[];
  baselineId?: string | null;
  /** Re-aggregation processes (default 1; one per core is the useful maximum). */
  workers?: number;
  /**
   * Width of the stored aggregate buckets in event-time seconds (default 60, the replay's frame
   * step): totals per minute are exact, and a 9-hour launch writes 540 rows per series key
   * instead of 32,400. 1 stores per second, as the live workers do.
   */
  storeStepSeconds?: number;
}

/** Events of the replay's range read so far, of all. */
export interface ReplayEventCount {
  done: number;
  total: number;
}

export interface ReplayRunner {
  /**
   * Runs the replay `req.id` to the end (its row records the outcome); resolves when it has
   * ended, rejects with why it failed. `onProgress` is told about once a second.
   */
  run(
    req: ReplayRequest & { id: string },
    opts: { signal: AbortSignal; onProgress?: (events: ReplayEventCount) => void },
  ): Promise<void>;
}
