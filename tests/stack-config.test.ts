/** Bad configuration stops `npm run demo` with a message naming the setting, and loses nothing. */
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";

function demo(env: Record<string, string>): Promise<{ code: number | null; output: string; ms: number }> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ["--import", "tsx", "scripts/demo.ts"], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    p.stdout.on("data", (d) => (output += d));
    p.stderr.on("data", (d) => (output += d));
    p.on("exit", (code) => resolve({ code, output, ms: Date.now() - t0 }));
  });
}

describe("demo configuration errors", () => {
  it("names KAFKA_BROKERS when the brokers do not answer", async () => {
    const r = await demo({ KAFKA_BROKERS: "127.0.0.1:1" });
    expect(r.code).not.toBe(0);
    expect(r.output).toMatch(/Kafka did not answer at 127\.0\.0\.1:1 .*Check KAFKA_BROKERS/);
    console.log(`[stack-config] KAFKA_BROKERS failure after ${r.ms} ms`);
  });

  it("names DATABASE_URL when Postgres does not answer", async () => {
    const r = await demo({ DATABASE_URL: "postgresql://postgres@127.0.0.1:1/launchwatch" });
    expect(r.code).not.toBe(0);
    expect(r.output).toMatch(/PostgreSQL did not answer .*Set DATABASE_URL/);
    console.log(`[stack-config] DATABASE_URL failure after ${r.ms} ms`);
  });

  it("names a malformed setting before touching any service", async () => {
    const r = await demo({ LW_PARTITIONS: "many" });
    expect(r.code).not.toBe(0);
    expect(r.output).toContain("Invalid configuration: LW_PARTITIONS");
    const r2 = await demo({ KAFKA_BROKERS: "not a broker" });
    expect(r2.output).toContain("Invalid configuration: KAFKA_BROKERS: each broker must be host:port");
  });
});
