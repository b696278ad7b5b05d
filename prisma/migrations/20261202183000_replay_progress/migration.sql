-- A running replay's progress (events read of all), written with a heartbeat about once a second
-- by the process that runs it: any web process shows it, and a replay whose heartbeat stopped
-- (its process died) is marked failed. cancel_requested: a Cancel from any web process, which the
-- running replay reads with its heartbeat and stops on.
ALTER TABLE "replays" ADD COLUMN "progress" JSONB;
ALTER TABLE "replays" ADD COLUMN "heartbeat_at" TIMESTAMP(3);
ALTER TABLE "replays" ADD COLUMN "cancel_requested" BOOLEAN NOT NULL DEFAULT false;
