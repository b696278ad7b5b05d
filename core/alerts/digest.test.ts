import { describe, expect, it } from "vitest";
import { alertLine, byteLength, fitLines, formatValue, renderDigest, title, truncateBytes } from "./digest";
import { buildNotification, common, type DigestAlert, topN } from "./notification";

const shop = (i: number, value = i): DigestAlert => ({
  fingerprint: `fp${String(i).padStart(6, "0")}`,
  labels: {
    alertname: "shop-over-capacity",
    severity: "warning",
    chain: "Heytea",
    shop: String(i),
    city: "深圳",
  },
  annotations: { summary: "Orders arrive faster than the counter" },
  startsAt: 0,
  endsAt: null,
  value,
});

describe("digest", () => {
  it("picks the worst N without sorting everything, ties by fingerprint", () => {
    const items = Array.from({ length: 50_000 }, (_, i) => shop(i, (i * 7919) % 50_000));
    const top = topN(items, 5, (a) => a.value);
    expect(top.map((a) => a.value)).toEqual([49_999, 49_998, 49_997, 49_996, 49_995]);
    expect(topN([shop(2, 1), shop(1, 1)], 1, (a) => a.value)[0]?.fingerprint).toBe("fp000001");
    expect(topN(items, 0, (a) => a.value)).toEqual([]);
  });

  it("finds labels common to all alerts", () => {
    expect(
      common([
        { a: "1", b: "2" },
        { a: "1", b: "3" },
      ]),
    ).toEqual({ a: "1" });
    expect(common([])).toEqual({});
  });

  it("summarises 50,000 shops as counts plus the top N", () => {
    const firing = Array.from({ length: 50_000 }, (_, i) => shop(i, 1 + i / 1000));
    const n = buildNotification({
      receiver: "r",
      groupKey: "g",
      groupLabels: { alertname: "shop-over-capacity", chain: "Heytea" },
      firing,
      resolved: [shop(99_999)],
      maxAlerts: 10,
      externalUrl: "http://x",
      now: 5,
    });
    expect(n.counts).toEqual({ firing: 50_000, resolved: 1 });
    expect(n.alerts).toHaveLength(10);
    expect(n.alerts[0]?.labels.shop).toBe("49999");
    expect(n.alerts.every((a) => a.status === "firing")).toBe(true);
    expect(n.truncatedAlerts).toBe(50_001 - 10);
    expect(n.commonLabels).toMatchObject({ chain: "Heytea", city: "深圳" });
    expect(title(n)).toBe("[FIRING 50,000 · RESOLVED 1] shop-over-capacity chain=Heytea");
  });

  it("fits a digest into WeCom's 4096 bytes with a count of what was left out", () => {
    const firing = Array.from({ length: 500 }, (_, i) => ({
      ...shop(i, 3),
      labels: { ...shop(i).labels, note: "很长的中文标签值".repeat(4) },
    }));
    const n = buildNotification({
      receiver: "r",
      groupKey: "g",
      groupLabels: {},
      firing,
      resolved: [],
      maxAlerts: 500,
      externalUrl: "http://dash",
      now: 0,
    });
    const { text, omitted } = renderDigest(n, { maxBytes: 4096, flavour: "markdown" });
    expect(byteLength(text)).toBeLessThanOrEqual(4096);
    expect(omitted).toBeGreaterThan(0);
    expect(text).toContain(`… and ${omitted} more`);
    expect(text.split("\n").filter((l) => l.startsWith("- ")).length).toBe(500 - omitted);
    expect(text.endsWith("[Open the dashboard](http://dash)")).toBe(true);
  });

  it("escapes Slack's control characters but keeps its link syntax", () => {
    const n = buildNotification({
      receiver: "r",
      groupKey: "g",
      groupLabels: { alertname: "x" },
      firing: [{ ...shop(1), annotations: { summary: "p99 > 2000 ms & rising" } }],
      resolved: [],
      maxAlerts: 5,
      externalUrl: "http://dash",
      now: 0,
    });
    const { text } = renderDigest(n, { maxBytes: 3000, flavour: "slack" });
    expect(text).toContain("p99 &gt; 2000 ms &amp; rising");
    expect(text).toContain("<http://dash|Open the dashboard>");
  });

  it("keeps every line when they fit, and cuts the head when even it does not", () => {
    expect(fitLines({ head: "h", lines: ["a", "b"], maxBytes: 100 })).toEqual({
      text: "h\na\nb",
      omitted: 0,
    });
    expect(fitLines({ head: "h", lines: ["a"], alsoOmitted: 3, maxBytes: 100 }).text).toBe(
      "h\na\n… and 3 more",
    );
    const tiny = fitLines({ head: "x".repeat(50), lines: ["a"], maxBytes: 20 });
    expect(byteLength(tiny.text)).toBeLessThanOrEqual(20);
    expect(tiny.omitted).toBe(1);
  });

  it("shows no value for an alert posted from outside (it has none), and the value of Launchwatch's own", () => {
    const n = buildNotification({
      receiver: "r",
      groupKey: "g",
      groupLabels: { severity: "warning" },
      firing: [
        shop(7, 1.5),
        { ...shop(8), labels: { alertname: "CheckoutSlow", severity: "warning" }, value: 0, external: true },
      ],
      resolved: [],
      maxAlerts: 10,
      externalUrl: "http://x",
      now: 5,
    });
    const lines = n.alerts.map((a) => alertLine(a, n));
    expect(lines.find((l) => l.includes("CheckoutSlow"))).not.toMatch(/: 0/);
    expect(lines.find((l) => l.includes("shop=7"))).toContain(formatValue(1.5));
  });

  it("truncates on character boundaries", () => {
    expect(truncateBytes("深圳深圳", 7)).toBe("深…");
    expect(truncateBytes("abc", 3)).toBe("abc");
  });

  it("formats values readably", () => {
    expect(formatValue(12345.6)).toBe("12,346");
    expect(formatValue(3.45678)).toBe("3.46");
    expect(formatValue(0.062512)).toBe("0.0625");
  });
});
