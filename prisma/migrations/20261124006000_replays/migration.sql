-- CreateTable
CREATE TABLE "replays" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "from_ts" BIGINT NOT NULL,
    "to_ts" BIGINT NOT NULL,
    "overrides" JSONB NOT NULL DEFAULT '[]',
    "baseline_id" TEXT,
    "status" TEXT NOT NULL DEFAULT 'running',
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMP(3),
    "summary" JSONB,

    CONSTRAINT "replays_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "replay_alerts" (
    "seq" BIGSERIAL NOT NULL,
    "replay_id" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "rule" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "labels" JSONB NOT NULL,
    "starts_at" BIGINT NOT NULL,
    "ends_at" BIGINT,
    "value" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "replay_alerts_pkey" PRIMARY KEY ("seq")
);

-- CreateIndex
CREATE INDEX "replay_alerts_replay_id_idx" ON "replay_alerts"("replay_id");

-- AddForeignKey
ALTER TABLE "replay_alerts" ADD CONSTRAINT "replay_alerts_replay_id_fkey" FOREIGN KEY ("replay_id") REFERENCES "replays"("id") ON DELETE CASCADE ON UPDATE CASCADE;

