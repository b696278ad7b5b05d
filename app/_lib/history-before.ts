/** Charts join stored history and live rows: the history they show is what came before the live rows. */

/** The history rows older than the first live row (all of them when there is no live row yet). */
export function before<R extends { t: number }>(
  history: readonly R[] | undefined,
  live: readonly { t: number }[],
): R[] {
  const first = live[0]?.t ?? Number.POSITIVE_INFINITY;
  return (history ?? []).filter((r) => r.t < first);
}
