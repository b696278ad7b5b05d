/**
 * `npm run rules:load -- [--file alert-rules.yaml] [--force] [--dry-run]`: validates the rules
 * file (a bad field stops it with the field's path, e.g. `alert-rules.yaml: rules[3].for: a
 * duration like 30s, 2m or 1h`) and writes it to `alert_rules`, where workers and the notifier
 * load it from.
 *
 * - A rule an operator edited in the UI (source `ui`) is kept unless `--force`.
 * - A rule that came from the file (source `file`) and is no longer in it is deleted;
 *   UI-created rules are never deleted by the file.
 * Everything happens in one transaction.
 */
import fs from "node:fs";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { runCommand } from "../config/cli";
import { baseEnvShape, readConfig } from "../config/env";
import { RuleFileSchema } from "../core/alerts/rule";
import { parseYamlConfig } from "../core/alerts/yaml-config";
import { describeError, LaunchwatchError } from "../core/errors";

export interface LoadRulesResult {
  inserted: string[];
  updated: string[];
  unchanged: string[];
  /** Edited in the UI, left alone (use --force). */
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
 * Loads the rules in `text` (the contents of `file`) into `databaseUrl`.
 * @param force overwrite rules edited in the UI (default false)
 * @param dryRun report what would change, change nothing (default false)
 */
export async function loadRuleFile(
  databaseUrl: string,
  {
    text,
    file,
    force = false,
    dryRun = false,
  }: { text: string; file: string; force?: boolean; dryRun?: boolean },
): Promise<LoadRulesResult> {
  const { rules } = parseYamlConfig(RuleFileSchema, text, file);
  const result: LoadRulesResult = { inserted: [], updated: [], unchanged: [], keptUi: [], deleted: [] };
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("begin");
    const { rows } = await client.query<{ id: string; source: string; definition: unknown }>(
      "select id, source, definition from alert_rules for update",
    );
    const existing = new Map(rows.map((r) => [r.id, r]));
    for (const rule of rules) {
      const cur = existing.get(rule.id);
      const definition = JSON.stringify(rule);
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
        [rule.id, definition, `rules:load ${file}`],
      );
    }
    const inFile = new Set(rules.map((r) => r.id));
    result.deleted = rows.filter((r) => r.source === "file" && !inFile.has(r.id)).map((r) => r.id);
    if (!dryRun && result.deleted.length > 0)
      await client.query("delete from alert_rules where id = any($1::text[]) and source = 'file'", [
        result.deleted,
      ]);
    await client.query(dryRun ? "rollback" : "commit");
    return result;
  } catch (err) {
    await client.query("rollback").catch(() => {});
    throw err;
  } finally {
    await client.end();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void runCommand(
    {
      name: "rules:load",
      synopsis: "[--file alert-rules.yaml] [--force] [--dry-run]",
      description:
        "Validates the alert rules file and writes it to the database, where workers and the notifier\n" +
        "load it from. Rules edited in the UI are kept unless --force; file rules gone from the file are deleted.",
      flags: {
        file: { type: "string", value: "FILE", default: "alert-rules.yaml", help: "the rules file" },
        force: { type: "boolean", help: "overwrite rules edited in the UI" },
        "dry-run": { type: "boolean", help: "check and show what would change, write nothing" },
      },
      env: baseEnvShape,
    },
    async ({ flags }) => {
      const env = readConfig(baseEnvShape);
      const file = flags.file;
      let text: string;
      try {
        text = fs.readFileSync(file, "utf8");
      } catch (err) {
        throw new LaunchwatchError(`cannot read ${file}: ${describeError(err)}`);
      }
      const r = await loadRuleFile(env.DATABASE_URL, {
        text,
        file,
        force: flags.force,
        dryRun: flags["dry-run"],
      });
      const line = (label: string, ids: string[]) =>
        ids.length > 0 && console.log(`${label}: ${ids.join(", ")}`);
      if (flags["dry-run"]) console.log("dry run: nothing written");
      line("inserted", r.inserted);
      line("updated", r.updated);
      line("unchanged", r.unchanged);
      line("kept (edited in the UI; --force to overwrite)", r.keptUi);
      line("deleted (no longer in the file)", r.deleted);
      return 0;
    },
  );
}
