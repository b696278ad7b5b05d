/**
 * Claiming due outbox rows for delivery (see outbox.ts): only the newest row of a (receiver,
 * group), never while an older one of the group is in flight, leased to the claiming deliverer
 * with `FOR UPDATE SKIP LOCKED` so two deliverers never take the same row.
 */
import type pg from "pg";
import { type Notification, NotificationSchema } from "../../core/alerts/notification";

export interface ClaimedRow {
  id: number;
  idempotencyKey: string;
  receiver: string;
  groupKey: string;
  /** Attempts made before this one. */
  attempts: number;
  /** Age of the row in ms. */
  ageMs: number;
  notification: Notification;
}

export interface ClaimOptions {
  owner: string;
  limit: number;
  leaseMs: number;
  onUnparsable?: (id: number, reason: string) => void;
}

/**
 * Claims up to `limit` due rows for `leaseMs`, oldest first. Rows whose payload no longer parses
 * are failed on the spot and reported to `onUnparsable`.
 */
export async function claimDue(
  pool: Pick<pg.Pool, "query">,
  { owner, limit, leaseMs, onUnparsable }: ClaimOptions,
): Promise<ClaimedRow[]> {
  // A row that went back to the queue while its group's newer row was being inserted (the
  // two transactions could not see each other) is stale all the same: supersede it now,
  // so it can never be sent after the newer state.
  await pool.query(
    `update notification_outbox o set status = 'superseded', lease_until = null
     where (o.status = 'pending' or (o.status = 'sending' and o.lease_until <= now())) and exists (
       select 1 from notification_outbox n
       where n.receiver = o.receiver and n.group_key = o.group_key and n.id > o.id)`,
  );
  const { rows } = await pool.query<{
    id: string;
    idempotency_key: string;
    receiver: string;
    group_key: string;
    attempts: number;
    age_ms: number;
    payload: unknown;
  }>(
    `with due as (
       select c.id from notification_outbox c
       where ((c.status = 'pending' and c.next_attempt_at <= now())
              or (c.status = 'sending' and c.lease_until <= now()))
         and not exists (
           select 1 from notification_outbox n
           where n.receiver = c.receiver and n.group_key = c.group_key and n.id > c.id)
         and not exists (
           select 1 from notification_outbox s
           where s.receiver = c.receiver and s.group_key = c.group_key and s.id < c.id
             and s.status = 'sending' and s.lease_until > now())
       order by c.id
       limit $2
       for update skip locked
     )
     update notification_outbox o
     set status = 'sending', claimed_by = $1, lease_until = now() + make_interval(secs => $3 / 1000.0)
     from due where o.id = due.id
     returning o.id, o.idempotency_key, o.receiver, o.group_key, o.attempts,
               (extract(epoch from now() - o.created_at) * 1000)::float8 as age_ms, o.payload`,
    [owner, limit, leaseMs],
  );
  const out: ClaimedRow[] = [];
  for (const r of rows) {
    const parsed = NotificationSchema.safeParse(r.payload);
    if (!parsed.success) {
      const reason = `payload does not parse: ${parsed.error.issues[0]?.message ?? "invalid"}`;
      await pool.query(
        "update notification_outbox set status = 'failed', last_error = $2, lease_until = null where id = $1",
        [r.id, reason],
      );
      onUnparsable?.(Number(r.id), reason);
      continue;
    }
    out.push({
      id: Number(r.id),
      idempotencyKey: r.idempotency_key,
      receiver: r.receiver,
      groupKey: r.group_key,
      attempts: r.attempts,
      ageMs: r.age_ms,
      notification: parsed.data,
    });
  }
  return out.sort((a, b) => a.id - b.id);
}
