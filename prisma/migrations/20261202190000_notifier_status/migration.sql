-- What each notifier process says about itself and its receivers (issue 15), so the Alerts page
-- can tell a disabled or failing receiver, and a notifier that is not running, from a quiet night.
-- One row per notifier instance of a deployment (its alerts topic), refreshed every few seconds
-- while it runs: a row whose heartbeat is older than a few of its periods is a notifier gone.
CREATE TABLE "notifier_status" (
    "alerts_topic" TEXT NOT NULL,
    "instance_id" TEXT NOT NULL,
    -- standby, leader or stopped
    "role" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "heartbeat_at" TIMESTAMPTZ(3) NOT NULL,
    "heartbeat_every_ms" INTEGER NOT NULL,
    -- Every receiver of its policy: name, type, enabled, why not, target (origin only)
    "receivers" JSONB NOT NULL,
    CONSTRAINT "notifier_status_pkey" PRIMARY KEY ("alerts_topic", "instance_id")
);

-- The receivers' state reads each receiver's newest attempt.
CREATE INDEX "delivery_attempts_receiver_at_idx" ON "delivery_attempts"("receiver", "at");
