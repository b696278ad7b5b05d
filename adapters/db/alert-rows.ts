/**
 * The `alerts` row (one alert episode) as both its readers select it: the dashboard's alert list
 * and the notifier's restore after a restart. One shape, so the two cannot drift apart when a
 * column is added.
 */

/** The columns of an `alerts` row both readers take (event-time ms as int8, which `pg` returns as text). */
export interface AlertDbRow {
  fingerprint: string;
  rule: string;
  state: "firing" | "resolved";
  labels: Record<string, string>;
  annotations: Record<string, string>;
  value: number;
  starts_at: string;
  ends_at: string | null;
  external: boolean;
}

/** The columns of an {@link AlertDbRow} for a `select`, qualified by the table's alias when given. */
export const alertColumns = (alias?: string): string =>
  ["fingerprint", "rule", "state", "labels", "annotations", "value", "starts_at", "ends_at", "external"]
    .map((c) => (alias ? `${alias}.${c}` : c))
    .join(", ");

/** What every reader makes of an episode's row: its identity, state, labels and times in ms. */
export function episodeOf(r: AlertDbRow) {
  return {
    fingerprint: r.fingerprint,
    rule: r.rule,
    state: r.state,
    labels: r.labels,
    annotations: r.annotations,
    value: r.value,
    startsAt: Number(r.starts_at),
    endsAt: r.ends_at === null ? null : Number(r.ends_at),
  };
}
