-- Per-shop totals are no longer written on the hot path: at 300,000 active shops they cost
-- more than all other aggregates together. Live per-shop load comes from frames.
DROP TABLE "shop_totals";
