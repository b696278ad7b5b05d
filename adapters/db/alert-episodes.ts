/**
 * The notifier's alert history: each episode's latest state in `alerts` (one row per firing
 * episode, `<fingerprint>:<startsAt>`) and every state change in `alert_events`, written with
 * `unnest` so a tick's transitions are two statements whatever their number.
 */
import type pg from "pg";
import type { AlertTransition, TrackedAlert } from "../../core/alerts/alert-registry";
import { type AlertDbRow, alertColumns, episodeOf } from "./alert-rows";
import type { TransactionClient } from "./transaction";

type Queryable = Pick<pg.Pool, "query">;

const episodeId = (fingerprint: string, startsAt: number) => `${fingerprint}:${startsAt}`;

/**
 * Writes `transitions` on `client` (the caller's transaction). Idempotent: a retried batch
 * changes nothing twice, and a resolved episode is never reopened.
 */
export async function writeTransitions(
  client: TransactionClient,
  transitions: readonly AlertTransition[],
): Promise<void> {
  const episodes = new Map<string, AlertTransition>();
  for (const t of transitions) {
    if (t.state === "pending") continue;
    episodes.set(episodeId(t.alert.fingerprint, t.alert.startsAt), t);
  }
  if (episodes.size > 0) await upsertEpisodes(client, [...episodes.values()]);
  await client.query(
    `insert into alert_events (fingerprint, rule, state, reason, at, value, labels)
     select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int8[], $6::float8[], $7::jsonb[])
       as u(fp, rule, state, reason, at, value, labels)
     where not exists (
       select 1 from alert_events e where e.fingerprint = u.fp and e.at = u.at and e.state = u.state)`,
    [
      transitions.map((t) => t.alert.fingerprint),
      transitions.map((t) => t.alert.rule),
      transitions.map((t) => t.state),
      transitions.map((t) => t.reason),
      transitions.map((t) => t.at),
      transitions.map((t) => t.alert.value),
      transitions.map((t) => JSON.stringify(t.alert.labels)),
    ],
  );
}

/** One row per episode, the latest transition of each (no pending ones: they are not episodes yet). */
async function upsertEpisodes(client: TransactionClient, list: readonly AlertTransition[]): Promise<void> {
  await client.query(
    `insert into alerts (id, fingerprint, rule, state, labels, annotations, value, starts_at, ends_at, resolved_by, external, updated_at)
     select u.id, u.fp, u.rule, u.state, u.labels::jsonb, u.annotations::jsonb, u.value, u.starts_at, u.ends_at, u.resolved_by, u.external, now()
     from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::float8[],
                 $8::int8[], $9::int8[], $10::text[], $11::bool[])
       as u(id, fp, rule, state, labels, annotations, value, starts_at, ends_at, resolved_by, external)
     on conflict (id) do update set
       state = excluded.state, value = excluded.value, annotations = excluded.annotations,
       ends_at = excluded.ends_at, resolved_by = excluded.resolved_by, updated_at = now()
     where alerts.state <> 'resolved'`,
    [
      list.map((t) => episodeId(t.alert.fingerprint, t.alert.startsAt)),
      list.map((t) => t.alert.fingerprint),
      list.map((t) => t.alert.rule),
      list.map((t) => t.state),
      list.map((t) => JSON.stringify(t.alert.labels)),
      list.map((t) => JSON.stringify(t.alert.annotations)),
      list.map((t) => t.alert.value),
      list.map((t) => t.alert.startsAt),
      list.map((t) => (t.state === "resolved" ? t.alert.endsAt : null)),
      list.map((t) => (t.state === "resolved" ? t.reason : null)),
      list.map((t) => t.alert.external === true),
    ],
  );
}

/**
 * The firing episodes and those resolved after wall time `now - resolvedWithinMs`, as the
 * registry tracks them after a restart (last seen `now`).
 */
export async function loadEpisodes(
  db: Queryable,
  now: number,
  resolvedWithinMs: number,
): Promise<TrackedAlert[]> {
  const { rows } = await db.query<AlertDbRow>(
    `select ${alertColumns()}
     from alerts
     where state = 'firing' or (state = 'resolved' and updated_at > to_timestamp($1 / 1000.0))
     order by updated_at`,
    [now - resolvedWithinMs],
  );
  // One entry per fingerprint: a later episode replaces an earlier one.
  const byFp = new Map<string, TrackedAlert>();
  for (const r of rows) {
    byFp.set(r.fingerprint, {
      ...episodeOf(r),
      lastSeenAt: now,
      sentAt: 0,
      ...(r.external ? { external: true as const } : {}),
    });
  }
  return [...byFp.values()];
}
