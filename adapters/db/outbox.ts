/**
 * The delivery side of the notification outbox (the flush queues rows: outbox-enqueue.ts). A
 * deliverer claims due rows with a lease (outbox-claim.ts: `SELECT ... FOR UPDATE SKIP LOCKED`,
 * so several deliverers never take the same row) and reports each attempt. A row whose lease ran out (its deliverer crashed mid-request) is claimed
 * again: delivery is at-least-once, and the row's idempotency key, sent with every attempt, lets
 * the receiver drop the duplicate. Only the newest row of a (receiver, group) is ever claimed,
 * and not while an older one of the same group is in flight, so a group's messages arrive in
 * order and a stale state never lands after a fresh one. Times are the database's clock, which
 * every deliverer shares.
 */
import type pg from "pg";
import { type ClaimedRow, type ClaimOptions, claimDue } from "./outbox-claim";
import { withTransaction } from "./transaction";

export type { ClaimedRow } from "./outbox-claim";

export type AttemptOutcome = "delivered" | "retry" | "rate_limited" | "failed";

export interface Outbox {
  /**
   * Claims up to `limit` due rows for `leaseMs`. Rows whose payload no longer parses are failed
   * on the spot and reported to `onUnparsable` (so they count as failed deliveries).
   */
  claim(opts: ClaimOptions): Promise<ClaimedRow[]>;
  /** Records an attempt and settles the row: delivered, failed, or back to pending after `retryInMs`. */
  settle(
    row: ClaimedRow,
    attempt: {
      owner: string;
      outcome: AttemptOutcome;
      statusCode: number | null;
      durationMs: number;
      error: string | null;
      retryInMs: number;
    },
  ): Promise<void>;
  /** Gives a claimed row back without an attempt (its receiver's rate limit is used up). */
  release(row: ClaimedRow, opts: { owner: string; retryInMs: number }): Promise<void>;
  /** Ms until the next pending row is due (null: none pending), for the deliverer's sleep. */
  nextDueInMs(): Promise<number | null>;
}

/** SQL for a row going back to the queue: `superseded` if its group has a newer row, else `pending`. */
const backOrSuperseded = `case when exists (
    select 1 from notification_outbox n where n.receiver = o.receiver and n.group_key = o.group_key and n.id > o.id)
  then 'superseded' else 'pending' end`;

/** The outbox over `pool` (share the alerting store's). */
export function createOutbox({ pool }: { pool: pg.Pool }): Outbox {
  return {
    claim: (opts) => claimDue(pool, opts),

    async settle(row, { owner, outcome, statusCode, durationMs, error, retryInMs }) {
      await withTransaction(pool, async (client) => {
        await client.query(
          `insert into delivery_attempts (outbox_id, receiver, duration_ms, status_code, outcome, error)
           values ($1, $2, $3, $4, $5, $6)`,
          [row.id, row.receiver, Math.round(durationMs), statusCode, outcome, error],
        );
        if (outcome === "delivered") {
          // Delivered is delivered, whoever holds the lease now (it may have expired meanwhile).
          await client.query(
            `update notification_outbox set status = 'delivered', delivered_at = now(), lease_until = null,
               attempts = attempts + 1, last_error = null
             where id = $1 and status <> 'delivered'`,
            [row.id],
          );
        } else if (outcome === "failed") {
          await client.query(
            `update notification_outbox set status = 'failed', lease_until = null, attempts = attempts + 1, last_error = $2
             where id = $1 and status = 'sending' and claimed_by = $3`,
            [row.id, error, owner],
          );
        } else {
          // Back to the queue, unless a newer state of the group arrived meanwhile: then this one is stale.
          await client.query(
            `update notification_outbox o set status = ${backOrSuperseded}, lease_until = null,
               attempts = attempts + 1, last_error = $2, next_attempt_at = now() + make_interval(secs => $3 / 1000.0)
             where id = $1 and status = 'sending' and claimed_by = $4`,
            [row.id, error, retryInMs, owner],
          );
        }
      });
    },

    async release(row, { owner, retryInMs }) {
      await pool.query(
        `update notification_outbox o set status = ${backOrSuperseded}, lease_until = null,
           next_attempt_at = now() + make_interval(secs => $2 / 1000.0)
         where id = $1 and status = 'sending' and claimed_by = $3`,
        [row.id, retryInMs, owner],
      );
    },

    async nextDueInMs() {
      const { rows } = await pool.query<{ ms: number | null }>(
        `select (extract(epoch from min(t) - now()) * 1000)::float8 as ms from (
           select min(next_attempt_at) as t from notification_outbox where status = 'pending'
           union all
           select min(lease_until) from notification_outbox where status = 'sending'
         ) x`,
      );
      const ms = rows[0]?.ms;
      return ms === null || ms === undefined ? null : Math.max(0, ms);
    },
  };
}
