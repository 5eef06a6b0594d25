CREATE TABLE "directory_coverage_facet" (
	"service_id" uuid NOT NULL,
	"area_code" text NOT NULL,
	"needs" integer NOT NULL,
	"groups" integer NOT NULL,
	"delivery" integer NOT NULL,
	"women_specific" boolean NOT NULL,
	"women_only" boolean NOT NULL,
	"first_area" boolean NOT NULL,
	CONSTRAINT "directory_coverage_facet_service_id_area_code_pk" PRIMARY KEY("service_id","area_code")
);
--> statement-breakpoint
CREATE TABLE "directory_coverage_state" (
	"id" integer PRIMARY KEY NOT NULL,
	"layout" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "directory_coverage_facet" ADD CONSTRAINT "directory_coverage_facet_service_id_directory_service_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."directory_service"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "directory_coverage_facet_area_idx" ON "directory_coverage_facet" USING btree ("area_code");