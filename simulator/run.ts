/**
 * The simulator's main loop, without process concerns (argv, env, signals): generates the
 * launch second by second, paces it, hands each batch to the sinks, reports progress, and
 * returns the summary. Tests call it directly with a file sink.
 */
import { generateReferenceData, type ReferenceData } from "../core/reference";
import { foreignMessage } from "../core/simulation/foreign";
import { createLaunch, type LaunchStats } from "../core/simulation/launch";
import { type TopicRole, topicRoles } from "../core/simulation/wire";
import type { SimulatorArgs } from "./args";
import { createPacer } from "./pacer";
import { formatProgress } from "./progress";
import type { Sink } from "./sink";

export interface RunSummary extends Omit<LaunchStats, "messages" | "startMs" | "seconds"> {
  type: "summary";
  status: "completed" | "interrupted";
  speed: number | "max";
  start: string;
  simulatedSeconds: number;
  simulatedUntil: string;
  /** Messages sent per topic (chaos included) and in total: what consumers should receive. */
  sent: Record<TopicRole, number> & { total: number };
  /** What each sink confirmed: acknowledged by Kafka, written to the file. */
  delivered: Array<{ sink: string } & Record<TopicRole, number>>;
  wallMs: number;
  eventsPerSecond: number;
}

export interface RunDeps {
  sinks: Sink[];
  /** Default: generated from args.refSeed and args.shops. */
  reference?: ReferenceData;
  /** Stops the run between batches; the summary then has status `interrupted`. */
  signal?: AbortSignal;
  /** Receives a progress line every args.progressMs (default: none). */
  onProgress?: (line: string) => void;
  clock?: () => number;
}

/** Runs a simulation to the end (or until `signal` aborts), closes the sinks, returns the summary. */
export async function runSimulator(args: SimulatorArgs, deps: RunDeps): Promise<RunSummary> {
  const { sinks, signal, onProgress, clock = () => performance.now() } = deps;
  const reference = deps.reference ?? generateReferenceData(args.refSeed, args.shops);
  const sim = createLaunch({
    seed: args.seed,
    scale: args.scale,
    startMs: args.startMs,
    durationSec: args.durationSec,
    reference,
    shareBlockSec: args.shareBlockSec,
    chaos: args.chaos ? { rate: args.chaosRate } : false,
  });
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        signal?.removeEventListener("abort", done);
        resolve();
      }
      signal?.addEventListener("abort", done, { once: true });
    });
  const only = new Set(args.only ?? topicRoles);
  const pacer = createPacer({ speed: args.speed, rateLimit: args.rateLimit, clock, sleep });
  const started = clock();
  let sent = 0;
  let second = 0;
  let lastProgress = { at: started, sent: 0 };
  let status: RunSummary["status"] = "completed";

  const progress = (now: number) => {
    const st = sim.stats();
    onProgress?.(
      formatProgress({
        sent,
        rate: ((sent - lastProgress.sent) * 1000) / Math.max(1, now - lastProgress.at),
        second: st.seconds,
        simMs: args.startMs + st.seconds * 1000,
        ordersCreated: st.orders.created,
        apiErrorRate: st.api.requests > 0 ? st.api.errors / st.api.requests : 0,
      }),
    );
    lastProgress = { at: now, sent };
  };

  let failure: unknown = null;
  try {
    for (;;) {
      await pacer.wait(second, sent);
      if (signal?.aborted) {
        status = "interrupted";
        break;
      }
      const batch = sim.next();
      if (!batch) break;
      second++;
      const chosen =
        only.size === topicRoles.length ? batch.messages : batch.messages.filter((m) => only.has(m.topic));
      const messages = args.shape === "foreign" ? chosen.map(foreignMessage) : chosen;
      for (const sink of sinks) await sink.write(messages);
      sent += messages.length;
      if (onProgress && args.progressMs > 0) {
        const now = clock();
        if (now - lastProgress.at >= args.progressMs) progress(now);
      }
    }
  } catch (err) {
    failure = err;
  }
  // Flush what was handed out, also when stopping early or failing.
  const closing = await Promise.allSettled(sinks.map((s) => s.close()));
  if (failure) throw failure;
  for (const c of closing) if (c.status === "rejected") throw c.reason;
  if (onProgress && args.progressMs > 0) progress(clock());

  const wallMs = clock() - started;
  const { messages, startMs, seconds, ...stats } = sim.stats();
  return {
    type: "summary",
    status,
    ...stats,
    speed: args.speed,
    start: new Date(startMs).toISOString(),
    simulatedSeconds: seconds,
    simulatedUntil: new Date(startMs + seconds * 1000).toISOString(),
    sent: sentOf(messages, only),
    delivered: sinks.map((s) => ({ sink: s.name, ...s.delivered() })),
    wallMs: Math.round(wallMs),
    eventsPerSecond: Math.round((sent * 1000) / Math.max(1, wallMs)),
  };
}

/** What was sent per topic: the generated messages of the topics sent (`--only`). */
function sentOf(messages: Record<TopicRole, number>, only: ReadonlySet<TopicRole>): RunSummary["sent"] {
  const n = (r: TopicRole) => (only.has(r) ? messages[r] : 0);
  return {
    orders: n("orders"),
    downloads: n("downloads"),
    api: n("api"),
    total: n("orders") + n("downloads") + n("api"),
  };
}
