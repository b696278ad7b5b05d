-- Sign-in throttle shared by every web process (server/auth, adapters/db/sign-in-throttle.ts):
-- one row per key (a client address, a user, a user from one address). Times are epoch ms.
CREATE TABLE "sign_in_throttle" (
    "key" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL,
    "last_at" BIGINT NOT NULL,
    "next_at" BIGINT NOT NULL,

    CONSTRAINT "sign_in_throttle_pkey" PRIMARY KEY ("key")
);

CREATE INDEX "sign_in_throttle_last_at_idx" ON "sign_in_throttle"("last_at");

-- Idle timeout: a session unused this long ends before its expiry.
ALTER TABLE "sessions" ADD COLUMN "last_seen_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- A one-time password (first run, reset) stops working at this time.
ALTER TABLE "users" ADD COLUMN "password_expires_at" TIMESTAMP(3);
