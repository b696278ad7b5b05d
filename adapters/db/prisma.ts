/**
 * Prisma client factory. The generator uses `engineType = "client"`, so queries run through the
 * `pg` driver adapter and no native query engine is needed.
 */
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@prisma/client";

/** Creates a Prisma client for `databaseUrl`. Default pool size 10. */
export function createPrisma(
  databaseUrl: string,
  { poolSize = 10 }: { poolSize?: number } = {},
): PrismaClient {
  const adapter = new PrismaPg({ connectionString: databaseUrl, max: poolSize });
  return new PrismaClient({ adapter });
}

export type { PrismaClient };
