/** Where the local stack keeps its files. Everything lives under one folder outside git. */
import os from "node:os";
import path from "node:path";

export interface StackPaths {
  home: string;
  /** Kafka jars fetched by Maven; keyed by the pom's content so a version bump fetches again. */
  runtimeDir(key: string): string;
  dataDir(port: number): string;
  configDir(port: number): string;
  pidFile(port: number): string;
  logFile(port: number): string;
  /** The local CA, broker certificate and keystore of the SASL_SSL listener. */
  tlsDir(port: number): string;
  /** Password of the local SCRAM user (`launchwatch`). */
  saslPasswordFile(port: number): string;
}

/** Default home: `$LAUNCHWATCH_HOME`, else `~/.cache/launchwatch`. */
export function stackPaths(home = path.join(os.homedir(), ".cache", "launchwatch")): StackPaths {
  return {
    home,
    runtimeDir: (key) => path.join(home, `kafka-runtime-${key}`),
    dataDir: (port) => path.join(home, `kafka-${port}`, "data"),
    configDir: (port) => path.join(home, `kafka-${port}`, "config"),
    pidFile: (port) => path.join(home, `kafka-${port}`, "kafka.pid"),
    logFile: (port) => path.join(home, `kafka-${port}`, "server.log"),
    tlsDir: (port) => path.join(home, `kafka-${port}`, "tls"),
    saslPasswordFile: (port) => path.join(home, `kafka-${port}`, "sasl-password"),
  };
}
