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
});
