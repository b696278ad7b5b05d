-- What-if rules of a replay (core/replay/rule-overrides.ts).
ALTER TABLE "replays" ADD COLUMN "rule_overrides" JSONB NOT NULL DEFAULT '[]';
