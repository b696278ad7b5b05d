/**
 * The writing side of the notification outbox: a flush's notifications become pending rows.
 * A new row for a group supersedes that group's older undelivered rows, so a receiver that was
 * down gets the latest state of each group, not a backlog of stale ones. The delivery side is
 * outbox.ts.
 */
import type { Notification } from "../../core/alerts/notification";
import type { TransactionClient } from "./transaction";

/**
 * Queues `notifications` on `client` (the flush's transaction, so they commit with the groups'
 * logs that decided them). Returns the new rows' ids, in the order of `notifications`.
 */
export async function enqueueNotifications(
  client: TransactionClient,
  notifications: readonly Notification[],
): Promise<number[]> {
  if (notifications.length === 0) return [];
  await client.query(
    `update notification_outbox o set status = 'superseded', lease_until = null
     from unnest($1::text[], $2::text[]) as n(receiver, group_key)
     where o.receiver = n.receiver and o.group_key = n.group_key
       and (o.status = 'pending' or (o.status = 'sending' and o.lease_until < now()))`,
    [notifications.map((n) => n.receiver), notifications.map((n) => n.groupKey)],
  );
  const { rows } = await client.query<{ id: string }>(
    `insert into notification_outbox (receiver, group_key, payload)
     select u.receiver, u.group_key, u.payload::jsonb
     from unnest($1::text[], $2::text[], $3::text[]) with ordinality as u(receiver, group_key, payload, n)
     order by u.n
     returning id`,
    [
      notifications.map((n) => n.receiver),
      notifications.map((n) => n.groupKey),
      notifications.map((n) => JSON.stringify(n)),
    ],
  );
  return rows.map((r) => Number(r.id));
}
