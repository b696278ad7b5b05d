/**
 * Silences as the dashboard and the Alertmanager API make, change, end and list them. Inputs are
 * validated with Zod here (a silence must end after it starts and must not mute everything).
 * Server-only: takes a `pg` pool (or anything with its `query`).
 */
import type pg from "pg";
import { z } from "zod";
import { formatMatcher, matchesOne } from "../../core/alerts/matchers";
import { type SilenceInput, SilenceInputSchema } from "../../core/alerts/silences";
import type { SilenceRow } from "../../core/api/alerting";
import { InvalidInputError } from "../../core/errors";
import { parseInput } from "./parse-input";
import { type SilenceDbRow, selectSilences, silenceColumns } from "./silence-rows";
import { epochMs } from "./sql-time";

type Queryable = Pick<pg.Pool, "query">;

export interface SilenceQueries {
  /** Creates a silence; `now` is the default start. */
  createSilence(input: SilenceInput, now?: number): Promise<SilenceRow>;
  /** One silence, expired or not; null when there is none with that id. */
  getSilence(id: string): Promise<SilenceRow | null>;
  /**
   * Changes a silence that has not expired (its matchers, times, comment); returns null when
   * there is no such silence in force or pending, like Alertmanager's update of a silence.
   */
  updateSilence(id: string, input: SilenceInput, now?: number): Promise<SilenceRow | null>;
  /**
   * Ends a silence now (kept for the record): at wall time `now`, or at `streamNow` for a silence
   * on the stream's clock (unknown: at its start). Returns false if it did not exist or had ended.
   */
  expireSilence(id: string, now?: number, streamNow?: number | null): Promise<boolean>;
  /**
   * Silences, newest first; `active` keeps those in force at `now` (wall) or `streamNow` (those
   * on the stream's clock; unknown: none of them).
   */
  listSilences(opts?: {
    active?: boolean;
    now?: number;
    streamNow?: number | null;
    limit?: number;
  }): Promise<SilenceRow[]>;
}

/** `now` on a silence's clock: $n for wall, $m for stream (SQL; null stays null). */
const clockNow = (wall: string, stream: string) =>
  `case when clock = 'stream' then to_timestamp(${stream}::float8 / 1000.0) else to_timestamp(${wall} / 1000.0) end`;
const silenceRow = (r: SilenceDbRow): SilenceRow => ({
  id: r.id,
  matchers: r.matchers,
  startsAt: Math.round(r.starts),
  endsAt: Math.round(r.ends),
  clock: r.clock,
  createdBy: r.created_by,
  comment: r.comment,
  createdAt: Math.round(r.created),
});

/** A silence's input, checked: times in order, at least one matcher that rejects an empty label. */
function validSilence(input: SilenceInput, now: number) {
  const s = parseInput(SilenceInputSchema, input);
  if (s.endsAt <= (s.startsAt ?? now)) throw new InvalidInputError("endsAt: must be after the start");
  if (s.matchers.every((m) => matchesOne(m, {})))
    throw new InvalidInputError("matchers: this silence would mute everything");
  return s;
}

/** The dashboard's silence functions over `db` (a `pg` pool). */
export function createSilenceQueries(db: Queryable): SilenceQueries {
  return {
    async createSilence(input, now = Date.now()) {
      const s = validSilence(input, now);
      const startsAt = s.startsAt ?? now;
      const { rows } = await db.query<{ id: string; created: number }>(
        `insert into silences (matchers, starts_at, ends_at, created_by, comment, clock)
         values ($1::text[], to_timestamp($2 / 1000.0), to_timestamp($3 / 1000.0), $4, $5, $6)
         returning id, ${epochMs("created_at")} as created`,
        [s.matchers.map(formatMatcher), startsAt, s.endsAt, s.createdBy, s.comment, s.clock],
      );
      return {
        id: rows[0]!.id,
        matchers: s.matchers.map(formatMatcher),
        startsAt,
        endsAt: s.endsAt,
        clock: s.clock,
        createdBy: s.createdBy,
        comment: s.comment,
        createdAt: Math.round(rows[0]!.created),
      };
    },

    async getSilence(id) {
      if (!z.uuid().safeParse(id).success) return null;
      const { rows } = await db.query<SilenceDbRow>(`${selectSilences} where id = $1`, [id]);
      return rows[0] ? silenceRow(rows[0]) : null;
    },

    async updateSilence(id, input, now = Date.now()) {
      const s = validSilence(input, now);
      if (!z.uuid().safeParse(id).success) return null;
      const { rows } = await db.query<SilenceDbRow>(
        `update silences set matchers = $2::text[], starts_at = to_timestamp($3 / 1000.0),
                ends_at = to_timestamp($4 / 1000.0), comment = $5
         where id = $1 and ends_at > to_timestamp($6 / 1000.0)
         returning ${silenceColumns}`,
        [id, s.matchers.map(formatMatcher), s.startsAt ?? now, s.endsAt, s.comment, now],
      );
      return rows[0] ? silenceRow(rows[0]) : null;
    },

    async expireSilence(id, now = Date.now(), streamNow = null) {
      if (!z.uuid().safeParse(id).success) return false;
      const at = clockNow("$2", "$3");
      const r = await db.query(
        `update silences set ends_at = greatest(starts_at, coalesce(${at}, starts_at))
         where id = $1 and ends_at > coalesce(${at}, starts_at)`,
        [id, now, streamNow],
      );
      return (r.rowCount ?? 0) > 0;
    },

    async listSilences({ active = false, now = Date.now(), streamNow = null, limit = 200 } = {}) {
      const at = clockNow("$2", "$4");
      const { rows } = await db.query<SilenceDbRow>(
        `${selectSilences}
         where not $1 or (starts_at <= ${at} and ends_at > ${at})
         order by created_at desc limit $3`,
        [active, now, Math.min(Math.max(1, limit), 1000), streamNow],
      );
      return rows.map(silenceRow);
    },
  };
}
