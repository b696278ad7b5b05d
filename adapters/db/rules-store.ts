/** Alert rules in Postgres: what the evaluators (workers, alerter) load and reload. */
import { type Rule, RuleSchema } from "../../core/alerts/rule";
import type { Logger } from "../log";
import { createPool } from "./pool";

export interface RulesStore {
  /** All valid rules; a row that no longer validates is skipped with a warning. */
  load(): Promise<Rule[]>;
  close(): Promise<void>;
}

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
