/**
 * Postgres side of the notifier: alert episodes and their history in (alert-episodes.ts),
 * notification groups (notification-groups.ts) and the outbox (outbox-enqueue.ts) out, silences
 * read. `commitFlush` is the step that must be atomic: the groups' notification logs and the
 * notifications they decided are written in one transaction, so a crash either loses both (the
 * flush is redone) or keeps both (nothing is decided twice). Bulk statements use `unnest`
 * through `pg`.
 */
import type pg from "pg";
import type { GroupState } from "../../core/alerts/aggregation-group";
import type { AlertTransition, TrackedAlert } from "../../core/alerts/alert-registry";
import type { FlushResult } from "../../core/alerts/dispatcher";
import { parseMatcher } from "../../core/alerts/matchers";
import type { Silence } from "../../core/alerts/silences";
import { loadEpisodes, writeTransitions } from "./alert-episodes";
import { deleteGroups, loadGroups, writeGroups } from "./notification-groups";
import { enqueueNotifications } from "./outbox-enqueue";
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
      await withTransaction(pool, (client) => writeTransitions(client, transitions));
    },

    async commitFlush({ groups, deletedGroups, notifications }) {
      if (groups.length === 0 && deletedGroups.length === 0 && notifications.length === 0) return [];
      return withTransaction(pool, async (client) => {
        await writeGroups(client, groups, deletedGroups);
        return enqueueNotifications(client, notifications);
      });
    },

    async loadState(now, resolvedWithinMs) {
      return {
        alerts: await loadEpisodes(pool, now, resolvedWithinMs),
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
