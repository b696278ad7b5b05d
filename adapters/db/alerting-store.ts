/**
 * Postgres side of the notifier: alert episodes and their history in, notification groups and
 * the outbox out. `commitFlush` is the step that must be atomic: the groups' notification logs
 * and the notifications they decided are written in one transaction, so a crash either loses
 * both (the flush is redone) or keeps both (nothing is decided twice). An outbox row for a group
 * supersedes that group's older undelivered rows: a receiver that was down gets the latest state
 * of each group, not a backlog of stale ones. Bulk statements use `unnest` through `pg`.
 */
import type pg from "pg";
import type { GroupState } from "../../core/alerts/aggregation-group";
import type { AlertTransition, TrackedAlert } from "../../core/alerts/alert-registry";
import type { FlushResult } from "../../core/alerts/dispatcher";
import { parseMatcher } from "../../core/alerts/matchers";
import type { Notification } from "../../core/alerts/notification";
import type { Silence } from "../../core/alerts/silences";
import { deleteGroups, loadGroups, writeGroups } from "./notification-groups";
import { createPool } from "./pool";
import { type SilenceDbRow, selectSilences } from "./silence-rows";
import { withTransaction } from "./transaction";

export interface AlertingStore {
  /** Stores alert state changes (episodes and history). Idempotent: a retried batch changes nothing twice. */
  recordTransitions(transitions: readonly AlertTransition[]): Promise<void>;
  /** Stores a flush: group states, dropped groups, and the notifications as outbox rows. Returns their ids. */
  commitFlush(flush: Pick<FlushResult, "groups" | "deletedGroups" | "notifications">): Promise<number[]>;
  /** Firing episodes, episodes resolved within `resolvedWithinMs`, and every stored group. */
  loadState(now: number, resolvedWithinMs: number): Promise<{ alerts: TrackedAlert[]; groups: GroupState[] }>;
  deleteGroups(keys: readonly string[]): Promise<void>;
  /**
   * Silences not yet expired at wall time `now`, and those on the stream's clock made in the last
   * 30 days (a malformed matcher skips the silence).
   */
  loadSilences(now: number): Promise<Silence[]>;
  /** Deletes delivered/superseded/failed outbox rows and history older than the cutoffs. */
  prune(opts: {
    outboxOlderThan: number;
    eventsOlderThan: number;
  }): Promise<{ outbox: number; events: number }>;
  readonly pool: pg.Pool;
  close(): Promise<void>;
}

const episodeId = (fingerprint: string, startsAt: number) => `${fingerprint}:${startsAt}`;

/** Creates the notifier's store on its own pool (default 4 connections). */
export function createAlertingStore({
  databaseUrl,
  poolSize = 4,
  onSilenceError = () => {},
}: {
  databaseUrl: string;
  poolSize?: number;
  /** Told about a stored silence that no longer parses. */
  onSilenceError?: (id: string, error: string) => void;
}): AlertingStore {
  const pool = createPool({ connectionString: databaseUrl, max: poolSize });

  return {
    pool,
    async recordTransitions(transitions) {
      if (transitions.length === 0) return;
      await withTransaction(pool, async (client) => {
        const episodes = new Map<string, AlertTransition>();
        for (const t of transitions) {
          if (t.state === "pending") continue;
          episodes.set(episodeId(t.alert.fingerprint, t.alert.startsAt), t);
        }
        if (episodes.size > 0) {
          const list = [...episodes.values()];
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
      });
    },

    async commitFlush({ groups, deletedGroups, notifications }) {
      if (groups.length === 0 && deletedGroups.length === 0 && notifications.length === 0) return [];
      return withTransaction(pool, async (client) => {
        await writeGroups(client, groups, deletedGroups);
        const ids: number[] = [];
        if (notifications.length > 0) {
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
              notifications.map((n: Notification) => JSON.stringify(n)),
            ],
          );
          ids.push(...rows.map((r) => Number(r.id)));
        }
        return ids;
      });
    },

    async loadState(now, resolvedWithinMs) {
      const { rows: alertRows } = await pool.query<{
        fingerprint: string;
        rule: string;
        state: "firing" | "resolved";
        labels: Record<string, string>;
        annotations: Record<string, string>;
        value: number;
        starts_at: string;
        ends_at: string | null;
        external: boolean;
      }>(
        `select fingerprint, rule, state, labels, annotations, value, starts_at, ends_at, external
         from alerts
         where state = 'firing' or (state = 'resolved' and updated_at > to_timestamp($1 / 1000.0))
         order by updated_at`,
        [now - resolvedWithinMs],
      );
      // One entry per fingerprint: a later episode replaces an earlier one.
      const byFp = new Map<string, TrackedAlert>();
      for (const r of alertRows) {
        byFp.set(r.fingerprint, {
          fingerprint: r.fingerprint,
          rule: r.rule,
          state: r.state,
          labels: r.labels,
          annotations: r.annotations,
          value: r.value,
          startsAt: Number(r.starts_at),
          endsAt: r.ends_at === null ? null : Number(r.ends_at),
          lastSeenAt: now,
          sentAt: 0,
          ...(r.external ? { external: true as const } : {}),
        });
      }
      return {
        alerts: [...byFp.values()],
        groups: await loadGroups(pool),
      };
    },

    deleteGroups: (keys) => deleteGroups(pool, keys),

    async loadSilences(now) {
      const { rows } = await pool.query<SilenceDbRow>(
        // A stream-clock silence cannot be judged by the wall clock: kept while made in the last 30 days.
        `${selectSilences}
         where ends_at > to_timestamp($1 / 1000.0)
            or (clock = 'stream' and created_at > to_timestamp($1 / 1000.0) - interval '30 days')`,
        [now],
      );
      const out: Silence[] = [];
      for (const r of rows) {
        try {
          out.push({
            id: r.id,
            matchers: r.matchers.map(parseMatcher),
            startsAt: Math.round(r.starts),
            endsAt: Math.round(r.ends),
            createdBy: r.created_by,
            comment: r.comment,
            clock: r.clock,
          });
        } catch (err) {
          onSilenceError(r.id, err instanceof Error ? err.message : String(err));
        }
      }
      return out;
    },

    async prune({ outboxOlderThan, eventsOlderThan }) {
      const outbox = await pool.query(
        `delete from notification_outbox
         where status in ('delivered', 'superseded', 'failed') and created_at < to_timestamp($1 / 1000.0)`,
        [outboxOlderThan],
      );
      const events = await pool.query(
        "delete from alert_events where received_at < to_timestamp($1 / 1000.0)",
        [eventsOlderThan],
      );
      return { outbox: outbox.rowCount ?? 0, events: events.rowCount ?? 0 };
    },

    close: () => pool.end(),
  };
}
