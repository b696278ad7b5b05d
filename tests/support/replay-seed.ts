/**
 * Seeds a finished replay straight into Postgres from frames (its snapshots), so a test can open
 * its player without re-aggregating a launch from Kafka (minutes) first.
 */
import pg from "pg";
import { createReplayStore, replayStream } from "../../adapters/db/replay-store";
import type { Frame } from "../../core/frames/frame";
import { summarize } from "../../core/replay/summary";

/** Stores `frames` as the snapshots of replay `id`, each at its watermark's second. */
export async function insertSnapshots(
  databaseUrl: string,
  id: string,
  frames: readonly Frame[],
): Promise<void> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await db.query(
      `insert into frame_snapshots ("group", t, source, frame)
       select $1, t, s, f from unnest($2::bigint[], $3::text[], $4::jsonb[]) as u(t, s, f)`,
      [
        replayStream(id),
        frames.map((f) => Math.floor(f.watermark! / 1000)),
        frames.map((f) => f.source),
        frames.map((f) => JSON.stringify(f)),
      ],
    );
  } finally {
    await db.end();
  }
}

/** A replay `id` over [fromMs, toMs) of `frames`, done, with no alerts and no what-if. */
export async function seedSnapshotReplay(
  databaseUrl: string,
  {
    id,
    name,
    fromMs,
    toMs,
    frames,
  }: { id: string; name: string; fromMs: number; toMs: number; frames: readonly Frame[] },
): Promise<void> {
  await insertSnapshots(databaseUrl, id, frames);
  const store = createReplayStore({ databaseUrl });
  try {
    await store.create({ id, name, from: fromMs, to: toMs, overrides: [], baselineId: null });
    await store.finish(id, "done", summarize([], new Map(), []));
  } finally {
    await store.close();
  }
}
