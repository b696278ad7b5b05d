/**
 * Reads the notification policy file (`LW_ALERTING_FILE`, alerting.yaml) for a process's entry
 * point: the notifier runs it, the web process shows it through the Alertmanager API (routes,
 * receivers, inhibition, `GET /api/v2/status`). A file that cannot be read stops the process
 * naming the setting; a bad field names the file and the field.
 */
import fs from "node:fs";
import { buildPolicy, type Policy, PolicyFileSchema } from "../core/alerts/policy";
import { parseYamlConfig } from "../core/alerts/yaml-config";
import { ConfigError, describeError } from "../core/errors";

export function readAlertingFile(
  file: string,
  setting = "LW_ALERTING_FILE",
): { policy: Policy; text: string } {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    throw new ConfigError(setting, `cannot read ${file}: ${describeError(err)}`);
  }
  return { policy: buildPolicy(parseYamlConfig(PolicyFileSchema, text, file)), text };
}
