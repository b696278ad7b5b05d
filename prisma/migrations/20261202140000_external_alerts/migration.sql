-- Alerts posted through the Alertmanager API (issue 18): they have no measured value and are
-- not about the launch's data, also after a notifier restart.
ALTER TABLE "alerts" ADD COLUMN "external" BOOLEAN NOT NULL DEFAULT false;
