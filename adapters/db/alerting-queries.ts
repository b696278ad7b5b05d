/**
 * What the dashboard reads and writes about alerting: the alert list and history (with chart
 * annotations) and acknowledgements here; silences (silence-queries.ts) and the delivery log
 * (delivery-log.ts) beside.
 * Inputs are validated with Zod here, so a route handler only parses the request and calls these. Server-only: takes a `pg`
 * pool (or anything with its `query`).
 */
import type pg from "pg";
import { z } from "zod";
import type { AlertEventRow, AlertRow, DeliveryRow } from "../../core/api/alerting";
import { InvalidInputError } from "../../core/errors";
import { type AlertDbRow, alertColumns, episodeOf } from "./alert-rows";
import { type ListDeliveriesSchema, listDeliveries } from "./delivery-log";
import { parseInput as parse } from "./parse-input";
import { createSilenceQueries, type SilenceQueries } from "./silence-queries";
import { epochMs as ms } from "./sql-time";

type Queryable = Pick<pg.Pool, "query">;

export type { AlertEventRow, AlertRow, DeliveryRow, SilenceRow } from "../../core/api/alerting";
export { ListDeliveriesSchema } from "./delivery-log";

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
      const { rows } = await db.query<
        AlertDbRow & {
          id: string;
          resolved_by: "update" | "timeout" | null;
          acked_by: string | null;
          ack_comment: string | null;
          acked_at: number | null;
          updated: number;
        }
      >(
        `select a.id, ${alertColumns("a")}, a.resolved_by, ${ms("a.updated_at")} as updated,
                k.acked_by, k.comment as ack_comment, ${ms("k.at")} as acked_at
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
        ...episodeOf(r),
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

    listDeliveries: (input) => listDeliveries(db, input),
  };
}
