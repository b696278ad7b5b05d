import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../errors";
import { formatGroups } from "./check-report";
import { type SourceKind, sourceKinds } from "./fields";
import { kindGroups, selectKinds } from "./groups";
import { parseSources } from "./parse-sources";

/** The shipped example with `lines` inserted after each kind's heading (`orders:` ...). */
function example(groups: Partial<Record<SourceKind, string>>, fileGroup?: string | null): string {
  let text = readFileSync("sources.example.yaml", "utf8");
  if (fileGroup === null) text = text.replace(/^group: .*\n/m, "");
  else if (fileGroup !== undefined) text = text.replace(/^group: .*$/m, `group: ${fileGroup}`);
  for (const kind of sourceKinds) {
    const g = groups[kind];
    if (g !== undefined) text = text.replace(new RegExp(`^${kind}:\\n`, "m"), `${kind}:\n  group: ${g}\n`);
  }
  return text;
}
const parse = (text: string) => parseSources(text, "sources.yaml");
const lineOf = (text: string, re: RegExp) => text.split("\n").findIndex((l) => re.test(l)) + 1;
const refusal = (fn: () => unknown): ConfigError => {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error("not refused");
};
const setting = "LW_SOURCES_KINDS";

describe("a consumer group per stream kind", () => {
  it("a kind's own group, the file's group as the default for the others, then the setting's", () => {
    const text = example({ api: "lw-api" });
    const groups = kindGroups(parse(text), "lw-aggregator");
    expect(groups).toEqual([
      { kind: "orders", group: "lw-aggregator-acme", from: "file", line: lineOf(text, /^group:/) },
      { kind: "api", group: "lw-api", from: "kind", line: lineOf(text, /^ {2}group: lw-api/) },
      { kind: "downloads", group: "lw-aggregator-acme", from: "file", line: lineOf(text, /^group:/) },
    ]);
    const none = example({ downloads: "lw-dl" }, null);
    expect(kindGroups(parse(none), "lw-aggregator").map((g) => [g.kind, g.group, g.from])).toEqual([
      ["orders", "lw-aggregator", "default"],
      ["api", "lw-aggregator", "default"],
      ["downloads", "lw-dl", "kind"],
    ]);
  });

  it("a file without any per-kind group reads as before: one group for every kind, no selection needed", () => {
    const sel = selectKinds(parse(example({})), undefined, { setting, fallback: "lw-aggregator" });
    expect(sel).toEqual({ group: "lw-aggregator-acme", kinds: ["orders", "api", "downloads"] });
    // A per-kind group equal to the file's is still one group.
    const same = selectKinds(parse(example({ api: "lw-aggregator-acme" })), undefined, { setting });
    expect(same.kinds).toHaveLength(3);
  });

  it("refuses a bad group with the file, the line and the field", () => {
    const text = example({ api: "''" });
    expect(() => parse(text)).toThrow(
      new RegExp(`^Invalid configuration: sources\\.yaml:${lineOf(text, /^ {2}group: ''/)}: api\\.group: `),
    );
    expect(() => parse(example({ orders: "[a, b]" }))).toThrow(
      /sources\.yaml:8: orders\.group: Invalid input: expected string/,
    );
  });

  it("selects the kinds of one group and its group", () => {
    const p = parse(example({ orders: "lw-orders", api: "lw-orders" }));
    expect(selectKinds(p, ["api", "orders"], { setting })).toEqual({
      group: "lw-orders",
      kinds: ["orders", "api"],
    });
    expect(selectKinds(p, ["downloads"], { setting })).toEqual({
      group: "lw-aggregator-acme",
      kinds: ["downloads"],
    });
  });

  it("refuses kinds on different groups without a selection, naming the setting, the file and the lines", () => {
    const text = example({ api: "lw-api" });
    const err = refusal(() => selectKinds(parse(text), undefined, { setting }));
    expect(err.setting).toBe(setting);
    expect(err.message).toBe(
      `Invalid configuration: LW_SOURCES_KINDS: orders (sources.yaml:${lineOf(text, /^group:/)}) reads group "lw-aggregator-acme" and api (sources.yaml:${lineOf(text, /^ {2}group: lw-api/)}) reads group "lw-api": a worker consumes one group; set LW_SOURCES_KINDS to the kinds of one (orders,downloads: "lw-aggregator-acme"; api: "lw-api")`,
    );
  });

  it("refuses a selected kind the file does not map, a selection over two groups, and one leaving out a kind of its group", () => {
    const onlyOrders = example({}).replace(/\napi:[\s\S]*$/, "\n");
    expect(refusal(() => selectKinds(parse(onlyOrders), ["api"], { setting })).message).toBe(
      "Invalid configuration: LW_SOURCES_KINDS: sources.yaml:1: api is not in the file (it maps orders)",
    );
    const split = parse(example({ downloads: "lw-dl" }));
    expect(refusal(() => selectKinds(split, ["orders", "downloads"], { setting })).message).toMatch(
      /^Invalid configuration: LW_SOURCES_KINDS: orders \(sources\.yaml:5\) reads group "lw-aggregator-acme" and downloads \(sources\.yaml:\d+\) reads group "lw-dl": a worker consumes one group; run them in separate workers/,
    );
    expect(refusal(() => selectKinds(split, ["orders"], { setting })).message).toMatch(
      /^Invalid configuration: LW_SOURCES_KINDS: api \(sources\.yaml:5\) reads group "lw-aggregator-acme" too: the workers of one group read all its kinds; add api/,
    );
  });

  it("the check names each kind's group and where it is set, and how the workers split", () => {
    const text = example({ api: "lw-api" }, null);
    expect(formatGroups(kindGroups(parse(text), "lw-aggregator"), "sources.yaml", "LW_WORKER_GROUP")).toEqual(
      [
        'orders    group "lw-aggregator" (LW_WORKER_GROUP)',
        `api       group "lw-api" (sources.yaml:${lineOf(text, /^ {2}group: lw-api/)})`,
        'downloads group "lw-aggregator" (LW_WORKER_GROUP)',
        "2 consumer groups: one worker deployment each, LW_SOURCES_KINDS=orders,downloads | api",
      ],
    );
    expect(formatGroups(kindGroups(parse(example({})), "x"), "s.yaml", "LW_WORKER_GROUP")[0]).toBe(
      'orders    group "lw-aggregator-acme" (s.yaml:5, the file\'s)',
    );
  });
});
