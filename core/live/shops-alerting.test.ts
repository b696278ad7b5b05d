import { describe, expect, it } from "vitest";
import type { ActiveAlert } from "./alerts";
import { shopsAlertingBy, shopsOverNote } from "./shops-alerting";

const alert = (id: string, labels: Record<string, string>, external?: true): ActiveAlert => ({
  id,
  rule: labels.alertname ?? "shop-over-capacity",
  severity: "warning",
  subject: labels.shop ? `shop:${labels.shop}` : "global",
  message: "",
  since: 0,
  value: 1.5,
  threshold: 1,
  acknowledgedBy: null,
  labels,
  ...(external ? { external } : {}),
});

describe("shops alerting per chain and city", () => {
  const alerts = [
    alert("a", { shop: "1", chain: "Mixue", city: "Shenzhen" }),
    alert("b", { shop: "2", chain: "Mixue", city: "Guangzhou" }),
    // A second rule firing for the same shop is still one shop.
    alert("c", { alertname: "other-shop-rule", shop: "2", chain: "Mixue", city: "Guangzhou" }),
    alert("d", { shop: "3", chain: "Heytea", city: "Shenzhen" }),
    alert("e", { endpoint: "POST /order/create" }),
    alert("f", { shop: "4", chain: "Heytea", city: "Shenzhen" }, true),
  ];

  it("counts distinct shops per chain, leaving out non-shop and posted alerts", () => {
    const r = shopsAlertingBy(alerts, "chain");
    expect(Object.fromEntries(r.byKey)).toEqual({ Mixue: 2, Heytea: 1 });
    expect(r.total).toBe(3);
    expect(r.atLeast).toBe(false);
  });

  it("per city", () => {
    expect(Object.fromEntries(shopsAlertingBy(alerts, "city").byKey)).toEqual({ Shenzhen: 2, Guangzhou: 1 });
  });

  it("a list as long as the room's cap may be cut: lower bounds", () => {
    expect(shopsAlertingBy(alerts, "chain", 6).atLeast).toBe(true);
    expect(shopsAlertingBy(alerts, "chain", 7).atLeast).toBe(false);
  });
});

describe("the Shops over footnote", () => {
  it("says the count follows the shop alerts and trails the live count by the rule's for", () => {
    expect(shopsOverNote("chain")).toMatch(/^“Shops over” counts each chain's shops whose shop alert fires/);
    expect(shopsOverNote("city")).toMatch(/each city's shops/);
    expect(shopsOverNote("chain")).toMatch(/trails the live count .* by that much/);
    // From the workers' per-group counts it is the live count (issue 15).
    expect(shopsOverNote("city", "frames")).toMatch(
      /each city's shops whose orders over the last minute exceed/,
    );
    expect(shopsOverNote("city", "frames")).not.toMatch(/trails/);
  });
});
