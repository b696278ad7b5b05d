/**
 * Which fields of an alert rule the Rules page shows and edits, and how: numbers as numbers,
 * durations as text (they keep the operator's spelling, e.g. `30s`), the rest fixed.
 */
import type { RuleRecord } from "../../core/api/alerting";
import { formatDuration, tryParseDuration } from "../../core/time/duration";

export type Definition = RuleRecord["definition"];

/** Fields edited as text (durations keep the operator's spelling, e.g. `30s`). */
export const durationFields = ["for", "keepFiringFor"];
/** Fields shown but not edited here. */
const fixedFields = ["id", "kind", "enabled", "labels", "annotations"];
/**
 * A stored duration one way, whether saved as milliseconds (`120000`) or as text (`2m`, `120s`):
 * the core formatter's `2m`; text that does not parse is shown as written.
 */
export const durationText = (v: unknown): string => {
  const ms = typeof v === "number" ? v : typeof v === "string" ? tryParseDuration(v) : null;
  return ms === null ? String(v) : formatDuration(ms);
};
export const numberFields = (d: Definition) =>
  Object.keys(d).filter(
    (k) => !fixedFields.includes(k) && !durationFields.includes(k) && typeof d[k] === "number",
  );

/** A rule's settings in one line: `threshold=0.9 for=2m`. */
export const settingsText = (d: Definition) =>
  [...numberFields(d), ...durationFields]
    .filter((k) => d[k] !== undefined)
    .map((k) => `${k}=${durationFields.includes(k) ? durationText(d[k]) : String(d[k])}`)
    .join(" ");

/**
 * The definition the edit form asks for: enabled from its checkbox, a duration left empty
 * removed (digits only are milliseconds), a number left empty sent empty for the server to name.
 */
export function definitionFromForm(d: Definition, f: FormData): Definition {
  const next: Definition = { ...d, enabled: f.get("enabled") === "on" };
  for (const k of durationFields) {
    const raw = String(f.get(k) ?? "").trim();
    if (raw === "") delete next[k];
    else next[k] = /^\d+$/.test(raw) ? Number(raw) : raw;
  }
  for (const k of numberFields(d)) {
    const raw = String(f.get(k) ?? "").trim();
    next[k] = raw === "" ? raw : Number(raw);
  }
  return next;
}
