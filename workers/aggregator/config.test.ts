import { describe, expect, it } from "vitest";
import { ConfigError } from "../../core/errors";
import { readWorkerConfig } from "./config";

describe("aggregation worker settings", () => {
  it("refuses at start a lateness that would push a window out of its ring, naming the setting", () => {
    // 65 s of grace lets partitions count 69 s past the windows: the one-minute window's ring keeps 128.
    let err: unknown;
    try {
      readWorkerConfig({ LW_GRACE_MS: "65000" });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).setting).toBe("LW_GRACE_MS");
    expect((err as Error).message).toMatch(
      /LW_GRACE_MS: the 1m window .* 129 one-second slots; its ring keeps 128/,
    );
  });

  it("takes the default and any lateness that fits", () => {
    expect(readWorkerConfig({}).LW_GRACE_MS).toBe(5000);
    expect(readWorkerConfig({ LW_GRACE_MS: "64000" }).LW_GRACE_MS).toBe(64_000);
  });

  it("takes the kinds a worker runs from LW_SOURCES_KINDS and refuses a kind that does not exist, naming the setting", () => {
    const file = { LW_SOURCES_FILE: "sources.yaml" };
    expect(readWorkerConfig(file).LW_SOURCES_KINDS).toBeUndefined();
    expect(readWorkerConfig({ ...file, LW_SOURCES_KINDS: " orders, api " }).LW_SOURCES_KINDS).toEqual([
      "orders",
      "api",
    ]);
    const refused = (env: Record<string, string>) => {
      try {
        readWorkerConfig(env);
      } catch (e) {
        return e as ConfigError;
      }
      throw new Error("accepted");
    };
    for (const [env, message] of [
      [
        { ...file, LW_SOURCES_KINDS: "orders,payments" },
        /^Invalid configuration: LW_SOURCES_KINDS: each kind must be one of orders, api, downloads$/,
      ],
      [{ ...file, LW_SOURCES_KINDS: "api,api" }, /LW_SOURCES_KINDS: a kind is named twice/],
      [{ ...file, LW_SOURCES_KINDS: "," }, /LW_SOURCES_KINDS: at least one kind/],
      [
        { LW_SOURCES_KINDS: "orders" },
        /LW_SOURCES_KINDS: selects kinds of a source mapping: set LW_SOURCES_FILE too/,
      ],
    ] as const) {
      const err = refused(env);
      expect(err).toBeInstanceOf(ConfigError);
      expect(err.setting).toBe("LW_SOURCES_KINDS");
      expect(err.message).toMatch(message);
    }
  });
});
