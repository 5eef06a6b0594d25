CREATE TABLE "directory_search_dirty" (
	"service_id" uuid PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE TABLE "directory_search_doc" (
	"service_id" uuid PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"name" text NOT NULL,
	"organization_id" uuid,
	"last_modified" timestamp with time zone,
	"minimum_age" double precision,
	"maximum_age" double precision,
	"document" "tsvector" NOT NULL,
	"term_ids" uuid[] NOT NULL,
	"taxonomy_ids" uuid[] NOT NULL,
	"served_areas" text[] NOT NULL,
	"located_areas" text[] NOT NULL,
	"latitudes" double precision[] NOT NULL,
	"longitudes" double precision[] NOT NULL,
	"area_latitudes" double precision[] NOT NULL,
	"area_longitudes" double precision[] NOT NULL,
	"extent" "cube",
	"languages" text[] NOT NULL,
	"free" boolean NOT NULL
);
--> statement-breakpoint
ALTER TABLE "directory_search_doc" ADD CONSTRAINT "directory_search_doc_service_id_directory_service_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."directory_service"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "directory_search_doc_document_idx" ON "directory_search_doc" USING gin ("document");--> statement-breakpoint
CREATE INDEX "directory_search_doc_terms_idx" ON "directory_search_doc" USING gin ("term_ids");--> statement-breakpoint
CREATE INDEX "directory_search_doc_served_idx" ON "directory_search_doc" USING gin ("served_areas");--> statement-breakpoint
CREATE INDEX "directory_search_doc_located_idx" ON "directory_search_doc" USING gin ("located_areas");--> statement-breakpoint
CREATE INDEX "directory_search_doc_org_idx" ON "directory_search_doc" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "directory_search_doc_extent_idx" ON "directory_search_doc" USING gist ("extent");