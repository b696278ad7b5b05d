/**
 * The values a mapping reads from a record's JSON value, one per distinct path: by the byte
 * reader (path-scan.ts) when the record comes with its bytes and the reader can answer, else by
 * `JSON.parse` and the paths (the reference, which names what is wrong). Both give the same
 * values, so what follows (value maps, conversions, checks) never knows which one read them.
 */
import { type PathSegment, readPath } from "./path";
import { compilePaths, PARSED_TIME, type PathPlan } from "./path-plan";
import { scanPaths } from "./path-scan";

/** One record as the mapper reads it. */
export interface SourceRecord {
  /** The value as UTF-8 text (null: no value); read only when the bytes cannot be. */
  value: string | null;
  /**
   * The value's bytes, when the caller has them: `data[valueStart, valueEnd)`, `valueStart` -1
   * for no value. Without them the value is parsed from `value`.
   */
  data?: Buffer;
  valueStart?: number;
  valueEnd?: number;
  key: string | null;
  /** A header's value as UTF-8, or null. */
  header(name: string): string | null;
  /** The record timestamp, epoch ms (null when the client did not give it). */
  timestamp: number | null;
}

/** Why a value could not be read (`field` is always `value`). */
export interface ValueProblem {
  problem: string;
  detail: string;
}

export interface RecordValues {
  /** Slot of a path's value in what {@link RecordValues.read} fills. */
  slotOf(path: readonly PathSegment[]): number;
  /**
   * Fills `values` by slot (undefined: absent; {@link PARSED_TIME} at an ISO-8601 time read from
   * the bytes, see `timeAt`); a problem when the value is empty or not JSON.
   */
  read(rec: SourceRecord, values: unknown[]): ValueProblem | null;
  slots: number;
  /** The time (epoch ms) at a slot whose value is PARSED_TIME. */
  timeAt(slot: number): number;
}

export { PARSED_TIME };

export interface RecordValuesOptions {
  /** Paths whose strings repeat (value maps, filters): one string object per value. */
  interned?: ReadonlyArray<readonly PathSegment[]>;
  /** Paths of ISO-8601 times only their time field reads: read from the bytes without a string. */
  isoTimes?: ReadonlyArray<readonly PathSegment[]>;
  /** false: always parse (the byte reader's reference, for tests). Default true. */
  bytes?: boolean;
}

export function recordValues(
  paths: ReadonlyArray<readonly PathSegment[]>,
  { interned = [], isoTimes = [], bytes = true }: RecordValuesOptions = {},
): RecordValues {
  const { plan, slotOf } = compilePaths(paths, interned, isoTimes);
  const useBytes = bytes && plan.root !== null;
  return {
    slotOf,
    slots: plan.paths.length,
    timeAt: (slot) => plan.times[slot]!,
    read(rec, values) {
      if (plan.paths.length === 0) return null;
      const data = rec.data;
      if (useBytes && data !== undefined) {
        const s = rec.valueStart!;
        if (s < 0 || rec.valueEnd === s) return { problem: "empty message", detail: "" };
        if (scanPaths(plan, data, s, rec.valueEnd!, values)) return null;
      }
      return parsed(plan, rec.value, values);
    },
  };
}

function parsed(plan: PathPlan, text: string | null, values: unknown[]): ValueProblem | null {
  if (text === null || text === "") return { problem: "empty message", detail: "" };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { problem: "malformed JSON:", detail: (err as Error).message };
  }
  const paths = plan.paths;
  for (let i = 0; i < paths.length; i++) values[i] = readPath(json, paths[i]!);
  return null;
}
