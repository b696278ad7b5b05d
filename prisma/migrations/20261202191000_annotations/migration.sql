-- Notes and deploy markers drawn on every chart whose time range holds them
-- (core/annotations/annotation.ts). `clock` is `stream` for those made while the page followed
-- the stream's clock (a simulation, a replay): `at` is then event time.
CREATE TABLE "annotations" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "at" TIMESTAMPTZ(3) NOT NULL,
    "clock" TEXT NOT NULL DEFAULT 'wall',
    "kind" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "annotations_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "annotations_at_idx" ON "annotations"("at");
