/**
 * The table `notifier_status` (what each notifier process says about itself and its receivers)
 * and the receivers' delivery facts from the outbox: the notifier writes its row every few
 * seconds, the web process reads both for `GET /api/v1/receivers`. Rows are per deployment (the
 * alerts topic a notifier consumes and a web process publishes to), so two deployments sharing a
 * database do not see each other's notifiers. Times are the database's clock, which every
 * process shares.
 */
import type pg from "pg";
import type { NotifierReport, ReceiverFacts } from "../../core/alerts/receiver-report";
import { type PublishedReceiver, PublishedReceiverSchema } from "../../core/api/receivers";

type Queryable = Pick<pg.Pool, "query">;

const ms = (col: string) => `(extract(epoch from ${col}) * 1000)::float8`;

export interface NotifierStatusWriter {
  /** Writes (or refreshes) this instance's row; `heartbeatEveryMs` is how often it will again. */
  publish(entry: {
    alertsTopic: string;
    instanceId: string;
    role: NotifierReport["role"];
    startedAt: number;
    heartbeatEveryMs: number;
    receivers: readonly PublishedReceiver[];
  }): Promise<void>;
  /** Deletes rows of the deployment not refreshed for `olderThanMs` (crashed instances). */
  prune(alertsTopic: string, olderThanMs: number): Promise<void>;
}

export function createNotifierStatusWriter(db: Queryable): NotifierStatusWriter {
  return {
    async publish(e) {
      await db.query(
        `insert into notifier_status (alerts_topic, instance_id, role, started_at, heartbeat_at, heartbeat_every_ms, receivers)
         values ($1, $2, $3, to_timestamp($4 / 1000.0), now(), $5, $6::jsonb)
         on conflict (alerts_topic, instance_id) do update set role = excluded.role,
           heartbeat_at = now(), heartbeat_every_ms = excluded.heartbeat_every_ms, receivers = excluded.receivers`,
        [e.alertsTopic, e.instanceId, e.role, e.startedAt, e.heartbeatEveryMs, JSON.stringify(e.receivers)],
      );
    },
    async prune(alertsTopic, olderThanMs) {
      await db.query(
        `delete from notifier_status
         where alerts_topic = $1 and heartbeat_at < now() - make_interval(secs => $2 / 1000.0)`,
        [alertsTopic, olderThanMs],
      );
    },
  };
}

export interface ReceiverStatusReader {
  /** Every instance's last report for the deployment, and the database's `now` (ms). */
  reports(alertsTopic: string): Promise<{ now: number; reports: NotifierReport[] }>;
  /** The delivery log's facts for these receivers. */
  facts(receivers: readonly string[]): Promise<Map<string, ReceiverFacts>>;
}

export function createReceiverStatusReader(db: Queryable): ReceiverStatusReader {
  return {
    async reports(alertsTopic) {
      const { rows } = await db.query<{
        instance_id: string;
        role: NotifierReport["role"];
        heartbeat: number;
        every: number;
        receivers: unknown;
        now: number;
      }>(
        `select instance_id, role, ${ms("heartbeat_at")} as heartbeat, heartbeat_every_ms as every, receivers,
                ${ms("now()")} as now
         from notifier_status where alerts_topic = $1`,
        [alertsTopic],
      );
      const now =
        rows[0]?.now ?? (await db.query<{ now: number }>(`select ${ms("now()")} as now`)).rows[0]!.now;
      return {
        now: Math.round(now),
        reports: rows.map((r) => ({
          instanceId: r.instance_id,
          role: r.role,
          heartbeatAt: Math.round(r.heartbeat),
          heartbeatEveryMs: r.every,
          // A row written by another version that no longer parses lists no receivers.
          receivers: PublishedReceiverSchema.array().safeParse(r.receivers).data ?? [],
        })),
      };
    },

    async facts(receivers) {
      const { rows } = await db.query<{
        receiver: string;
        at: number | null;
        outcome: NonNullable<ReceiverFacts["lastAttempt"]>["outcome"] | null;
        status_code: number | null;
        error: string | null;
        delivered: number | null;
        retrying: string;
        queued: string;
        dead: string;
      }>(
        `select r.receiver, ${ms("a.at")} as at, a.outcome, a.status_code, a.error, ${ms("d.at")} as delivered,
                coalesce(o.retrying, 0) as retrying, coalesce(o.queued, 0) as queued, coalesce(o.dead, 0) as dead
         from unnest($1::text[]) as r(receiver)
         left join lateral (select at, outcome, status_code, error from delivery_attempts
                            where receiver = r.receiver order by at desc, id desc limit 1) a on true
         left join lateral (select at from delivery_attempts
                            where receiver = r.receiver and outcome = 'delivered' order by at desc limit 1) d on true
         left join (select receiver,
                           count(*) filter (where status in ('pending', 'sending') and attempts > 0) as retrying,
                           count(*) filter (where status in ('pending', 'sending') and attempts = 0) as queued,
                           count(*) filter (where status = 'failed') as dead
                    from notification_outbox where receiver = any($1::text[]) and status in ('pending', 'sending', 'failed')
                    group by receiver) o on o.receiver = r.receiver`,
        [receivers],
      );
      return new Map(
        rows.map((r) => [
          r.receiver,
          {
            lastAttempt:
              r.at === null || r.outcome === null
                ? null
                : { at: Math.round(r.at), outcome: r.outcome, statusCode: r.status_code, error: r.error },
            lastDeliveredAt: r.delivered === null ? null : Math.round(r.delivered),
            retriesPending: Number(r.retrying),
            queued: Number(r.queued),
            deadLettered: Number(r.dead),
          },
        ]),
      );
    },
  };
}
