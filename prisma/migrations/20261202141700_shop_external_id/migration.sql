-- A shop's id in the company's own feeds (its store code), for source mappings that name shops
-- that way (docs/SOURCES.md). Loaded with `npm run seed -- --shops FILE.csv`, null otherwise.
ALTER TABLE "shops" ADD COLUMN "external_id" TEXT;
CREATE UNIQUE INDEX "shops_external_id_key" ON "shops"("external_id");
