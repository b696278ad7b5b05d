/**
 * `alert_rules`, its one adapter: what the evaluators (workers, notifier, replays) load and
 * reload ({@link createRulesStore}), what the dashboard lists and edits ({@link createRulesAdmin}),
 * and what `npm run rules:load` writes from the rule file ({@link syncRuleFile}).
 *
 * An edit from the dashboard is validated with {@link RuleSchema}, stored as the operator wrote
 * it with `source = 'ui'` (so `rules:load` keeps it unless forced) and the editor's name; the
 * evaluators pick it up on their next reload.
 */
import type pg from "pg";
import { type Rule, RuleSchema } from "../../core/alerts/rule";
import type { RuleRecord } from "../../core/api/alerting";
import { InvalidInputError } from "../../core/errors";
import type { Logger } from "../log";
import { parseInput } from "./parse-input";
import { createPool } from "./pool";
import { withTransaction } from "./transaction";

type Queryable = Pick<pg.Pool, "query">;

export type { RuleRecord } from "../../core/api/alerting";

export interface RulesStore {
  /** All valid rules; a row that no longer validates is skipped with a warning. */
  load(): Promise<Rule[]>;
  close(): Promise<void>;
}

/** The evaluators' view of the rules, on a pool of its own (one connection). */
export function createRulesStore({
  databaseUrl,
  logger,
}: {
  databaseUrl: string;
  logger: Logger;
}): RulesStore {
  const pool = createPool({ connectionString: databaseUrl, max: 1 });
  return {
    async load() {
      const { rows } = await pool.query<{ id: string; definition: unknown }>(
        "select id, definition from alert_rules order by id",
      );
      const rules: Rule[] = [];
      for (const row of rows) {
        const parsed = RuleSchema.safeParse(row.definition);
        if (parsed.success) rules.push(parsed.data);
        else
          logger.warn("skipping an invalid alert rule", {
            id: row.id,
            error: parsed.error.issues[0]?.message,
          });
      }
      return rules;
    },
    close: () => pool.end(),
  };
}

export interface RulesAdmin {
  list(): Promise<RuleRecord[]>;
  /**
   * Replaces rule `id`'s definition. Throws {@link InvalidInputError} naming the first invalid
   * field; returns null when no such rule exists (rules are created from the rule file).
   */
  update(id: string, definition: unknown, by: string): Promise<RuleRecord | null>;
}

/** The dashboard's view of the rules over `db` (the web's `pg` pool). */
export function createRulesAdmin(db: Queryable): RulesAdmin {
  const toRecord = (r: {
    id: string;
    /** jsonb: a rule is always stored as an object (validated on the way in). */
    definition: Record<string, unknown>;
    source: string;
    updated: number;
    updated_by: string | null;
  }): RuleRecord => ({
    id: r.id,
    definition: r.definition,
    valid: RuleSchema.safeParse(r.definition).success,
    source: r.source === "ui" ? "ui" : "file",
    updatedAt: Math.round(r.updated),
    updatedBy: r.updated_by,
  });
  const cols =
    "id, definition, source, (extract(epoch from updated_at) * 1000)::float8 as updated, updated_by";
  return {
    async list() {
      const { rows } = await db.query(`select ${cols} from alert_rules order by id`);
      return rows.map(toRecord);
    },
    async update(id, definition, by) {
      const rule = parseInput(RuleSchema, definition, "rule");
      if (rule.id !== id) throw new InvalidInputError(`id: must stay ${id} (rules are not renamed)`);
      const { rows } = await db.query(
        `update alert_rules set definition = $2::jsonb, source = 'ui', updated_by = $3, updated_at = now()
         where id = $1 returning ${cols}`,
        [id, JSON.stringify(definition), by],
      );
      return rows[0] ? toRecord(rows[0]) : null;
    },
  };
}

export interface RuleFileSync {
  inserted: string[];
  updated: string[];
  unchanged: string[];
  /** Edited in the UI, left alone (use `force`). */
  keptUi: string[];
  /** From an earlier version of the file, gone from it now. */
  deleted: string[];
}

/** JSON with object keys sorted (jsonb does not keep key order), to compare definitions. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v !== null && typeof v === "object")
    return `{${Object.entries(v)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`)
      .join(",")}}`;
  return JSON.stringify(v);
}

/**
 * Makes the file's rules the stored ones, in one transaction: a rule edited in the UI (source
 * `ui`) is kept unless `force`; a rule from the file (source `file`) no longer in it is deleted;
 * UI-created rules are never deleted. `dryRun` reports what would change and rolls back.
 * @param file the rule file's name, recorded as `updated_by` (`rules:load <file>`)
 */
export async function syncRuleFile(
  pool: Pick<pg.Pool, "connect">,
  rules: readonly Rule[],
  { file, force = false, dryRun = false }: { file: string; force?: boolean; dryRun?: boolean },
): Promise<RuleFileSync> {
  const result: RuleFileSync = { inserted: [], updated: [], unchanged: [], keptUi: [], deleted: [] };
  return withTransaction(
    pool,
    async (client) => {
      const { rows } = await client.query<{ id: string; source: string; definition: unknown }>(
        "select id, source, definition from alert_rules for update",
      );
      const existing = new Map(rows.map((r) => [r.id, r]));
      for (const rule of rules) {
        const cur = existing.get(rule.id);
        if (cur?.source === "ui" && !force) {
          result.keptUi.push(rule.id);
          continue;
        }
        if (cur && cur.source === "file" && canonical(cur.definition) === canonical(rule)) {
          result.unchanged.push(rule.id);
          continue;
        }
        (cur ? result.updated : result.inserted).push(rule.id);
        if (dryRun) continue;
        await client.query(
          `insert into alert_rules (id, definition, source, updated_at, updated_by)
           values ($1, $2::jsonb, 'file', now(), $3)
           on conflict (id) do update set definition = excluded.definition, source = 'file',
             updated_at = now(), updated_by = excluded.updated_by`,
          [rule.id, JSON.stringify(rule), `rules:load ${file}`],
        );
      }
      const inFile = new Set(rules.map((r) => r.id));
      result.deleted = rows.filter((r) => r.source === "file" && !inFile.has(r.id)).map((r) => r.id);
      if (!dryRun && result.deleted.length > 0)
        await client.query("delete from alert_rules where id = any($1::text[]) and source = 'file'", [
          result.deleted,
        ]);
      return result;
    },
    { commit: !dryRun },
  );
}
