/**
 * Alert rules as the dashboard lists and edits them (table `alert_rules`). An edit is validated
 * with {@link RuleSchema}, stored as the operator wrote it with `source = 'ui'` (so `rules:load`
 * keeps it unless forced) and the editor's name; the evaluators pick it up on their next reload.
 */
import type pg from "pg";
import { RuleSchema } from "../../core/alerts/rule";
import type { RuleRecord } from "../../core/api/alerting";
import { InvalidInputError } from "../../core/errors";

type Queryable = Pick<pg.Pool, "query">;

export type { RuleRecord } from "../../core/api/alerting";

export interface RulesAdmin {
  list(): Promise<RuleRecord[]>;
  /**
   * Replaces rule `id`'s definition. Throws {@link InvalidInputError} naming the first invalid
   * field; returns null when no such rule exists (rules are created from the rule file).
   */
  update(id: string, definition: unknown, by: string): Promise<RuleRecord | null>;
}

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
      const parsed = RuleSchema.safeParse(definition);
      if (!parsed.success) {
        const i = parsed.error.issues[0];
        throw new InvalidInputError(`${i?.path.join(".") || "rule"}: ${i?.message ?? "invalid"}`, {
          cause: parsed.error,
        });
      }
      if (parsed.data.id !== id) throw new InvalidInputError(`id: must stay ${id} (rules are not renamed)`);
      const { rows } = await db.query(
        `update alert_rules set definition = $2::jsonb, source = 'ui', updated_by = $3, updated_at = now()
         where id = $1 returning ${cols}`,
        [id, JSON.stringify(definition), by],
      );
      return rows[0] ? toRecord(rows[0]) : null;
    },
  };
}
