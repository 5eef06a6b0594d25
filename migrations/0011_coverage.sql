CREATE TABLE "coverage_measure" (
	"id" text PRIMARY KEY NOT NULL,
	"label" text NOT NULL,
	"source" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "coverage_population" (
	"measure_id" text NOT NULL,
	"area_code" text NOT NULL,
	"value" double precision NOT NULL,
	CONSTRAINT "coverage_population_measure_id_area_code_pk" PRIMARY KEY("measure_id","area_code")
);
--> statement-breakpoint
CREATE TABLE "directory_coverage_dirty" (
	"service_id" uuid PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE TABLE "directory_coverage_facet" (
	"service_id" uuid NOT NULL,
	"area_code" text NOT NULL,
	"need_id" uuid NOT NULL,
	"terms" uuid[] NOT NULL,
	"women_specific" boolean NOT NULL,
	"women_only" boolean NOT NULL,
	CONSTRAINT "directory_coverage_facet_service_id_area_code_need_id_pk" PRIMARY KEY("service_id","area_code","need_id")
);
--> statement-breakpoint
ALTER TABLE "coverage_population" ADD CONSTRAINT "coverage_population_measure_id_coverage_measure_id_fk" FOREIGN KEY ("measure_id") REFERENCES "public"."coverage_measure"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_coverage_facet" ADD CONSTRAINT "directory_coverage_facet_service_id_directory_service_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."directory_service"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "directory_coverage_facet_area_idx" ON "directory_coverage_facet" USING btree ("area_code");