import { describe, expect, it } from "vitest";
import type { AlertRow } from "../../adapters/db/alerting-queries";
import { silentLogger } from "../../adapters/log";
import type { ActiveAlert } from "../../core/live/alerts";
import type { AlertSourceState } from "../../core/live/socket-events";
import { startAlertFeed, toActiveAlert } from "./alert-feed";

const row = (over: Partial<AlertRow> = {}): AlertRow => ({
  id: "fp:1000",
  fingerprint: "fp",
  rule: "endpoint-errors",
  state: "firing",
  labels: { alertname: "endpoint-errors", severity: "critical", endpoint: "order.create" },
  annotations: { summary: "Errors above 5 %" },
  value: 0.08,
  startsAt: 1000,
  endsAt: null,
  resolvedBy: null,
  updatedAt: 1000,
  external: false,
  ack: null,
  ...over,
});

describe("toActiveAlert", () => {
  it("shows no value for an alert posted through the Alertmanager API (it has none)", () => {
    expect(toActiveAlert(row({ external: true, value: 0 })).value).toBeNull();
    expect(toActiveAlert(row({ external: true })).external).toBe(true);
    expect(toActiveAlert(row()).value).toBe(0.08);
  });

  it("takes severity, subject and message from labels and annotations", () => {
    expect(toActiveAlert(row({ ack: { by: "lin", comment: "", at: 2 } }))).toMatchObject({
      id: "fp:1000",
      severity: "critical",
      subject: "endpoint:order.create",
      message: "Errors above 5 %",
      since: 1000,
      value: 0.08,
      acknowledgedBy: "lin",
    });
    const plain = toActiveAlert(row({ labels: { severity: "loud" }, annotations: {} }));
    expect([plain.severity, plain.subject, plain.message]).toEqual(["warning", "global", "endpoint-errors"]);
  });
});

describe("startAlertFeed", () => {
  it("hands the hub only changes, and says when the store stops answering", async () => {
    const calls: Array<[number, AlertSourceState | undefined]> = [];
    const hub = { setAlerts: (a: readonly ActiveAlert[], s?: AlertSourceState) => calls.push([a.length, s]) };
    let answer: () => Promise<AlertRow[]> = async () => [row()];
    const feed = startAlertFeed({
      listFiring: () => answer(),
      hub,
      logger: silentLogger,
      intervalMs: 60_000,
    });
    await feed.refresh();
    await feed.refresh();
    expect(calls).toEqual([[1, "connected"]]);
    answer = async () => {
      throw new Error("connection refused");
    };
    await feed.refresh();
    await feed.refresh();
    answer = async () => [];
    await feed.refresh();
    feed.stop();
    expect(calls).toEqual([
      [1, "connected"],
      [0, "unavailable"],
      [0, "connected"],
    ]);
  });
});
