/**
 * The end of the demo's simulated launch: the dashboard stays up, the worker finishes what the
 * simulator sent (its consumer lag, read from its /metrics, reaches zero on every partition),
 * and the demo says so and where to replay the launch.
 */
import type { RunSummary } from "../simulator/run";

/** Sum of `launchwatch_worker_consumer_lag_messages` over partitions; null when none is reported. */
export function lagFromMetrics(text: string): { partitions: number; messages: number } | null {
  let partitions = 0;
  let messages = 0;
  for (const line of text.split("\n")) {
    if (!line.startsWith("launchwatch_worker_consumer_lag_messages{")) continue;
    const v = Number(line.slice(line.lastIndexOf(" ") + 1));
    if (!Number.isFinite(v)) continue;
    partitions++;
    messages += v;
  }
  return partitions === 0 ? null : { partitions, messages };
}

/**
 * Polls the worker's metrics until it has read every partition to its log end (twice in a row,
 * so a frame in flight does not end it early). Resolves with the seconds it took.
 */
export async function waitForWorker(
  metricsUrl: string,
  {
    log,
    everyMs = 2000,
    stopped = () => false,
  }: { log: (line: string) => void; everyMs?: number; stopped?: () => boolean },
): Promise<number> {
  const t0 = Date.now();
  let zeros = 0;
  let lastSaid = 0;
  while (!stopped()) {
    const lag = await fetch(metricsUrl)
      .then((r) => r.text())
      .then(lagFromMetrics)
      .catch(() => null);
    if (lag && lag.messages === 0) {
      if (++zeros >= 2) return (Date.now() - t0) / 1000;
    } else zeros = 0;
    if (lag && lag.messages > 0 && Date.now() - lastSaid >= 15_000) {
      lastSaid = Date.now();
      log(`the worker is finishing: ${lag.messages.toLocaleString("en-US")} messages still to aggregate`);
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return (Date.now() - t0) / 1000;
}

/** The lines the demo prints once the launch is over and aggregated. */
export function finishedLines(summary: RunSummary | null, seconds: number, dashboard: string): string[] {
  const sent = summary
    ? `${summary.sent.total.toLocaleString("en-US")} messages (orders ${summary.sent.orders.toLocaleString("en-US")}, ` +
      `API ${summary.sent.api.toLocaleString("en-US")}, downloads ${summary.sent.downloads.toLocaleString("en-US")})`
    : "its messages";
  return [
    `the simulated launch is over: the simulator sent ${sent}; the worker read every partition to its log end ${Math.round(seconds)} s later`,
    `the dashboard stays up: ${dashboard} shows the final totals ("Orders since start")`,
    `replay the whole launch: ${dashboard}/replays → Start replay (from the live snapshots, or re-aggregated from Kafka); Ctrl-C stops everything`,
  ];
}
