/**
 * What a Chains or Cities row says for its shops over capacity when the frames count them per
 * group (issue 15): the number when every live worker counted it, a lower bound when some did
 * not or a partition has no reader, nothing when a rebalance has two workers claiming the same
 * partition (a shop may be counted twice, or only part of its minute). Never a silent undercount.
 */
import type { ShopsOverView } from "../frames/shops-over";

export type ShopsOverCell =
  /** Exact: every shop over capacity of the group. */
  | { n: number; atLeast: false; reason: null }
  /** At least `n`: some shops are not in the sum, `reason` says which. */
  | { n: number; atLeast: true; reason: string }
  /** Unknown: `reason` says why. */
  | { n: null; atLeast: false; reason: string };

const list = (parts: readonly string[]) =>
  parts.length > 3 ? `${parts.slice(0, 3).join(", ")} and ${parts.length - 3} more` : parts.join(", ");

/**
 * How a group's count reads given the view's coverage; null when no frame counts per group
 * (the caller falls back to the shop alerts).
 */
export function shopsOverCoverage(view: ShopsOverView): ((n: number) => ShopsOverCell) | null {
  if (view.counted === 0) return null;
  if (view.shared.length > 0) {
    const reason =
      `partitions are moving between workers (${list(view.shared)} claimed by two): ` +
      "the count is back once the rebalance settles";
    return () => ({ n: null, atLeast: false, reason });
  }
  const missing: string[] = [];
  if (view.counted < view.sources)
    missing.push(
      `${view.sources - view.counted} of ${view.sources} workers do not count shops over per group (an older version or an old snapshot)`,
    );
  if (view.unread.length > 0) missing.push(`no worker reports ${list(view.unread)}`);
  if (view.partialMinuteMs !== null)
    missing.push(`a worker holds only ${Math.floor(view.partialMinuteMs / 1000)} s of the last minute`);
  if (missing.length === 0) return (n) => ({ n, atLeast: false, reason: null });
  const reason = `at least: ${missing.join("; ")}, so some orders or shops are not counted`;
  return (n) => ({ n, atLeast: true, reason });
}
