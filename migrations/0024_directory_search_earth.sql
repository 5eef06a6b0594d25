ALTER TABLE "directory_search_doc" ADD COLUMN "earth" "cube";--> statement-breakpoint
CREATE INDEX "directory_search_doc_earth_idx" ON "directory_search_doc" USING gist ("earth");