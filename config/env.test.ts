import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ConfigError } from "../core/errors";
import { baseEnvShape, kafkaConnection, readConfig } from "./env";

describe("readConfig", () => {
  it("applies defaults and treats empty strings as unset", () => {
    const c = readConfig(baseEnvShape, { LW_PARTITIONS: "", KAFKA_BROKERS: "a:1, b:2" });
    expect(c.LW_PARTITIONS).toBe(6);
    expect(c.KAFKA_BROKERS).toEqual(["a:1", "b:2"]);
    expect(c.DATABASE_URL).toBe("postgresql://postgres@127.0.0.1:5432/launchwatch");
  });

  it("throws a ConfigError naming the setting, never its value", () => {
    expect(() => readConfig(baseEnvShape, { LW_PARTITIONS: "0" })).toThrow(ConfigError);
    expect(() => readConfig(baseEnvShape, { DATABASE_URL: "mysql://x:hunter2@db" })).toThrow(
      /^Invalid configuration: DATABASE_URL: must be a postgresql:\/\/ URL$/,
    );
  });
});

describe("kafkaConnection", () => {
  const files: Record<string, string> = {
    "/ca.pem": "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
    "/pw": "from-file-secret\n",
    "/junk": "not a pem",
  };
  const readFile = (p: string) => {
    const f = files[p];
    if (f === undefined) throw Object.assign(new Error(`ENOENT ${p}`), { code: "ENOENT" });
    return f;
  };
  const connect = (env: Record<string, string>) => kafkaConnection(readConfig(baseEnvShape, env), readFile);
  const sasl = {
    KAFKA_SECURITY_PROTOCOL: "SASL_SSL",
    KAFKA_SASL_MECHANISM: "SCRAM-SHA-512",
    KAFKA_SASL_USERNAME: "lw",
    KAFKA_SASL_PASSWORD: "hunter2-secret",
    KAFKA_SSL_CA_FILE: "/ca.pem",
  };

  it("defaults to PLAINTEXT on the local broker", () => {
    expect(connect({})).toEqual({
      brokers: ["127.0.0.1:9092"],
      brokersSetting: "LW_KAFKA_PORT",
      security: { protocol: "PLAINTEXT" },
    });
  });

  it("builds SASL_SSL from the settings and files, the local SASL_SSL port when no brokers are given", () => {
    expect(connect(sasl)).toEqual({
      brokers: ["127.0.0.1:9094"],
      brokersSetting: "LW_KAFKA_PORT",
      security: {
        protocol: "SASL_SSL",
        sasl: { mechanism: "SCRAM-SHA-512", username: "lw", password: "hunter2-secret" },
        tls: { ca: files["/ca.pem"], rejectUnauthorized: true },
      },
    });
    const fromFile = connect({
      ...sasl,
      KAFKA_SASL_PASSWORD: "",
      KAFKA_SASL_PASSWORD_FILE: "/pw",
      KAFKA_SSL_REJECT_UNAUTHORIZED: "false",
      KAFKA_BROKERS: "k1:9096",
    });
    expect(fromFile.security.sasl?.password).toBe("from-file-secret");
    expect(fromFile.security.tls?.rejectUnauthorized).toBe(false);
    expect(fromFile.brokers).toEqual(["k1:9096"]);
  });

  it("stops on a bad setting with one line naming it, never echoing the password", () => {
    const message = (env: Record<string, string>) => {
      try {
        connect(env);
        return "no error";
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        return (err as Error).message;
      }
    };
    expect(message({ ...sasl, KAFKA_SASL_MECHANISM: "GSSAPI" })).toMatch(
      /^Invalid configuration: KAFKA_SASL_MECHANISM: /,
    );
    expect(message({ ...sasl, KAFKA_SASL_MECHANISM: "" })).toMatch(
      /^Invalid configuration: KAFKA_SASL_MECHANISM: required/,
    );
    expect(message({ ...sasl, KAFKA_SASL_PASSWORD: "" })).toMatch(
      /^Invalid configuration: KAFKA_SASL_PASSWORD: required/,
    );
    expect(message({ ...sasl, KAFKA_SSL_CA_FILE: "/missing.pem" })).toMatch(
      /^Invalid configuration: KAFKA_SSL_CA_FILE: cannot read "\/missing.pem" \(ENOENT\)$/,
    );
    expect(message({ ...sasl, KAFKA_SSL_CA_FILE: "/junk" })).toMatch(
      /^Invalid configuration: KAFKA_SSL_CA_FILE: .* no PEM/,
    );
    expect(message({ ...sasl, KAFKA_SSL_CERT_FILE: "/ca.pem" })).toMatch(/KAFKA_SSL_KEY_FILE: mutual TLS/);
    expect(message({ ...sasl, KAFKA_SECURITY_PROTOCOL: "PLAINTEXT" })).toMatch(
      /^Invalid configuration: KAFKA_SECURITY_PROTOCOL: KAFKA_SASL_MECHANISM is set but PLAINTEXT/,
    );
    expect(message({ ...sasl, KAFKA_SECURITY_PROTOCOL: "TLS" })).toMatch(
      /^Invalid configuration: KAFKA_SECURITY_PROTOCOL: /,
    );
    expect(message({ ...sasl, KAFKA_SASL_PASSWORD_FILE: "/pw" })).toMatch(/not both/);
    for (const env of [
      { ...sasl, KAFKA_SECURITY_PROTOCOL: "TLS" },
      { ...sasl, KAFKA_SASL_MECHANISM: "GSSAPI" },
    ])
      expect(message(env)).not.toContain("hunter2");
    // A malformed secret is reported without its value.
    expect(() =>
      readConfig({ LW_METRICS_TOKEN: z.string().min(99) }, { LW_METRICS_TOKEN: "tok-secret" }),
    ).toThrow(/^Invalid configuration: LW_METRICS_TOKEN: [^"]*$/);
  });
});
