-- Replays from the live snapshots (no re-aggregation) next to replays from Kafka, and why a replay failed.
ALTER TABLE "replays" ADD COLUMN "error" TEXT,
ADD COLUMN "frames_group" TEXT,
ADD COLUMN "source" TEXT NOT NULL DEFAULT 'kafka';
