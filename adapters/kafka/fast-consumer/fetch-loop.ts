/**
 * The fast consumer's fetch loop: a round fetched, the next one asked for at once (the broker
 * prepares it while this one is handed out), then each partition's batch handed out in turn.
 * It hands out nothing of an assignment that is no longer the newest, and stops handing out
 * midway when a rebalance starts: what it did not hand out is fetched again.
 */
import type { Admin } from "kafkajs";
import { describeError, LaunchwatchError } from "../../../core/errors";
import type { Logger } from "../../log";
import type { PartitionHandlers } from "../partition-consumer";
import { type ConsumerState, generationOf } from "./consumer-state";
import type { Fetcher, Round } from "./fetch-round";
import { handOut } from "./hand-out";
import { handlePartitionError } from "./partition-error";

/** Runs until `s.running` turns false; throws what must stop the worker. */
export async function fetchLoop(
  s: ConsumerState,
  handlers: PartitionHandlers,
  { fetcher, admin, logger }: { fetcher: Fetcher; admin: Admin; logger: Logger },
): Promise<void> {
  const { next, fetchPos } = s;
  const { refreshMetadata } = fetcher;
  const generation = () => generationOf(s);
  const fetchRound = (gen: number): Promise<Round> => fetcher.fetchRound(gen, s.owned, fetchPos, s.held);
  const errorContext = {
    admin,
    logger,
    next,
    fetchPos,
    current: (gen: number) => gen === generation() && gen === s.appliedGen,
    refreshMetadata,
  };
  let prefetch: Promise<Round> | null = null;
  let failures = 0;
  const backoff = async (what: string, err: unknown) => {
    failures++;
    const delay = Math.min(5000, 100 * 2 ** failures);
    logger.warn(what, { error: describeError(err), attempt: failures, delayMs: delay });
    await new Promise((r) => setTimeout(r, delay));
    await refreshMetadata().catch(() => {});
  };
  while (s.running) {
    if (s.appliedGen !== generation()) {
      // An assignment is under way (or was superseded by a newer one): wait for the newest
      // to be taken; nothing fetched for an older one is handed out.
      prefetch = null;
      const pending = s.tracker?.pending;
      if (pending) await pending;
      if (s.appliedGen !== generation()) await new Promise((r) => setTimeout(r, 10));
      continue;
    }
    if (s.rebalancing) {
      prefetch = null;
      await new Promise((r) => setTimeout(r, 20));
      continue;
    }
    const gen = s.appliedGen;
    let round: Round;
    try {
      round = await (prefetch ?? fetchRound(gen));
      failures = 0;
    } catch (err) {
      prefetch = null;
      // A batch this consumer cannot read (format, codec) will not read better on a retry.
      if (err instanceof LaunchwatchError && !err.retriable) throw err;
      await backoff("fetch failed; retrying", err);
      continue;
    }
    prefetch = null;
    if (round.generation !== s.appliedGen || s.appliedGen !== generation()) continue; // an older assignment's
    let errors = false;
    for (const f of round.partitions) {
      if (f.errorCode !== 0) errors = true;
      else if (next.has(f.key)) fetchPos.set(f.key, f.nextOffset);
    }
    // Ask for the next data now: the broker reads it while this round is processed.
    if (s.running && !errors) {
      prefetch = fetchRound(gen);
      prefetch.catch(() => {}); // handled when awaited
    }
    for (let i = 0; i < round.partitions.length; i++) {
      const f = round.partitions[i]!;
      if (!s.running || s.rebalancing || gen !== s.appliedGen || gen !== generation()) {
        // Stopped handing out midway: what was not handed out is fetched again.
        prefetch = null;
        if (gen === s.appliedGen) {
          for (const rest of round.partitions.slice(i)) {
            const at = next.get(rest.key);
            if (at !== undefined) fetchPos.set(rest.key, at);
          }
        }
        break;
      }
      if (f.errorCode !== 0) {
        try {
          await handlePartitionError(f, gen, errorContext);
        } catch (err) {
          if (err instanceof LaunchwatchError && !err.retriable) throw err;
          await backoff("fetch error handling failed; retrying", err);
        }
        continue;
      }
      const from = next.get(f.key);
      if (from === undefined) continue;
      const current = () => gen === s.appliedGen && gen === generation();
      const handed = await handOut(f, from, handlers, current, logger);
      if (handed > from && current()) next.set(f.key, handed);
    }
  }
  if (prefetch) await prefetch.catch(() => {});
}
