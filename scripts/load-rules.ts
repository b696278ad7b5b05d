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
import { createPool } from "../adapters/db/pool";
import { type RuleFileSync, syncRuleFile } from "../adapters/db/rules-store";
import { runCommand } from "../config/cli";
import { baseEnvShape, readConfig } from "../config/env";
import { RuleFileSchema } from "../core/alerts/rule";
import { parseYamlConfig } from "../core/alerts/yaml-config";
import { describeError, LaunchwatchError } from "../core/errors";

export type LoadRulesResult = RuleFileSync;

/**
 * Loads the rules in `text` (the contents of `file`) into `databaseUrl` (adapters/db/rules-store.ts).
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
  const pool = createPool({ connectionString: databaseUrl, max: 1 });
  try {
    return await syncRuleFile(pool, rules, { file, force, dryRun });
  } finally {
    await pool.end();
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
