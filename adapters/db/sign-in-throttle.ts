/**
 * The sign-in throttle in Postgres (`sign_in_throttle`), so every web process shares one count.
 * Each key is counted by one upsert whose WHERE clause is the backoff rule: the row lock makes
 * "may this attempt go ahead, and count it" one atomic step, however many guesses arrive at once.
 */
import { Prisma, type PrismaClient } from "@prisma/client";
import {
  type BackoffPolicy,
  defaultThrottlePolicy,
  type SignInThrottle,
  type ThrottlePolicy,
  throttleKeys,
} from "../../core/auth/sign-in-throttle";

/** SQL of core's `backoffMs(n, p)` for the attempt count `n`. */
const delaySql = (n: Prisma.Sql, p: BackoffPolicy) =>
  Prisma.sql`(CASE WHEN ${n} < ${p.free}::int THEN 0::bigint
    ELSE LEAST(${p.maxMs}::bigint, (${p.baseMs}::float8 * power(2, LEAST(${n} - ${p.free}::int, 40)))::bigint) END)`;

/**
 * @param clock wall-clock ms (default Date.now); every process should agree to within seconds.
 */
export function createSignInThrottleStore(
  prisma: PrismaClient,
  {
    policy = defaultThrottlePolicy,
    clock = Date.now,
  }: { policy?: ThrottlePolicy; clock?: () => number } = {},
): SignInThrottle {
  return {
    async begin(attempt) {
      const now = clock();
      for (const { kind, key } of throttleKeys(attempt)) {
        const p = policy[kind];
        const stale = Prisma.sql`t.last_at <= ${now}::bigint - ${p.resetMs}::bigint`;
        const n = Prisma.sql`(CASE WHEN ${stale} THEN 1 ELSE t.attempts + 1 END)`;
        const counted = await prisma.$queryRaw<Array<{ attempts: number }>>`
          INSERT INTO sign_in_throttle AS t (key, attempts, last_at, next_at)
          VALUES (${key}, 1, ${now}::bigint, ${now}::bigint + ${delaySql(Prisma.sql`1`, p)})
          ON CONFLICT (key) DO UPDATE SET
            attempts = ${n},
            last_at = ${now}::bigint,
            next_at = ${now}::bigint + ${delaySql(n, p)}
          WHERE t.next_at <= ${now}::bigint OR ${stale}
          RETURNING t.attempts`;
        if (counted.length > 0) continue;
        const rows = await prisma.$queryRaw<Array<{ next_at: bigint }>>`
          SELECT next_at FROM sign_in_throttle WHERE key = ${key}`;
        const next = rows[0] ? Number(rows[0].next_at) : now + 1000;
        return { ok: false, retryAfterMs: Math.max(1000, next - now) };
      }
      return { ok: true };
    },
    async succeeded(attempt) {
      const keys = throttleKeys(attempt);
      const userKeys = keys.filter((k) => k.kind !== "perAddress").map((k) => k.key);
      await prisma.$executeRaw`DELETE FROM sign_in_throttle WHERE key = ANY(${userKeys}::text[])`;
      // The address keeps its failures; the attempt that succeeded is given back.
      const addr = keys.find((k) => k.kind === "perAddress");
      if (addr) {
        const back = Prisma.sql`GREATEST(attempts - 1, 0)`;
        await prisma.$executeRaw`
          UPDATE sign_in_throttle
          SET attempts = ${back}, next_at = last_at + ${delaySql(back, policy.perAddress)}
          WHERE key = ${addr.key}`;
      }
    },
    async sweep(now) {
      const longest = Math.max(...Object.values(policy).map((p) => p.resetMs));
      return prisma.$executeRaw`DELETE FROM sign_in_throttle WHERE last_at < ${now - longest}::bigint`;
    },
  };
}
