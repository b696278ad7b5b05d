/**
 * What `npm run sources -- check` prints: per topic the records read, mapped, skipped by the
 * filter and failed; each failure reason with its count; and a table of the first rows as they
 * map. Pure: the command hands it the results.
 */
import type { LaunchEvent } from "../events/decode";
import type { SourceKind } from "./fields";
import type { KindGroup } from "./groups";
import { type MapResult, mapFailureReason } from "./mapper";

export interface CheckTally {
  topic: string;
  kind: SourceKind;
  read: number;
  mapped: number;
  filtered: number;
  failed: number;
  /** Reason (field and kind of failure, without the value) -> count. */
  reasons: Map<string, number>;
  /** The first rows, for the table. */
  rows: Array<{ offset: string; result: MapResult }>;
}

export function createTally(topic: string, kind: SourceKind): CheckTally {
  return { topic, kind, read: 0, mapped: 0, filtered: 0, failed: 0, reasons: new Map(), rows: [] };
}

/** Counts one result; keeps it for the table while there are fewer than `rows`. */
export function tallyResult(t: CheckTally, offset: string, r: MapResult, rows = 5): void {
  t.read++;
  if (r.ok === true) t.mapped++;
  else if (r.ok === "filtered") t.filtered++;
  else {
    t.failed++;
    const reason = mapFailureReason(t.kind, { ...r, detail: "" });
    t.reasons.set(reason, (t.reasons.get(reason) ?? 0) + 1);
  }
  if (t.rows.length < rows) t.rows.push({ offset, result: r });
}

const summary = (e: LaunchEvent): string => {
  const ts = new Date(e.ts).toISOString();
  if (e.type === "order") return `${e.id} order ${e.orderId} shop ${e.shopId} ${e.status} ${e.amount} ${ts}`;
  if (e.type === "api")
    return `${e.id} ${e.endpoint} ${e.status} ${e.latencyMs}ms ${e.errorClass ?? "-"}${e.retry ? " retry" : ""} ${ts}`;
  return `${e.id} ${e.kind} ${e.userId} ${e.platform} ${e.channel} ${ts}`;
};

/**
 * Each kind's consumer group and where it is set (`orders group "lw-orders" (sources.yaml:9)`),
 * then, when they differ, how the workers split. `fallbackSetting` names the default's setting.
 */
export function formatGroups(groups: readonly KindGroup[], file: string, fallbackSetting: string): string[] {
  const width = Math.max(...groups.map((g) => g.kind.length));
  const out = groups.map((g) => {
    const where =
      g.from === "kind"
        ? `${file}:${g.line}`
        : g.from === "file"
          ? `${file}:${g.line}, the file's`
          : fallbackSetting;
    return `${g.kind.padEnd(width)} group ${JSON.stringify(g.group ?? "")} (${where})`;
  });
  const distinct = new Map<string | undefined, SourceKind[]>();
  for (const g of groups) distinct.set(g.group, [...(distinct.get(g.group) ?? []), g.kind]);
  if (distinct.size > 1)
    out.push(
      `${distinct.size} consumer groups: one worker deployment each, LW_SOURCES_KINDS=${[...distinct.values()]
        .map((ks) => ks.join(","))
        .join(" | ")}`,
    );
  return out;
}

/** The report's lines. */
export function formatCheckReport(tallies: readonly CheckTally[]): string[] {
  const out: string[] = [];
  for (const t of tallies) {
    out.push(
      `${t.kind} ${t.topic}: ${t.read} read, ${t.mapped} mapped, ${t.filtered} filtered, ${t.failed} would be dead-lettered`,
    );
    for (const row of t.rows) {
      const r = row.result;
      const text =
        r.ok === true
          ? summary(r.event)
          : r.ok === "filtered"
            ? "(filtered)"
            : `DEAD LETTER ${mapFailureReason(t.kind, r)}`;
      out.push(`  @${row.offset.padEnd(8)} ${text}`);
    }
    for (const [reason, n] of [...t.reasons].sort((a, b) => b[1] - a[1]))
      out.push(`  ${String(n).padStart(8)} x ${reason}`);
  }
  return out;
}
