/** What the web knows of one worker from its latest frame (reports.ts keeps them, status.ts reads them). */
import type { PipelineHealth } from "./health";

/** What the web process knows of one worker: its last frame's header and when it arrived. */
export interface SourceReport {
  source: string;
  /** Wall ms the frame arrived here. */
  receivedAt: number;
  /** Wall ms the worker published it. */
  emittedAt: number;
  /** Event-time ms up to which its windows are closed. */
  watermark: number | null;
  /** Wall ms the watermark last moved forward. */
  watermarkMovedAt: number;
  /** Event-time ms of the earliest second with data seen in its frames here (null: none). */
  firstDataAt?: number | null;
  pipeline?: PipelineHealth;
}
