-- CreateTable
CREATE TABLE "alert_rules" (
    "id" TEXT NOT NULL,
    "definition" JSONB NOT NULL,
    "source" TEXT NOT NULL DEFAULT 'file',
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_by" TEXT,

    CONSTRAINT "alert_rules_pkey" PRIMARY KEY ("id")
);

