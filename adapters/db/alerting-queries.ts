/**
 * What the dashboard reads and writes about alerting: the alert list and history (with chart
 * annotations), silences (from silence-queries.ts), acknowledgements and the delivery log.
 * Inputs are validated with Zod here, so a route handler only parses the request and calls these. Server-only: takes a `pg`
 * pool (or anything with its `query`).
 */
import type pg from "pg";
import { z } from "zod";
import {
  type AlertEventRow,
  type AlertRow,
  type DeliveryRow,
  deliveryStatuses,
} from "../../core/api/alerting";
import { InvalidInputError } from "../../core/errors";
import { parseInput as parse } from "./parse-input";
import { createSilenceQueries, type SilenceQueries } from "./silence-queries";
import { epochMs as ms } from "./sql-time";

type Queryable = Pick<pg.Pool, "query">;

export type { AlertEventRow, AlertRow, DeliveryRow, SilenceRow } from "../../core/api/alerting";

/** Input of {@link AlertingQueries.listAlerts} (limit default 200, at most 1000). */
export const ListAlertsSchema = z.strictObject({
  state: z.enum(["firing", "resolved"]).optional(),
  rule: z.string().max(64).optional(),
  /** Episodes overlapping [from, to) in event-time ms. */
  from: z.number().int().optional(),
  to: z.number().int().optional(),
  limit: z.number().int().positive().max(1000).default(200),
});

/** Input of {@link AlertingQueries.listAlertEvents} (limit default 1000). */
export const ListEventsSchema = z.strictObject({
  from: z.number().int(),
  to: z.number().int(),
  rules: z.array(z.string().max(64)).max(50).optional(),
  /** Only these states (default firing and resolved: chart annotations skip pending). */
  states: z.array(z.enum(["pending", "firing", "resolved"])).default(["firing", "resolved"]),
  limit: z.number().int().positive().max(5000).default(1000),
});

/** Input of {@link AlertingQueries.acknowledge}. */
export const AcknowledgeSchema = z.strictObject({
  alertId: z.string().min(3).max(200),
  by: z.string().min(1).max(200),
  comment: z.string().max(2000).default(""),
});

/** Input of {@link AlertingQueries.listDeliveries} (limit default 100). */
export const ListDeliveriesSchema = z.strictObject({
  receiver: z.string().max(100).optional(),
  status: z.enum(deliveryStatuses).optional(),
  limit: z.number().int().positive().max(500).default(100),
});

export interface AlertingQueries extends SilenceQueries {
  /** Alert episodes, newest first, with their acknowledgement. */
  listAlerts(input?: z.input<typeof ListAlertsSchema>): Promise<AlertRow[]>;
  /** State changes in an event-time range, oldest first: the chart annotations. */
  listAlertEvents(input: z.input<typeof ListEventsSchema>): Promise<AlertEventRow[]>;
  /** Acknowledges an alert episode (again: replaces the previous ack). Throws if the episode is unknown. */
  acknowledge(input: z.input<typeof AcknowledgeSchema>): Promise<void>;
  unacknowledge(alertId: string): Promise<boolean>;
  /** The delivery log: outbox rows with their attempts, newest first. */
  listDeliveries(input?: z.input<typeof ListDeliveriesSchema>): Promise<DeliveryRow[]>;
}

