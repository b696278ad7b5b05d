import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { buildPolicy, PolicyFileSchema } from "../alerts/policy";
import { parseYamlConfig } from "../alerts/yaml-config";
import { AlertRoutingResponseSchema, routeFromJson, routeToJson } from "../api/alert-routing";
import { groupActiveAlerts } from "./alert-groups";
import type { ActiveAlert } from "./alerts";

const alert = (
  id: string,
  rule: string,
  severity: ActiveAlert["severity"],
  labels: Record<string, string>,
  since = 0,
): ActiveAlert => ({
  id,
  rule,
  severity,
  subject: labels.shop ? `shop:${labels.shop}` : `endpoint:${labels.endpoint ?? ""}`,
  message: "",
  since,
  value: 1,
  threshold: null,
  acknowledgedBy: null,
  labels: { alertname: rule, severity, ...labels },
});

const alerts = [
  alert("a", "shop-over-capacity", "warning", { shop: "1", chain: "Heytea", city: "Shanghai" }),
  alert("b", "shop-over-capacity", "warning", { shop: "2", chain: "Heytea", city: "Beijing" }),
  alert("c", "shop-over-capacity", "warning", { shop: "3", chain: "Nayuki", city: "Beijing" }),
  alert("d", "endpoint-error-rate", "critical", { endpoint: "POST /voucher/claim" }),
];

describe("groupActiveAlerts", () => {
  it("groups as the repository's notification policy does, worst group first", () => {
    const policy = buildPolicy(
      parseYamlConfig(PolicyFileSchema, fs.readFileSync("alerting.yaml", "utf8"), "alerting.yaml"),
    );
    // Through the JSON the page receives.
    const wire = AlertRoutingResponseSchema.parse(
      JSON.parse(JSON.stringify({ route: routeToJson(policy.route) })),
    );
    const groups = groupActiveAlerts(alerts, routeFromJson(wire.route!));
    const shops = groups.filter((g) => g.labels.alertname === "shop-over-capacity");
    expect(shops.map((g) => [g.labels.chain, g.alerts.length])).toEqual([
      ["Heytea", 2],
      ["Nayuki", 1],
    ]);
    expect(shops.every((g) => g.receiver === "shops-dingtalk")).toBe(true);
    expect(groups[0]!.worst).toBe("critical");
    expect(groups[0]!.labels.alertname).toBe("endpoint-error-rate");
    // Routed to the webhook, the API on-call and the war room: listed once, by endpoint.
    expect(groups.filter((g) => g.alerts.some((a) => a.id === "d"))).toHaveLength(1);
    expect(groups[0]!.labels).toEqual({ alertname: "endpoint-error-rate", endpoint: "POST /voucher/claim" });
  });

  it("groups by rule without a policy, counting each severity", () => {
    const groups = groupActiveAlerts(alerts, null);
    expect(groups.map((g) => [g.labels.alertname, g.alerts.length, g.receiver])).toEqual([
      ["endpoint-error-rate", 1, null],
      ["shop-over-capacity", 3, null],
    ]);
    expect(groups[1]!.counts).toEqual({ critical: 0, warning: 3, info: 0 });
  });
});
