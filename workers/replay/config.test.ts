import { describe, expect, it } from "vitest";
import { readReplayWorkerConfig } from "./config";
import { ReplayWorkerReportSchema } from "./worker-report";

const base = {
  DATABASE_URL: "postgresql://localhost/lw",
  KAFKA_BROKERS: "127.0.0.1:9092",
  LW_REPLAY_ID: "r1",
};

describe("replay process settings", () => {
  it("reads the LW_REPLAY_* variables with their defaults", () => {
    const c = readReplayWorkerConfig(base);
    expect(c.LW_REPLAY_ID).toBe("r1");
    expect(c.LW_REPLAY_PROCESS).toBe("0");
    expect(c.LW_REPLAY_STORE_STEP_SECONDS).toBe(1);
    expect(c.partitions).toBeNull();
  });

  it("parses the partition list and refuses an entry that is not topic/partition", () => {
    const c = readReplayWorkerConfig({ ...base, LW_REPLAY_PARTITIONS: "lw.orders/0,lw.api/11" });
    expect(c.partitions).toEqual([
      { topic: "lw.orders", partition: 0 },
      { topic: "lw.api", partition: 11 },
    ]);
    expect(() => readReplayWorkerConfig({ ...base, LW_REPLAY_PARTITIONS: "lw.orders" })).toThrow(
      /LW_REPLAY_PARTITIONS/,
    );
  });

  it("refuses a step that is not a positive whole number instead of reading NaN, and a missing id", () => {
    expect(() => readReplayWorkerConfig({ ...base, LW_REPLAY_STORE_STEP_SECONDS: "sixty" })).toThrow(
      /LW_REPLAY_STORE_STEP_SECONDS/,
    );
    expect(() => readReplayWorkerConfig({ ...base, LW_REPLAY_ID: undefined })).toThrow(/LW_REPLAY_ID/);
  });
});

describe("replay process report (IPC)", () => {
  it("accepts a worker's report and refuses another shape", () => {
    const stats = {
      consumed: 3,
      counted: 2,
      invalid: 1,
      flushes: 1,
      flushMs: 4,
      flushWaitMs: 0,
      framesPublished: 1,
      frameMs: 2,
      alertsPublished: 0,
      filtered: 0,
      extraFields: [{ type: "order", field: "trace", count: 1 }],
      lastFlushAt: 10,
      assigned: 2,
      flushFailingSince: 0,
      flushError: "",
    };
    expect(ReplayWorkerReportSchema.safeParse({ stats, cpuMs: 12 }).success).toBe(true);
    expect(ReplayWorkerReportSchema.safeParse({ stats: { ...stats, counted: "2" }, cpuMs: 12 }).success).toBe(
      false,
    );
    expect(ReplayWorkerReportSchema.safeParse("done").success).toBe(false);
  });
});
