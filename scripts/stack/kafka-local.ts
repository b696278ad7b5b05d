/**
 * A single-node Apache Kafka (KRaft) for machines without Docker: fetched from Maven Central on
 * first use, formatted with `StorageTool --standalone`, started in the background on 127.0.0.1
 * and left running for later commands. `stop` ends it by its pid.
 *
 * Two client listeners: PLAINTEXT on `port` and SASL_SSL with SCRAM-SHA-512 on `port + 2`
 * (the controller has `port + 1`), with a CA and broker certificate made at first start
 * (kafka-tls.ts) and the SCRAM user `launchwatch` added at format time, so the secured path
 * is tried on every machine as production clusters run it. {@link localKafkaSaslClient} tells
 * clients how to connect there.
 */
import { spawn, spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { waitForKafka } from "../../adapters/kafka/client";
import { LaunchwatchError, ServiceUnavailableError } from "../../core/errors";
import { brokerProperties, localReauthMs, writeConfig } from "./kafka-config";
import { ensureKafkaRuntime } from "./kafka-runtime";
import { ensureLocalKafkaTls, ensureSecret } from "./kafka-tls";
import type { StackPaths } from "./paths";

export { localReauthMs };

/** The SCRAM user of the local SASL_SSL listener. */
export const localSaslUser = "launchwatch";

/** How a client connects to the local SASL_SSL listener (as environment settings). */
export function localKafkaSaslClient(paths: StackPaths, port = 9092): Record<string, string> {
  return {
    KAFKA_BROKERS: `127.0.0.1:${port + 2}`,
    KAFKA_SECURITY_PROTOCOL: "SASL_SSL",
    KAFKA_SASL_MECHANISM: "SCRAM-SHA-512",
    KAFKA_SASL_USERNAME: localSaslUser,
    KAFKA_SASL_PASSWORD_FILE: paths.saslPasswordFile(port),
    KAFKA_SSL_CA_FILE: path.join(paths.tlsDir(port), "ca.pem"),
  };
}

export interface LocalKafkaOptions {
  paths: StackPaths;
  /** Broker port; the KRaft controller uses `port + 1`. Default 9092. */
  port?: number;
  /** JVM heap. Default `1g`. */
  heap?: string;
  /** How long to wait for the broker to answer after starting it. Default 90 s. */
  startTimeoutMs?: number;
  log?: (line: string) => void;
}

export type LocalKafkaState = { running: true; pid: number; brokers: string[] } | { running: false };

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function readPid(file: string): number | null {
  try {
    const pid = Number(fs.readFileSync(file, "utf8").trim());
    return Number.isInteger(pid) && pid > 0 && alive(pid) ? pid : null;
  } catch {
    return null;
  }
}

/** Current state from the pid file. */
export function localKafkaStatus({ paths, port = 9092 }: LocalKafkaOptions): LocalKafkaState {
  const pid = readPid(paths.pidFile(port));
  return pid ? { running: true, pid, brokers: [`127.0.0.1:${port}`] } : { running: false };
}

/**
 * Starts the local broker unless ours is already running; resolves once it answers.
 * Returns whether it was started now or reused.
 */
export async function startLocalKafka(
  opts: LocalKafkaOptions,
): Promise<{ brokers: string[]; started: boolean }> {
  const { paths, port = 9092, heap = "1g", startTimeoutMs = 90_000, log = () => {} } = opts;
  const brokers = [`127.0.0.1:${port}`];
  const tls = ensureLocalKafkaTls(paths.tlsDir(port));
  const saslPassword = ensureSecret(paths.saslPasswordFile(port));
  const props = brokerProperties(paths, port, tls);
  const configFile = path.join(paths.configDir(port), "server.properties");
  const existing = localKafkaStatus(opts);
  if (existing.running) {
    const current = fs.existsSync(configFile) ? fs.readFileSync(configFile, "utf8") : "";
    if (current === props) {
      await waitForKafka(brokers, { timeoutMs: startTimeoutMs, setting: "LW_KAFKA_PORT" });
      return { brokers, started: false };
    }
    // Started by an older version of this file (e.g. without the SASL_SSL listener).
    log("the local broker runs an older configuration: restarting it");
    await stopLocalKafka(opts);
  }
  const lib = ensureKafkaRuntime({ paths, log });
  const config = writeConfig(paths, port, props);
  const classpath = `${lib}/*`;
  const scram = `SCRAM-SHA-512=[name=${localSaslUser},password=${saslPassword}]`;
  const scramMarker = path.join(paths.configDir(port), "scram-user-added");
  if (!fs.existsSync(path.join(paths.dataDir(port), "meta.properties"))) {
    const r = spawnSync(
      "java",
      [
        "-cp",
        classpath,
        "kafka.tools.StorageTool",
        "format",
        "--standalone",
        "-t",
        clusterId(),
        "-c",
        config,
        "--add-scram",
        scram,
      ],
      { encoding: "utf8" },
    );
    if (r.status !== 0)
      throw new LaunchwatchError(
        `Formatting Kafka storage failed:\n${hide(r.stdout, saslPassword)}\n${hide(r.stderr, saslPassword)}`,
      );
    fs.writeFileSync(scramMarker, localSaslUser);
  }
  fs.mkdirSync(path.dirname(paths.logFile(port)), { recursive: true });
  const out = fs.openSync(path.join(path.dirname(paths.logFile(port)), "stdout.log"), "a");
  const child = spawn(
    "java",
    [
      `-Xmx${heap}`,
      "-Xms256m",
      "-XX:+UseG1GC",
      "-Djava.awt.headless=true",
      `-Dlog4j2.configurationFile=${path.join(paths.configDir(port), "log4j2.properties")}`,
      "-cp",
      classpath,
      "kafka.Kafka",
      config,
    ],
    { detached: true, stdio: ["ignore", out, out] },
  );
  child.unref();
  fs.closeSync(out);
  if (!child.pid) throw new LaunchwatchError("Could not start java for the local Kafka broker.");
  fs.writeFileSync(paths.pidFile(port), String(child.pid));
  log(`started Kafka (pid ${child.pid}) on 127.0.0.1:${port}; log: ${paths.logFile(port)}`);
  try {
    await waitForKafka(brokers, { timeoutMs: startTimeoutMs, setting: "LW_KAFKA_PORT" });
    if (!fs.existsSync(scramMarker)) {
      // Storage formatted before the SASL_SSL listener existed: add the user through the broker.
      addScramUser(classpath, port, saslPassword);
      fs.writeFileSync(scramMarker, localSaslUser);
      log(`added SCRAM-SHA-512 user ${localSaslUser}`);
    }
  } catch (err) {
    if (!alive(child.pid)) {
      throw new ServiceUnavailableError(
        "kafka",
        `The local Kafka broker exited during start-up (is port ${port} or ${port + 1} taken? ` +
          `set LW_KAFKA_PORT). See ${path.dirname(paths.logFile(port))}.`,
        { cause: err, retriable: false },
      );
    }
    throw err;
  }
  return { brokers, started: true };
}

/** `text` with `secret` blanked, for tool output that may repeat its arguments. */
const hide = (text: string, secret: string) => text.replaceAll(secret, "***");

function addScramUser(classpath: string, port: number, password: string): void {
  const r = spawnSync(
    "java",
    [
      "-cp",
      classpath,
      "kafka.admin.ConfigCommand",
      "--bootstrap-server",
      `127.0.0.1:${port}`,
      "--alter",
      "--entity-type",
      "users",
      "--entity-name",
      localSaslUser,
      "--add-config",
      `SCRAM-SHA-512=[password=${password}]`,
    ],
    { encoding: "utf8" },
  );
  if (r.status !== 0)
    throw new LaunchwatchError(
      `Adding the local SCRAM user failed:\n${hide(r.stdout, password)}\n${hide(r.stderr, password)}`,
    );
}

/** KRaft cluster ids are 16 random bytes in URL-safe base64 without padding. */
function clusterId(): string {
  return Buffer.from(randomUUID().replaceAll("-", ""), "hex").toString("base64url");
}

/** Stops our broker: SIGTERM, then SIGKILL after `graceMs` (default 20 s). */
export async function stopLocalKafka({
  paths,
  port = 9092,
  graceMs = 20_000,
}: LocalKafkaOptions & { graceMs?: number }): Promise<boolean> {
  const pid = readPid(paths.pidFile(port));
  if (!pid) {
    fs.rmSync(paths.pidFile(port), { force: true });
    return false;
  }
  process.kill(pid, "SIGTERM");
  const deadline = Date.now() + graceMs;
  while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  if (alive(pid)) process.kill(pid, "SIGKILL");
  while (alive(pid)) await new Promise((r) => setTimeout(r, 100));
  fs.rmSync(paths.pidFile(port), { force: true });
  return true;
}
