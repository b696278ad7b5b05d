-- CreateTable
CREATE TABLE "consumer_offsets" (
    "group_id" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "partition" INTEGER NOT NULL,
    "next_offset" BIGINT NOT NULL,
    "watermark" BIGINT NOT NULL DEFAULT 0,
    "restore_offset" BIGINT NOT NULL DEFAULT 0,
    "counters" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "consumer_offsets_pkey" PRIMARY KEY ("group_id","topic","partition")
);

-- CreateTable
CREATE TABLE "metric_buckets" (
    "group" TEXT NOT NULL DEFAULT 'live',
    "resolution" INTEGER NOT NULL,
    "series" TEXT NOT NULL,
    "bucket" BIGINT NOT NULL,
    "key" TEXT NOT NULL,
    "value" BIGINT NOT NULL,

    CONSTRAINT "metric_buckets_pkey" PRIMARY KEY ("group","resolution","series","bucket","key")
);

-- CreateTable
CREATE TABLE "shop_totals" (
    "group" TEXT NOT NULL DEFAULT 'live',
    "shop_id" INTEGER NOT NULL,
    "orders" BIGINT NOT NULL,
    "last_ts" BIGINT NOT NULL,

    CONSTRAINT "shop_totals_pkey" PRIMARY KEY ("group","shop_id")
);

-- CreateTable
CREATE TABLE "frame_snapshots" (
    "group" TEXT NOT NULL DEFAULT 'live',
    "t" BIGINT NOT NULL,
    "source" TEXT NOT NULL,
    "frame" JSONB NOT NULL,

    CONSTRAINT "frame_snapshots_pkey" PRIMARY KEY ("group","t","source")
);

