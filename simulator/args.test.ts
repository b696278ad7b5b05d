import { describe, expect, it } from "vitest";
import { ConfigError } from "../core/errors";
import { parseDuration, parseSimulatorArgs } from "./args";

describe("parseSimulatorArgs", () => {
  it("defaults to the full launch at 1x, to Kafka", () => {
    const a = parseSimulatorArgs([]);
    expect(a).toMatchObject({
      speed: 1,
      durationSec: 9 * 3600,
      scale: 1,
      rateLimit: null,
      out: null,
      kafka: true,
      chaos: false,
      startMs: Date.parse("2026-02-06T10:00:00+08:00"),
      shops: 300_000,
      kafkaClient: "fast",
    });
  });

  it("sends every topic by default and only the named ones with --only", () => {
    expect(parseSimulatorArgs([])).toMatchObject({ only: ["orders", "downloads", "api"] });
    expect(parseSimulatorArgs(["--only", "orders, api"])).toMatchObject({ only: ["orders", "api"] });
    expect(() => parseSimulatorArgs(["--only", "orders,clicks"])).toThrow(/--only/);
  });

  it("parses every flag", () => {
    const a = parseSimulatorArgs([
      "--speed=max",
      "--duration",
      "1h30m",
      "--seed",
      "s1",
      "--scale",
      "0.01",
      "--rate-limit",
      "5000",
      "--out",
      "x.ndjson",
      "--kafka",
      "--chaos",
      "--chaos-rate",
      "0.01",
      "--start",
      "2026-02-07T09:00:00Z",
      "--share-block",
      "2h",
      "--producers",
      "0",
      "--kafka-client",
      "kafkajs",
    ]);
    expect(a).toMatchObject({
      speed: "max",
      durationSec: 5400,
      seed: "s1",
      scale: 0.01,
      rateLimit: 5000,
      out: "x.ndjson",
      kafka: true,
      chaos: true,
      chaosRate: 0.01,
      startMs: Date.parse("2026-02-07T09:00:00Z"),
      shareBlockSec: 7200,
      producers: 0,
      kafkaClient: "kafkajs",
    });
    expect(parseSimulatorArgs(["--out", "y.ndjson"])).toMatchObject({ kafka: false });
    expect(parseSimulatorArgs(["--speed", "60"])).toMatchObject({ speed: 60 });
    expect(parseSimulatorArgs(["--help"])).toBe("help");
  });

  it.each([
    [["--scale", "0"], "--scale"],
    [["--scale", "abc"], "--scale"],
    [["--speed", "fast"], "--speed"],
    [["--duration", "9 hours"], "--duration"],
    [["--start", "yesterday"], "--start"],
    [["--rate-limit=-5"], "--rate-limit"],
    [["--kafka"], "--kafka"],
    [["--kafka-client", "rdkafka"], "--kafka-client"],
    [["--bogus"], "arguments"],
  ])("rejects %j naming %s", (argv, flag) => {
    try {
      parseSimulatorArgs(argv);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).setting).toBe(flag);
    }
  });
});

describe("parseDuration", () => {
  it.each([
    ["9h", 32_400],
    ["90m", 5400],
    ["1h30m", 5400],
    ["45s", 45],
    ["120", 120],
    ["1h0m5s", 3605],
    ["1d", 86_400],
  ])("%s is %i seconds", (text, sec) => expect(parseDuration(text)).toBe(sec));

  it.each(["", "h", "5 m", "1m1h"])("rejects %j", (text) => expect(parseDuration(text)).toBeNull());
});
