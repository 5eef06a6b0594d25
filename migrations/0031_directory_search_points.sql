CREATE TABLE "directory_search_point" (
	"service_id" uuid NOT NULL,
	"earth" "cube" NOT NULL
);
--> statement-breakpoint
DROP INDEX "directory_search_doc_earth_idx";--> statement-breakpoint
ALTER TABLE "directory_search_point" ADD CONSTRAINT "directory_search_point_service_id_directory_service_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."directory_service"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "directory_search_point_earth_idx" ON "directory_search_point" USING gist ("earth");--> statement-breakpoint
CREATE INDEX "directory_search_point_service_idx" ON "directory_search_point" USING btree ("service_id");--> statement-breakpoint
ALTER TABLE "directory_search_doc" DROP COLUMN "earth";