/**
 * How current a panel's data is: "updated 3 s ago", and a stale mark once it is old. Pure, so
 * the rule is tested without a browser (freshness.test.ts).
 */

/** A panel's data counts as stale past this age (default of {@link freshness}). */
export const defaultStaleAfterMs = 15_000;

export interface Freshness {
  /** Age of the data, ms (never negative: clocks a little apart read 0). */
  ageMs: number;
  stale: boolean;
  /** "updated 3 s ago", "updated 2 m 5 s ago". */
  text: string;
}

function ageText(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} m ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} m`;
}

/**
 * @param updatedAt wall-clock ms (the server's) at which the data shown was produced or fetched; null: none yet
 * @param now the server's wall clock as the page estimates it
 * @param staleAfterMs older than this is stale (default 15 s)
 * @param staleReason forces the stale mark (e.g. the pipeline says no new events): the data may be fresh, its content is not
 */
export function freshness(
  updatedAt: number | null,
  now: number,
  {
    staleAfterMs = defaultStaleAfterMs,
    staleReason = null,
  }: { staleAfterMs?: number; staleReason?: string | null } = {},
): Freshness | null {
  if (updatedAt === null) return null;
  const ageMs = Math.max(0, now - updatedAt);
  return {
    ageMs,
    stale: staleReason !== null || ageMs > staleAfterMs,
    text: `updated ${ageText(ageMs)} ago`,
  };
}
