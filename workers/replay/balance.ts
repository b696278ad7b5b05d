/**
 * Deals partitions to a replay's processes so each gets about the same number of events: the
 * largest partitions first, each to the process with the fewest events so far (LPT). Dealing by
 * count alone is uneven: API events are keyed by endpoint, and a launch has only a handful of
 * endpoints, so some API partitions hold many times what others do.
 */
export interface SizedPartition {
  topic: string;
  partition: number;
  /** Events in the partition (log end minus log start). */
  events: number;
}

export function balancePartitions(
  parts: SizedPartition[],
  processes: number,
): Array<Array<{ topic: string; partition: number }>> {
  if (!Number.isInteger(processes) || processes < 1)
    throw new RangeError(`processes must be ≥ 1, got ${processes}`);
  const shares = Array.from({ length: processes }, () => ({ events: 0, parts: [] as SizedPartition[] }));
  const order = [...parts].sort(
    (a, b) => b.events - a.events || a.topic.localeCompare(b.topic) || a.partition - b.partition,
  );
  for (const p of order) {
    let min = shares[0]!;
    for (const s of shares)
      if (s.events < min.events || (s.events === min.events && s.parts.length < min.parts.length)) min = s;
    min.events += p.events;
    min.parts.push(p);
  }
  return shares.map((s) => s.parts.map(({ topic, partition }) => ({ topic, partition })));
}
