/**
 * The web process's readiness checks (/readyz): its frames consumer is connected, Postgres
 * answers, and the dashboard pages are prepared.
 */
import type { PrismaClient } from "../adapters/db/prisma";
import type { ReadinessCheck } from "../adapters/http/observability";

export function webHealthChecks({
  framesState,
  prisma,
  dashboardReady,
}: {
  framesState: () => string;
  prisma: PrismaClient;
  dashboardReady: () => boolean;
}): ReadinessCheck[] {
  return [
    {
      name: "kafka",
      check: () =>
        framesState() === "connected"
          ? { ok: true }
          : {
              ok: false,
              detail: `frames consumer is ${framesState()}; check KAFKA_BROKERS and the broker`,
            },
    },
    {
      name: "postgres",
      check: async () => {
        await prisma.$queryRaw`select 1`;
        return { ok: true };
      },
    },
    {
      name: "dashboard",
      check: () => (dashboardReady() ? { ok: true } : { ok: false, detail: "Next.js is still starting" }),
    },
  ];
}
