/**
 * One active notifier: a Postgres session-level advisory lock. The instance holding it consumes,
 * decides and delivers; others wait as hot standbys, trying every few seconds. If the leader's
 * process or its database connection dies, Postgres releases the lock and a standby takes over
 * (it restores the alert and group state from Postgres, so nothing is re-sent or forgotten).
 */
import pg from "pg";

export interface LeaderLock {
  /** Resolves once this process holds the lock; tries every `retryMs` until then or until `signal` aborts. */
  acquire(signal?: AbortSignal): Promise<void>;
  readonly held: boolean;
  /** Releases the lock and closes the connection. */
  release(): Promise<void>;
}

/**
 * @param name the lock's name; every notifier of one deployment must use the same
 * @param onLost called once if the connection holding the lock fails (the caller must stop leading)
 * @param retryMs how often a standby tries (default 2 s)
 * @param heartbeatMs how often the leader checks its connection (default 5 s)
 */
export function createLeaderLock({
  databaseUrl,
  name,
  onLost,
  retryMs = 2000,
  heartbeatMs = 5000,
}: {
  databaseUrl: string;
  name: string;
  onLost: (err: Error) => void;
  retryMs?: number;
  heartbeatMs?: number;
}): LeaderLock {
  let client: pg.Client | null = null;
  let held = false;
  let heartbeat: NodeJS.Timeout | undefined;
  let released = false;

  const lose = (err: Error) => {
    if (!held || released) return;
    held = false;
    clearInterval(heartbeat);
    onLost(err);
  };

  const connect = async () => {
    const c = new pg.Client({ connectionString: databaseUrl, keepAlive: true });
    c.on("error", (err) => lose(err));
    c.on("end", () => lose(new Error("the connection holding the notifier lock closed")));
    await c.connect();
    return c;
  };

  return {
    async acquire(signal) {
      while (!signal?.aborted && !released) {
        try {
          client ??= await connect();
          const { rows } = await client.query<{ ok: boolean }>(
            "select pg_try_advisory_lock(hashtextextended($1, 0)) as ok",
            [name],
          );
          if (rows[0]?.ok) {
            held = true;
            heartbeat = setInterval(() => {
              client?.query("select 1").catch((err: Error) => lose(err));
            }, heartbeatMs);
            heartbeat.unref();
            return;
          }
        } catch {
          await client?.end().catch(() => {});
          client = null;
        }
        await new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(t);
            signal?.removeEventListener("abort", done);
            resolve();
          };
          const t = setTimeout(done, retryMs);
          signal?.addEventListener("abort", done, { once: true });
        });
      }
      throw new Error("gave up waiting for the notifier lock");
    },
    get held() {
      return held;
    },
    async release() {
      released = true;
      clearInterval(heartbeat);
      held = false;
      await client?.end().catch(() => {});
      client = null;
    },
  };
}
