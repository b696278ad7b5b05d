/**
 * The local broker's runtime: the Kafka jars named in kafka/pom.xml, fetched from Maven Central
 * into the stack's cache on first use (keyed by the pom's hash, so a version change fetches anew).
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { LaunchwatchError } from "../../core/errors";
import type { StackPaths } from "./paths";

const pomPath = path.join(path.dirname(fileURLToPath(import.meta.url)), "kafka", "pom.xml");

function hasCommand(cmd: string, args: string[]): boolean {
  const r = spawnSync(cmd, args, { stdio: "ignore" });
  return r.status === 0;
}

/** The folder of Kafka jars, fetched with Maven if not cached yet. Returns the `lib` folder. */
export function ensureKafkaRuntime({
  paths,
  log = () => {},
}: {
  paths: StackPaths;
  log?: (line: string) => void;
}): string {
  const key = createHash("sha256").update(fs.readFileSync(pomPath)).digest("hex").slice(0, 10);
  const lib = path.join(paths.runtimeDir(key), "lib");
  if (fs.existsSync(lib) && fs.readdirSync(lib).some((f) => f.startsWith("kafka_2.13-"))) return lib;
  if (!hasCommand("java", ["-version"])) {
    throw new LaunchwatchError(
      "Java is not installed: the local Kafka broker needs Java 17 or newer " +
        "(apt-get install openjdk-17-jre-headless), or set KAFKA_BROKERS to an existing cluster.",
    );
  }
  if (!hasCommand("mvn", ["-v"])) {
    throw new LaunchwatchError(
      "Maven is not installed: it fetches the Kafka broker from Maven Central (apt-get install maven), " +
        "or set KAFKA_BROKERS to an existing cluster.",
    );
  }
  log("fetching Apache Kafka from Maven Central (first run only)...");
  const tmp = `${lib}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  const r = spawnSync(
    "mvn",
    [
      "-q",
      "-B",
      "-f",
      pomPath,
      "dependency:copy-dependencies",
      "-DincludeScope=runtime",
      `-DoutputDirectory=${tmp}`,
    ],
    { encoding: "utf8" },
  );
  if (r.status !== 0) {
    throw new LaunchwatchError(
      `Fetching Kafka with Maven failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`,
    );
  }
  fs.mkdirSync(path.dirname(lib), { recursive: true });
  fs.renameSync(tmp, lib);
  return lib;
}
