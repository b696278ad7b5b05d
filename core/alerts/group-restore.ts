/**
 * The groups put back after a restart, from the registry's restored alerts and the stored
 * groups' notification logs: nothing already sent is sent again, nothing pending is forgotten.
 */
import type { GroupState } from "./aggregation-group";
import type { TrackedAlert } from "./alert-registry";
import type { GroupTable } from "./group-table";

/**
 * Places the restored alerts into `table` and gives the groups their stored logs and timers.
 * `live` is the registry's entry for a fingerprint (restored before this). Returns the keys of
 * stored groups that no longer exist under the current policy.
 */
export function restoreGroups(
  table: GroupTable,
  {
    alerts,
    stored,
    live,
  }: {
    alerts: readonly TrackedAlert[];
    stored: readonly GroupState[];
    live: (fingerprint: string) => TrackedAlert | undefined;
  },
  now: number,
): string[] {
  for (const a of alerts) {
    if (a.state === "firing") {
      const l = live(a.fingerprint);
      if (l) table.place(l, now);
    }
  }
  // Resolved alerts matter only to groups that told the receiver they were firing.
  const untold = new Map<string, Set<string>>();
  for (const s of stored) {
    if (!s.log) continue;
    const told = new Set(s.log.resolved);
    untold.set(s.key, new Set(s.log.firing.filter((fp) => !told.has(fp))));
  }
  for (const a of alerts) {
    if (a.state === "resolved") table.place(a, now, (g) => untold.get(g.key)?.has(a.fingerprint) === true);
  }
  const byKey = new Map(stored.map((s) => [s.key, s]));
  for (const g of table.groups.values()) {
    const s = byKey.get(g.key);
    if (!s) continue;
    g.nextFlushAt = Math.max(now, Math.min(s.nextFlushAt, now + g.route.groupIntervalMs));
    if (s.log) g.log = { firing: new Set(s.log.firing), resolved: new Set(s.log.resolved), at: s.log.at };
  }
  return stored.filter((s) => !table.groups.has(s.key)).map((s) => s.key);
}
