/** A Kafka replay's own alert history (`replay_alerts`): the state changes its alerter sent, in order. */
import type pg from "pg";
import type { Alert } from "../../core/alerts/alert";

type Queryable = Pick<pg.Pool, "query">;

export interface ReplayAlerts {
  /** Stores alert state changes (not re-sends). */
  addAlerts(id: string, alerts: readonly Alert[]): Promise<void>;
  alerts(id: string): Promise<Alert[]>;
}

export function createReplayAlerts(pool: Queryable): ReplayAlerts {
  return {
    async addAlerts(id, alerts) {
      if (alerts.length === 0) return;
      await pool.query(
        `insert into replay_alerts (replay_id, fingerprint, rule, state, labels, starts_at, ends_at, value)
         select $1, f, r, s, l, a, e, v from unnest($2::text[], $3::text[], $4::text[], $5::jsonb[], $6::bigint[], $7::bigint[], $8::float8[])
           as u(f, r, s, l, a, e, v)`,
        [
          id,
          alerts.map((a) => a.fingerprint),
          alerts.map((a) => a.rule),
          alerts.map((a) => a.state),
          alerts.map((a) => JSON.stringify(a.labels)),
          alerts.map((a) => a.startsAt),
          alerts.map((a) => a.endsAt),
          alerts.map((a) => a.value),
        ],
      );
    },
    async alerts(id) {
      const { rows } = await pool.query("select * from replay_alerts where replay_id = $1 order by seq", [
        id,
      ]);
      return rows.map((r) => ({
        v: 1 as const,
        fingerprint: r.fingerprint,
        rule: r.rule,
        state: r.state,
        labels: r.labels,
        annotations: {},
        startsAt: Number(r.starts_at),
        endsAt: r.ends_at === null ? null : Number(r.ends_at),
        value: r.value,
        sentAt: 0,
      }));
    },
  };
}
