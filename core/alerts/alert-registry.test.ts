import { describe, expect, it } from "vitest";
import type { Alert } from "./alert";
import { createAlertRegistry } from "./alert-registry";

const update = (over: Partial<Alert> = {}): Alert => ({
  v: 1,
  fingerprint: "fp1",
  rule: "shop-over-capacity",
  state: "firing",
  labels: { alertname: "shop-over-capacity", shop: "1" },
  annotations: {},
  startsAt: 100,
  endsAt: null,
  value: 2,
  sentAt: 1000,
  ...over,
});

describe("alert registry", () => {
  it("an alert with expiresAt (Alertmanager's endsAt in the future) resolves there, however short the timeout", () => {
    const r = createAlertRegistry({ resolveTimeoutMs: 60_000 });
    r.ingest(update({ external: true, expiresAt: 240_000, sentAt: 0 }), 0);
    expect(r.expire(200_000)).toEqual([]); // past the resolve timeout, not past endsAt
    r.ingest(update({ external: true, expiresAt: 480_000, sentAt: 200_000 }), 200_000); // re-sent: later
    expect(r.expire(479_999)).toEqual([]);
    expect(r.expire(480_000)).toMatchObject([{ state: "resolved", reason: "timeout", at: 480_000 }]);
    // A re-send without endsAt falls back to the resolve timeout.
    r.ingest(update({ sentAt: 500_000 }), 500_000);
    r.ingest(update({ sentAt: 510_000, expiresAt: 900_000 }), 510_000);
    r.ingest(update({ sentAt: 520_000 }), 520_000);
    expect(r.expire(580_000)).toMatchObject([{ state: "resolved", at: 580_000 }]);
  });

  it("deduplicates re-sends by fingerprint and keeps the latest value", () => {
    const r = createAlertRegistry({ resolveTimeoutMs: 60_000 });
    expect(r.ingest(update(), 0)?.state).toBe("firing");
    expect(r.ingest(update({ sentAt: 2000, value: 3 }), 30_000)).toBeNull();
    expect(r.size).toBe(1);
    expect(r.get("fp1")).toMatchObject({ value: 3, lastSeenAt: 30_000, startsAt: 100 });
  });

  it("ignores an update older than the one applied (out of order)", () => {
    const r = createAlertRegistry({ resolveTimeoutMs: 60_000 });
    r.ingest(update({ sentAt: 5000 }), 0);
    expect(r.ingest(update({ state: "resolved", endsAt: 200, sentAt: 4000 }), 1)).toBeNull();
    expect(r.get("fp1")?.state).toBe("firing");
  });

  it("resolves on the source's word, and ignores a resolve for an alert it never saw fire", () => {
    const r = createAlertRegistry({ resolveTimeoutMs: 60_000 });
    expect(r.ingest(update({ state: "resolved", endsAt: 300 }), 0)).toBeNull();
    r.ingest(update(), 0);
    const t = r.ingest(update({ state: "resolved", endsAt: 300, sentAt: 3000 }), 10);
    expect(t).toMatchObject({ state: "resolved", at: 300, reason: "update" });
    expect(t?.alert.endsAt).toBe(300);
    expect(r.size).toBe(0);
  });

  it("resolves a firing alert not re-sent within resolve_timeout", () => {
    const r = createAlertRegistry({ resolveTimeoutMs: 60_000 });
    r.ingest(update(), 0);
    expect(r.expire(59_999)).toEqual([]);
    const [t] = r.expire(60_000);
    expect(t).toMatchObject({ state: "resolved", reason: "timeout", at: 60_000 });
    expect(r.size).toBe(0);
  });

  it("ignores a firing update sent longer ago than resolve_timeout (a replayed topic)", () => {
    const r = createAlertRegistry({ resolveTimeoutMs: 60_000 });
    expect(r.ingest(update({ sentAt: 1000 }), 61_001)).toBeNull();
    expect(r.size).toBe(0);
    expect(r.ingest(update({ sentAt: 1000 }), 61_000)?.state).toBe("firing");
  });

  it("reports pending once, without tracking it, and never downgrades a firing alert", () => {
    const r = createAlertRegistry({ resolveTimeoutMs: 60_000 });
    expect(r.ingest(update({ state: "pending" }), 0)?.state).toBe("pending");
    expect(r.size).toBe(0);
    r.ingest(update({ sentAt: 2000 }), 1);
    expect(r.ingest(update({ state: "pending", sentAt: 3000 }), 2)).toBeNull();
    expect(r.get("fp1")?.state).toBe("firing");
  });

  it("restores firing alerts as seen at the restart", () => {
    const r = createAlertRegistry({ resolveTimeoutMs: 60_000 });
    const a = { ...update(), state: "firing" as const, lastSeenAt: 0 };
    r.restore([a], 500_000);
    expect(r.expire(500_001)).toEqual([]);
    expect(r.get("fp1")?.lastSeenAt).toBe(500_000);
  });
});
