-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "shops" (
    "id" INTEGER NOT NULL,
    "chain" TEXT NOT NULL,
    "city" TEXT NOT NULL,
    "capacity_per_minute" DOUBLE PRECISION NOT NULL,
    "weight" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "shops_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_endpoints" (
    "name" TEXT NOT NULL,
    "capacity_per_second" DOUBLE PRECISION NOT NULL,
    "base_latency_ms" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "api_endpoints_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE INDEX "shops_chain_idx" ON "shops"("chain");

-- CreateIndex
CREATE INDEX "shops_city_idx" ON "shops"("city");

