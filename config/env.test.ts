import { describe, expect, it } from "vitest";
import { ConfigError } from "../core/errors";
import { baseEnvShape, readConfig } from "./env";

describe("readConfig", () => {
  it("applies defaults and treats empty strings as unset", () => {
    const c = readConfig(baseEnvShape, { LW_PARTITIONS: "", KAFKA_BROKERS: "a:1, b:2" });
    expect(c.LW_PARTITIONS).toBe(6);
    expect(c.KAFKA_BROKERS).toEqual(["a:1", "b:2"]);
    expect(c.DATABASE_URL).toBe("postgresql://postgres@127.0.0.1:5432/launchwatch");
  });

  it("throws a ConfigError naming the setting and the bad value", () => {
    expect(() => readConfig(baseEnvShape, { LW_PARTITIONS: "0" })).toThrow(ConfigError);
    expect(() => readConfig(baseEnvShape, { DATABASE_URL: "mysql://x" })).toThrow(
      /^Invalid configuration: DATABASE_URL: must be a postgresql:\/\/ URL \(got "mysql:\/\/x"\)$/,
    );
  });
});
