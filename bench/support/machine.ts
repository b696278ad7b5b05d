/** What the figures were measured on: benches print this next to every result. */
import os from "node:os";

export function machineInfo() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? "unknown",
    cores: cpus.length,
    memGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    loadavg: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

/** Prints the line bench/run.ts collects: `BENCH {json}`. */
export function report(name: string, metrics: Record<string, number>, notes: string): void {
  console.log(`BENCH ${JSON.stringify({ name, metrics, machine: machineInfo(), notes })}`);
}
