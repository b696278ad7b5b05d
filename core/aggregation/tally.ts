/**
 * The books of a stream, per topic: every message the workers read is counted, dropped as late
 * or as a duplicate, or dead-lettered (undecodable, rejected, ahead of its stream, in an
 * unreadable batch), so `counted + late + duplicates + deadLettered = read`, exactly, whatever
 * crashes and restarts happened (the counters are stored with the offsets). `read` equals the
 * messages in the topic once the workers have caught up; with a simulator's summary, also what
 * it sent. Pure: the numbers come from the store and the broker.
 */
import type { Counters } from "./series";

export const tallyKinds = ["orders", "downloads", "api"] as const;
export type TallyKind = (typeof tallyKinds)[number];

export interface TallyInput {
  /** Messages the workers have read (stored next offsets minus the log start), per kind. */
  read: Record<TallyKind, number>;
  /** Events counted into the aggregates, per kind. */
  counted: Record<TallyKind, number>;
  /** The partitions' stored counters, summed per kind. */
  counters: Record<TallyKind, Counters>;
  /** Messages in the topics now (log end minus log start), per kind. */
  inTopic: Record<TallyKind, number>;
  /** What a simulator run reports it sent, per kind (optional). */
  sent?: Record<TallyKind, number>;
  /** Messages in the topics when that run began (default 0: the topics were new). */
  sentSince?: Record<TallyKind, number>;
}

export interface TallyRow {
  kind: TallyKind;
  sent: number | null;
  inTopic: number;
  read: number;
  counted: number;
  late: number;
  duplicates: number;
  deadLettered: number;
  /** read - (counted + late + duplicates + deadLettered): 0 when the books balance. */
  unaccounted: number;
}

export interface Tally {
  rows: TallyRow[];
  /** Every row balances and the workers have read everything in the topics (and what was sent). */
  balanced: boolean;
  /** Why not, one line per problem. */
  problems: string[];
}

export function tally(input: TallyInput): Tally {
  const rows: TallyRow[] = [];
  const problems: string[] = [];
  for (const kind of tallyKinds) {
    const c = input.counters[kind];
    const deadLettered = c.invalid + c.ahead + c.unreadable;
    const row: TallyRow = {
      kind,
      sent: input.sent ? input.sent[kind] : null,
      inTopic: input.inTopic[kind],
      read: input.read[kind],
      counted: input.counted[kind],
      late: c.lateDropped,
      duplicates: c.duplicates,
      deadLettered,
      unaccounted: input.read[kind] - (input.counted[kind] + c.lateDropped + c.duplicates + deadLettered),
    };
    rows.push(row);
    if (row.unaccounted !== 0)
      problems.push(`${kind}: ${row.unaccounted} messages read but not accounted for`);
    if (row.read < row.inTopic)
      problems.push(`${kind}: the workers are ${row.inTopic - row.read} messages behind`);
    const arrived = row.inTopic - (input.sentSince?.[kind] ?? 0);
    if (row.sent !== null && row.sent !== arrived) {
      problems.push(`${kind}: ${row.sent} sent but ${arrived} arrived in the topic`);
    }
  }
  return { rows, balanced: problems.length === 0, problems };
}
