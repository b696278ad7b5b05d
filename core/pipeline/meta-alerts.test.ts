import { describe, expect, it } from "vitest";
import { createMetaAlerts } from "./meta-alerts";
import type { SourceReport } from "./status";

const report = (source: string, receivedAt: number, lagSeconds: number | null = 0): SourceReport => ({
  source,
  receivedAt,
  emittedAt: receivedAt,
  watermark: receivedAt,
  watermarkMovedAt: receivedAt,
  pipeline: { lagSeconds, lagMessages: 0, consumedPerSec: null, producedPerSec: null, partitions: [] },
});
const names = (alerts: ReturnType<ReturnType<typeof createMetaAlerts>["evaluate"]>) =>
  alerts.map((a) => `${a.labels.alertname}${a.labels.worker ? `:${a.labels.worker}` : ""}:${a.state}`);

describe("meta-alerts", () => {
  it("always fires the watchdog, from the start", () => {
    const m = createMetaAlerts({ startedAt: 1000 });
    const [w] = m.evaluate([report("w1", 1500)], 2000);
    expect(w).toMatchObject({ state: "firing", startsAt: 1000, labels: { alertname: "watchdog" } });
  });

  it("fires no-data for a silent worker past the threshold, not at it, and resolves when it is back", () => {
    const m = createMetaAlerts({ startedAt: 0, rule: { noDataAfterMs: 30_000 } });
    expect(names(m.evaluate([report("w1", 0)], 30_000))).toEqual(["watchdog:firing"]);
    expect(names(m.evaluate([report("w1", 0)], 30_001))).toEqual(["watchdog:firing", "no-data:w1:firing"]);
    expect(names(m.evaluate([report("w1", 31_000)], 31_500))).toEqual([
      "watchdog:firing",
      "no-data:w1:resolved",
    ]);
  });

  it("does not fire no-data for a worker replaced by another that reads all its partitions", () => {
    const withParts = (r: SourceReport, parts: number[]): SourceReport => ({
      ...r,
      pipeline: {
        ...r.pipeline!,
        partitions: parts.map((p) => ({
          topic: "lw.api",
          partition: p,
          position: 0,
          logEnd: 0,
          lagMessages: 0,
          lagSeconds: 0,
          eventTime: null,
          held: false,
        })),
      },
    });
    const m = createMetaAlerts({ startedAt: 0, rule: { noDataAfterMs: 30_000 } });
    const old = withParts(report("w-old", 0), [0, 1]);
    expect(names(m.evaluate([old, withParts(report("w-new", 40_000), [0, 1])], 40_000))).toEqual([
      "watchdog:firing",
    ]);
    expect(names(m.evaluate([old, withParts(report("w-new", 41_000), [1])], 41_000))).toEqual([
      "watchdog:firing",
      "no-data:w-old:firing",
    ]);
  });

  it("fires no-data for the whole stream when no worker ever reported", () => {
    const m = createMetaAlerts({ startedAt: 0, rule: { noDataAfterMs: 1000 } });
    expect(names(m.evaluate([], 1001))).toEqual(["watchdog:firing", "no-data:*:firing"]);
  });

  it("fires pipeline-lagging over the lag threshold and keeps its start", () => {
    const m = createMetaAlerts({ startedAt: 0, rule: { laggingAfterSec: 60 } });
    expect(names(m.evaluate([report("w1", 1000, 60)], 1000))).toEqual(["watchdog:firing"]);
    const first = m.evaluate([report("w1", 2000, 61)], 2000)[1]!;
    const again = m.evaluate([report("w1", 3000, 90)], 3000)[1]!;
    expect(first).toMatchObject({ rule: "pipeline-lagging", state: "firing", startsAt: 2000, value: 61 });
    expect(again).toMatchObject({ startsAt: 2000, value: 90, fingerprint: first.fingerprint });
    expect(names(m.evaluate([report("w1", 4000, 0)], 4000))).toEqual([
      "watchdog:firing",
      "pipeline-lagging:w1:resolved",
    ]);
  });
});
