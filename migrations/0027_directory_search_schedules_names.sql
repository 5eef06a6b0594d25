ALTER TABLE "directory_search_doc" ADD COLUMN "names" "tsvector" DEFAULT ''::tsvector NOT NULL;--> statement-breakpoint
ALTER TABLE "directory_search_doc" ADD COLUMN "schedules" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
CREATE INDEX "directory_search_doc_names_idx" ON "directory_search_doc" USING gin ("names");