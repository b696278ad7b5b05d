/**
 * Keeps the live hub's shop capacity current: loads it at start and again every `intervalMs`;
 * while no shops are known (reference data may be seeded after the web process starts) it
 * looks again within 5 s.
 */
import type { Logger } from "../../adapters/log";
import { describeError } from "../../core/errors";
import type { LiveHub } from "./hub";

type Capacity = Parameters<LiveHub["setCapacity"]>[0];

export async function startCapacityRefresh({
  load,
  hub,
  intervalMs,
  logger,
}: {
  load: () => Promise<Capacity>;
  hub: Pick<LiveHub, "setCapacity">;
  intervalMs: number;
  logger: Logger;
}): Promise<{ stop(): void }> {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const refresh = async () => {
    if (stopped) return;
    let shopsKnown = 0;
    try {
      const capacity = await load();
      shopsKnown = capacity.shops;
      hub.setCapacity(capacity);
    } catch (err) {
      logger.warn("could not load shop capacity", { error: describeError(err) });
    }
    timer = setTimeout(refresh, shopsKnown > 0 ? intervalMs : Math.min(5000, intervalMs));
    timer.unref();
  };
  await refresh();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
