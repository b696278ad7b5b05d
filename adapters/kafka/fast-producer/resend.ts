/**
 * Resends of one send's failed partition batches: retriable errors (leader moved, timeouts, a
 * dropped connection) after a metadata refresh and a backoff, up to `retries` times. The batch
 * bytes are kept from the first attempt and copied into the new request, not encoded again.
 */
import { isRetriableCode, KafkaProduceError } from "../wire/errors";
import { dispatch, layout, type RequestHeader } from "./dispatch";
import type { Leaders } from "./leaders";
import type { Group } from "./partition-batches";

/** Resolves once every group is acknowledged; rejects with a {@link KafkaProduceError} otherwise. */
export async function resendFailed(
  groups: Group[],
  {
    leaders,
    header,
    retries,
    retryBackoffMs,
  }: { leaders: Leaders; header: RequestHeader; retries: number; retryBackoffMs: number },
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const failed = groups.filter((g) => g.error !== 0);
    if (failed.length === 0) return;
    const fatal = failed.find((g) => !isRetriableCode(g.error));
    if (fatal || attempt > retries) {
      const g = fatal ?? failed[0]!;
      throw new KafkaProduceError(g.topic, g.partition, g.error, { attempts: attempt, cause: g.cause });
    }
    await new Promise((res) => setTimeout(res, Math.min(2000, retryBackoffMs * 2 ** (attempt - 1))));
    await leaders.refresh().catch(() => {});
    const again = layout(failed, leaders, header);
    for (const g of failed) g.buf!.set(g.bytes!, g.batchStart);
    await Promise.all(again.map((q) => dispatch(q, leaders)));
  }
}
