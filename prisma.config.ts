/**
 * Prisma CLI configuration.
 *
 * Why the JS engine: the Prisma CLI normally downloads a native schema engine, which machines
 * without internet access (CI here) cannot fetch. Prisma 6.19 can run migrations through a
 * driver adapter instead (`engine: "js"`). The 7.x `@prisma/adapter-pg` is used because the 6.x
 * adapter fails migrations on Postgres `name` columns (prisma/orm#27403).
 */
import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  async adapter() {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: the Prisma CLI needs it to reach Postgres.");
    return new PrismaPg({ connectionString: url });
  },
});
