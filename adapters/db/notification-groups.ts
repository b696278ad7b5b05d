/**
 * The notifier's `notification_groups`: each aggregation group's next flush and its notification
 * log (what was last sent firing and resolved), written with the flush that decided them.
 */
import type pg from "pg";
import type { GroupState } from "../../core/alerts/aggregation-group";
import { epochMs } from "./sql-time";

type Queryable = Pick<pg.Pool, "query">;

/** Upserts `groups` and deletes the `deleted` keys, on `client` (the flush's transaction). */
export async function writeGroups(
  client: Queryable,
  groups: readonly GroupState[],
  deleted: readonly string[],
): Promise<void> {
  const withLog = groups.filter((g) => g.log);
  const withoutLog = groups.filter((g) => !g.log);
  if (withoutLog.length > 0) {
    await client.query(
      `insert into notification_groups (key, receiver, route_key, labels, next_flush_at, updated_at)
       select u.key, u.receiver, u.route_key, u.labels::jsonb, to_timestamp(u.next / 1000.0), now()
       from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::float8[]) as u(key, receiver, route_key, labels, next)
       on conflict (key) do update set next_flush_at = excluded.next_flush_at, updated_at = now()`,
      [
        withoutLog.map((g) => g.key),
        withoutLog.map((g) => g.receiver),
        withoutLog.map((g) => g.routeKey),
        withoutLog.map((g) => JSON.stringify(g.labels)),
        withoutLog.map((g) => g.nextFlushAt),
      ],
    );
  }
  // Logs can hold tens of thousands of fingerprints: one statement per group.
  for (const g of withLog) {
    await client.query(
      `insert into notification_groups (key, receiver, route_key, labels, next_flush_at,
                                        notified_firing, notified_resolved, notified_at, updated_at)
       values ($1, $2, $3, $4::jsonb, to_timestamp($5 / 1000.0), $6::text[], $7::text[], to_timestamp($8 / 1000.0), now())
       on conflict (key) do update set next_flush_at = excluded.next_flush_at,
         notified_firing = excluded.notified_firing, notified_resolved = excluded.notified_resolved,
         notified_at = excluded.notified_at, updated_at = now()`,
      [
        g.key,
        g.receiver,
        g.routeKey,
        JSON.stringify(g.labels),
        g.nextFlushAt,
        g.log!.firing,
        g.log!.resolved,
        g.log!.at,
      ],
    );
  }
  await deleteGroups(client, deleted);
}

/** Deletes the groups with these keys. */
export async function deleteGroups(db: Queryable, keys: readonly string[]): Promise<void> {
  if (keys.length > 0) await db.query("delete from notification_groups where key = any($1::text[])", [keys]);
}

/** Every stored group. */
export async function loadGroups(db: Queryable): Promise<GroupState[]> {
  const { rows: groupRows } = await db.query<{
    key: string;
    receiver: string;
    route_key: string;
    labels: Record<string, string>;
    next: number;
    notified_firing: string[] | null;
    notified_resolved: string[] | null;
    notified: number | null;
  }>(
    `select key, receiver, route_key, labels,
            ${epochMs("next_flush_at")} as next,
            notified_firing, notified_resolved,
            ${epochMs("notified_at")} as notified
     from notification_groups`,
  );
  return groupRows.map((g) => ({
    key: g.key,
    receiver: g.receiver,
    routeKey: g.route_key,
    labels: g.labels,
    nextFlushAt: Math.round(g.next),
    ...(g.notified !== null
      ? {
          log: {
            firing: g.notified_firing ?? [],
            resolved: g.notified_resolved ?? [],
            at: Math.round(g.notified),
          },
        }
      : {}),
  }));
}
