/**
 * The delivery log as the dashboard reads it: outbox rows with the attempts made at each, newest
 * first. Server-only: takes a `pg` pool (or anything with its `query`).
 */
import type pg from "pg";
import { z } from "zod";
import { type DeliveryRow, deliveryStatuses } from "../../core/api/alerting";
import { parseInput as parse } from "./parse-input";
import { epochMs as ms } from "./sql-time";

type Queryable = Pick<pg.Pool, "query">;

/** Input of {@link listDeliveries} (limit default 100). */
export const ListDeliveriesSchema = z.strictObject({
  receiver: z.string().max(100).optional(),
  status: z.enum(deliveryStatuses).optional(),
  limit: z.number().int().positive().max(500).default(100),
});

/** The delivery log: outbox rows with their attempts, newest first. */
export async function listDeliveries(
  db: Queryable,
  input: z.input<typeof ListDeliveriesSchema> = {},
): Promise<DeliveryRow[]> {
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
}
