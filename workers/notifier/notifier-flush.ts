/**
 * The notifier's flush step, run on every tick: the dispatcher flushes the groups that are due
 * (silences on the stream's clock judged by the stream time the workers report), and what it
 * decided is stored before it counts: timeout resolutions as history, then the groups' logs
 * with their notifications in one write, after which the deliverer is woken.
 */
import type { Dispatcher } from "../../core/alerts/dispatcher";
import type { ReportBook } from "../../core/pipeline/reports";
import { createSilenceClock } from "../../core/pipeline/silence-clock";
import { pipelineStatus } from "../../core/pipeline/status";
import type { Deliverer } from "./delivery";
import type { NotifierOptions } from "./notifier-options";
import type { WriteQueue } from "./write-queue";

export function createFlushStep(
  { store, receivers }: Pick<NotifierOptions, "store" | "receivers">,
  {
    dispatcher,
    write,
    deliverer,
    reports,
    clock,
    counts,
  }: {
    dispatcher: Dispatcher;
    write: WriteQueue["write"];
    deliverer: Deliverer;
    /** Every worker's last frame header: where the stream's time comes from. */
    reports: ReportBook;
    clock: () => number;
    /** Counted into: notifications queued. */
    counts: { notificationsQueued: number };
  },
): () => Promise<void> {
  /** The stream's clock for silences made on it (core/pipeline/silence-clock.ts). */
  const silenceClock = createSilenceClock();
  return async () => {
    const now = clock();
    silenceClock.observe(pipelineStatus(reports.list(now), now).streamTime);
    const r = dispatcher.tick(now, silenceClock.at(now).stream);
    if (r.transitions.length > 0) await write("alert changes", () => store.recordTransitions(r.transitions));
    const notifications = r.notifications.filter((n) => receivers.has(n.receiver));
    if (notifications.length > 0 || r.groups.length > 0 || r.deletedGroups.length > 0) {
      await write("notifications", () => store.commitFlush({ ...r, notifications }));
      counts.notificationsQueued += notifications.length;
      if (notifications.length > 0) deliverer.wake();
    }
  };
}
