-- The clock a silence runs on: wall (as in Alertmanager) or stream (made while the page followed
-- the stream clock in a simulation or a replay, its times are then event time). docs/ALERTING.md
ALTER TABLE "silences" ADD COLUMN "clock" TEXT NOT NULL DEFAULT 'wall';