/** The dashboard's alerting functions over `db` (a `pg` pool). */
export function createAlertingQueries(db: Queryable): AlertingQueries {
  return {
    ...createSilenceQueries(db),
    async listAlerts(input = {}) {
      const q = parse(ListAlertsSchema, input);
      const { rows } = await db.query<{
        id: string;
        fingerprint: string;
        rule: string;
        state: "firing" | "resolved";
        labels: Record<string, string>;
        annotations: Record<string, string>;
        value: number;
        starts_at: string;
        ends_at: string | null;
        resolved_by: "update" | "timeout" | null;
        acked_by: string | null;
        ack_comment: string | null;
        acked_at: number | null;
        updated: number;
        external: boolean;
      }>(
        `select a.id, a.fingerprint, a.rule, a.state, a.labels, a.annotations, a.value, a.starts_at, a.ends_at,
                a.resolved_by, ${ms("a.updated_at")} as updated, a.external, k.acked_by, k.comment as ack_comment, ${ms("k.at")} as acked_at
         from alerts a left join alert_acks k on k.alert_id = a.id
         where ($1::text is null or a.state = $1)
           and ($2::text is null or a.rule = $2)
           and ($3::int8 is null or coalesce(a.ends_at, 9223372036854775807) >= $3)
           and ($4::int8 is null or a.starts_at < $4)
         order by a.starts_at desc, a.id
         limit $5`,
        [q.state ?? null, q.rule ?? null, q.from ?? null, q.to ?? null, q.limit],
      );
      return rows.map((r) => ({
        id: r.id,
        fingerprint: r.fingerprint,
        rule: r.rule,
        state: r.state,
        labels: r.labels,
        annotations: r.annotations,
        value: r.value,
        startsAt: Number(r.starts_at),
        endsAt: r.ends_at === null ? null : Number(r.ends_at),
        resolvedBy: r.resolved_by,
        updatedAt: Math.round(r.updated),
        external: r.external,
        ack:
          r.acked_by === null
            ? null
            : { by: r.acked_by, comment: r.ack_comment ?? "", at: Math.round(r.acked_at ?? 0) },
      }));
    },

    async listAlertEvents(input) {
      const q = parse(ListEventsSchema, input);
      const { rows } = await db.query<{
        fingerprint: string;
        rule: string;
        state: AlertEventRow["state"];
        reason: AlertEventRow["reason"];
        at: string;
        value: number;
        labels: Record<string, string>;
      }>(
        `select fingerprint, rule, state, reason, at, value, labels from alert_events
         where at >= $1 and at < $2 and state = any($3::text[]) and ($4::text[] is null or rule = any($4::text[]))
         order by at, id limit $5`,
        [q.from, q.to, q.states, q.rules ?? null, q.limit],
      );
      return rows.map((r) => ({ ...r, at: Number(r.at) }));
    },

    async acknowledge(input) {
      const q = parse(AcknowledgeSchema, input);
      const r = await db.query(
        `insert into alert_acks (alert_id, acked_by, comment)
         select id, $2, $3 from alerts where id = $1
         on conflict (alert_id) do update set acked_by = excluded.acked_by, comment = excluded.comment, at = now()`,
        [q.alertId, q.by, q.comment],
      );
      if ((r.rowCount ?? 0) === 0) throw new InvalidInputError(`alertId: no alert ${q.alertId}`);
    },

    async unacknowledge(alertId) {
      const r = await db.query("delete from alert_acks where alert_id = $1", [alertId]);
      return (r.rowCount ?? 0) > 0;
    },

    async listDeliveries(input = {}) {
      const q = parse(ListDeliveriesSchema, input);
      const { rows } = await db.query<{
        id: string;
        receiver: string;
        group_key: string;
        status: DeliveryRow["status"];
        attempts: number;
        created: number;
        delivered: number | null;
        last_error: string | null;
        n_status: string;
        firing: number;
        resolved: number;
        log: DeliveryRow["log"] | null;
      }>(
        `select o.id, o.receiver, o.group_key, o.status, o.attempts, ${ms("o.created_at")} as created,
                ${ms("o.delivered_at")} as delivered, o.last_error,
                o.payload->>'status' as n_status, (o.payload->'counts'->>'firing')::int as firing,
                (o.payload->'counts'->>'resolved')::int as resolved,
                (select json_agg(json_build_object('at', ${ms("d.at")}, 'outcome', d.outcome,
                                 'statusCode', d.status_code, 'durationMs', d.duration_ms, 'error', d.error)
                                 order by d.id)
                 from delivery_attempts d where d.outbox_id = o.id) as log
         from notification_outbox o
         where ($1::text is null or o.receiver = $1) and ($2::text is null or o.status = $2)
         order by o.id desc limit $3`,
        [q.receiver ?? null, q.status ?? null, q.limit],
      );
      return rows.map((r) => ({
        id: Number(r.id),
        receiver: r.receiver,
        groupKey: r.group_key,
        status: r.status,
        attempts: r.attempts,
        createdAt: Math.round(r.created),
        deliveredAt: r.delivered === null ? null : Math.round(r.delivered),
        lastError: r.last_error,
        summary: { status: r.n_status, firing: r.firing, resolved: r.resolved },
        log: (r.log ?? []).map((l) => ({ ...l, at: Math.round(l.at) })),
      }));
    },
  };
}
