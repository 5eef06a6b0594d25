CREATE TABLE "directory_accessibility" (
	"id" uuid PRIMARY KEY NOT NULL,
	"location_id" uuid NOT NULL,
	"description" text,
	"details" text,
	"url" text,
	"accessibility" text
);
--> statement-breakpoint
CREATE TABLE "directory_address" (
	"id" uuid PRIMARY KEY NOT NULL,
	"location_id" uuid NOT NULL,
	"attention" text,
	"address_1" text NOT NULL,
	"address_2" text,
	"city" text NOT NULL,
	"region" text,
	"state_province" text NOT NULL,
	"postal_code" text NOT NULL,
	"country" text NOT NULL,
	"address_type" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "directory_attribute" (
	"id" uuid PRIMARY KEY NOT NULL,
	"link_id" uuid NOT NULL,
	"taxonomy_term_id" uuid NOT NULL,
	"link_type" text,
	"link_entity" text,
	"value" text,
	"label" text
);
--> statement-breakpoint
CREATE TABLE "directory_contact" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid,
	"service_id" uuid,
	"service_at_location_id" uuid,
	"location_id" uuid,
	"name" text,
	"title" text,
	"department" text,
	"email" text
);
--> statement-breakpoint
CREATE TABLE "directory_cost_option" (
	"id" uuid PRIMARY KEY NOT NULL,
	"service_id" uuid NOT NULL,
	"valid_from" date,
	"valid_to" date,
	"option" text,
	"currency" text,
	"amount" double precision,
	"amount_description" text
);
--> statement-breakpoint
CREATE TABLE "directory_funding" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid,
	"service_id" uuid,
	"source" text
);
--> statement-breakpoint
CREATE TABLE "directory_language" (
	"id" uuid PRIMARY KEY NOT NULL,
	"service_id" uuid,
	"location_id" uuid,
	"phone_id" uuid,
	"name" text,
	"code" text,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "directory_location" (
	"id" uuid PRIMARY KEY NOT NULL,
	"location_type" text NOT NULL,
	"url" text,
	"organization_id" uuid,
	"name" text,
	"alternate_name" text,
	"description" text,
	"transportation" text,
	"latitude" double precision,
	"longitude" double precision,
	"external_identifier" text,
	"external_identifier_type" text,
	"withheld" boolean DEFAULT false NOT NULL,
	"area_code" text,
	"owner_organisation_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "directory_metadata" (
	"id" uuid PRIMARY KEY NOT NULL,
	"resource_id" uuid NOT NULL,
	"resource_type" text NOT NULL,
	"last_action_date" date,
	"last_action_type" text,
	"field_name" text,
	"previous_value" text,
	"replacement_value" text,
	"updated_by" text
);
--> statement-breakpoint
CREATE TABLE "directory_organization" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"alternate_name" text,
	"description" text,
	"email" text,
	"website" text,
	"tax_status" text,
	"tax_id" text,
	"year_incorporated" integer,
	"legal_status" text,
	"logo" text,
	"uri" text,
	"parent_organization_id" uuid,
	"owner_organisation_id" uuid,
	"source" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "directory_organization_identifier" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"identifier_scheme" text,
	"identifier_type" text NOT NULL,
	"identifier" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "directory_phone" (
	"id" uuid PRIMARY KEY NOT NULL,
	"location_id" uuid,
	"service_id" uuid,
	"organization_id" uuid,
	"contact_id" uuid,
	"service_at_location_id" uuid,
	"number" text NOT NULL,
	"extension" text,
	"type" text,
	"description" text
);
--> statement-breakpoint
CREATE TABLE "directory_program" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"name" text NOT NULL,
	"alternate_name" text,
	"description" text
);
--> statement-breakpoint
CREATE TABLE "directory_required_document" (
	"id" uuid PRIMARY KEY NOT NULL,
	"service_id" uuid,
	"document" text,
	"uri" text
);
--> statement-breakpoint
CREATE TABLE "directory_schedule" (
	"id" uuid PRIMARY KEY NOT NULL,
	"service_id" uuid,
	"location_id" uuid,
	"service_at_location_id" uuid,
	"valid_from" date,
	"valid_to" date,
	"dtstart" text,
	"timezone" double precision,
	"until" text,
	"count" integer,
	"wkst" text,
	"freq" text,
	"interval" integer,
	"byday" text,
	"byweekno" text,
	"bymonthday" text,
	"byyearday" text,
	"description" text,
	"opens_at" time,
	"closes_at" time,
	"schedule_link" text,
	"attending_type" text,
	"notes" text
);
--> statement-breakpoint
CREATE TABLE "directory_service" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid,
	"program_id" uuid,
	"name" text NOT NULL,
	"alternate_name" text,
	"description" text,
	"url" text,
	"email" text,
	"status" text NOT NULL,
	"interpretation_services" text,
	"application_process" text,
	"fees_description" text,
	"wait_time" text,
	"fees" text,
	"accreditations" text,
	"eligibility_description" text,
	"minimum_age" double precision,
	"maximum_age" double precision,
	"assured_date" date,
	"assurer_email" text,
	"licenses" text,
	"alert" text,
	"last_modified" timestamp with time zone,
	"owner_organisation_id" uuid,
	"last_reviewed_at" timestamp with time zone,
	"source" text,
	"search_vector" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english'::regconfig, wayfinder_unaccent(coalesce(name, '') || ' ' || coalesce(alternate_name, ''))), 'A') || setweight(to_tsvector('english'::regconfig, wayfinder_unaccent(coalesce(description, ''))), 'B') || setweight(to_tsvector('english'::regconfig, wayfinder_unaccent(coalesce(eligibility_description, '') || ' ' || coalesce(application_process, ''))), 'C')) STORED,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "directory_service_area" (
	"id" uuid PRIMARY KEY NOT NULL,
	"service_id" uuid,
	"name" text,
	"description" text,
	"extent" text,
	"extent_type" text,
	"uri" text,
	"service_area" text,
	"area_code" text
);
--> statement-breakpoint
CREATE TABLE "directory_service_at_location" (
	"id" uuid PRIMARY KEY NOT NULL,
	"service_id" uuid NOT NULL,
	"location_id" uuid NOT NULL,
	"description" text
);
--> statement-breakpoint
CREATE TABLE "directory_taxonomy" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"description" text NOT NULL,
	"uri" text,
	"version" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "directory_taxonomy_term" (
	"id" uuid PRIMARY KEY NOT NULL,
	"code" text,
	"name" text NOT NULL,
	"description" text NOT NULL,
	"parent_id" uuid,
	"taxonomy" text,
	"taxonomy_id" uuid,
	"language" text,
	"term_uri" text,
	"term" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "local_areas" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"name_welsh" text,
	"type" text NOT NULL,
	"latitude" double precision NOT NULL,
	"longitude" double precision NOT NULL
);
--> statement-breakpoint
ALTER TABLE "directory_accessibility" ADD CONSTRAINT "directory_accessibility_location_id_directory_location_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."directory_location"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_address" ADD CONSTRAINT "directory_address_location_id_directory_location_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."directory_location"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_attribute" ADD CONSTRAINT "directory_attribute_taxonomy_term_id_directory_taxonomy_term_id_fk" FOREIGN KEY ("taxonomy_term_id") REFERENCES "public"."directory_taxonomy_term"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_contact" ADD CONSTRAINT "directory_contact_organization_id_directory_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."directory_organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_contact" ADD CONSTRAINT "directory_contact_service_id_directory_service_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."directory_service"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_contact" ADD CONSTRAINT "directory_contact_service_at_location_id_directory_service_at_location_id_fk" FOREIGN KEY ("service_at_location_id") REFERENCES "public"."directory_service_at_location"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_contact" ADD CONSTRAINT "directory_contact_location_id_directory_location_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."directory_location"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_cost_option" ADD CONSTRAINT "directory_cost_option_service_id_directory_service_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."directory_service"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_funding" ADD CONSTRAINT "directory_funding_organization_id_directory_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."directory_organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_funding" ADD CONSTRAINT "directory_funding_service_id_directory_service_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."directory_service"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_language" ADD CONSTRAINT "directory_language_service_id_directory_service_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."directory_service"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_language" ADD CONSTRAINT "directory_language_location_id_directory_location_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."directory_location"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_language" ADD CONSTRAINT "directory_language_phone_id_directory_phone_id_fk" FOREIGN KEY ("phone_id") REFERENCES "public"."directory_phone"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_location" ADD CONSTRAINT "directory_location_organization_id_directory_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."directory_organization"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_location" ADD CONSTRAINT "directory_location_owner_organisation_id_organisations_id_fk" FOREIGN KEY ("owner_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_organization" ADD CONSTRAINT "directory_organization_owner_organisation_id_organisations_id_fk" FOREIGN KEY ("owner_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_organization_identifier" ADD CONSTRAINT "directory_organization_identifier_organization_id_directory_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."directory_organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_phone" ADD CONSTRAINT "directory_phone_location_id_directory_location_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."directory_location"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_phone" ADD CONSTRAINT "directory_phone_service_id_directory_service_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."directory_service"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_phone" ADD CONSTRAINT "directory_phone_organization_id_directory_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."directory_organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_phone" ADD CONSTRAINT "directory_phone_contact_id_directory_contact_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."directory_contact"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_phone" ADD CONSTRAINT "directory_phone_service_at_location_id_directory_service_at_location_id_fk" FOREIGN KEY ("service_at_location_id") REFERENCES "public"."directory_service_at_location"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_program" ADD CONSTRAINT "directory_program_organization_id_directory_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."directory_organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_required_document" ADD CONSTRAINT "directory_required_document_service_id_directory_service_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."directory_service"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_schedule" ADD CONSTRAINT "directory_schedule_service_id_directory_service_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."directory_service"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_schedule" ADD CONSTRAINT "directory_schedule_location_id_directory_location_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."directory_location"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_schedule" ADD CONSTRAINT "directory_schedule_service_at_location_id_directory_service_at_location_id_fk" FOREIGN KEY ("service_at_location_id") REFERENCES "public"."directory_service_at_location"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_service" ADD CONSTRAINT "directory_service_organization_id_directory_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."directory_organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_service" ADD CONSTRAINT "directory_service_owner_organisation_id_organisations_id_fk" FOREIGN KEY ("owner_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_service_area" ADD CONSTRAINT "directory_service_area_service_id_directory_service_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."directory_service"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_service_at_location" ADD CONSTRAINT "directory_service_at_location_service_id_directory_service_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."directory_service"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_service_at_location" ADD CONSTRAINT "directory_service_at_location_location_id_directory_location_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."directory_location"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "directory_accessibility_location_idx" ON "directory_accessibility" USING btree ("location_id");--> statement-breakpoint
CREATE INDEX "directory_address_location_idx" ON "directory_address" USING btree ("location_id");--> statement-breakpoint
CREATE INDEX "directory_address_postal_code_idx" ON "directory_address" USING btree ("postal_code");--> statement-breakpoint
CREATE INDEX "directory_attribute_link_idx" ON "directory_attribute" USING btree ("link_id");--> statement-breakpoint
CREATE INDEX "directory_attribute_term_link_idx" ON "directory_attribute" USING btree ("taxonomy_term_id","link_id");--> statement-breakpoint
CREATE INDEX "directory_contact_org_idx" ON "directory_contact" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "directory_contact_service_idx" ON "directory_contact" USING btree ("service_id");--> statement-breakpoint
CREATE INDEX "directory_contact_sal_idx" ON "directory_contact" USING btree ("service_at_location_id");--> statement-breakpoint
CREATE INDEX "directory_contact_location_idx" ON "directory_contact" USING btree ("location_id");--> statement-breakpoint
CREATE INDEX "directory_cost_option_service_idx" ON "directory_cost_option" USING btree ("service_id");--> statement-breakpoint
CREATE INDEX "directory_funding_org_idx" ON "directory_funding" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "directory_funding_service_idx" ON "directory_funding" USING btree ("service_id");--> statement-breakpoint
CREATE INDEX "directory_language_service_idx" ON "directory_language" USING btree ("service_id");--> statement-breakpoint
CREATE INDEX "directory_language_location_idx" ON "directory_language" USING btree ("location_id");--> statement-breakpoint
CREATE INDEX "directory_language_phone_idx" ON "directory_language" USING btree ("phone_id");--> statement-breakpoint
CREATE INDEX "directory_language_code_idx" ON "directory_language" USING btree ("code");--> statement-breakpoint
CREATE INDEX "directory_location_org_idx" ON "directory_location" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "directory_location_area_idx" ON "directory_location" USING btree ("area_code");--> statement-breakpoint
CREATE INDEX "directory_location_lat_long_idx" ON "directory_location" USING btree ("latitude","longitude");--> statement-breakpoint
CREATE INDEX "directory_metadata_resource_idx" ON "directory_metadata" USING btree ("resource_id");--> statement-breakpoint
CREATE INDEX "directory_organization_owner_idx" ON "directory_organization" USING btree ("owner_organisation_id");--> statement-breakpoint
CREATE INDEX "directory_organization_name_trgm_idx" ON "directory_organization" USING gin (wayfinder_unaccent(lower("name")) gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "directory_organization_identifier_org_idx" ON "directory_organization_identifier" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "directory_phone_location_idx" ON "directory_phone" USING btree ("location_id");--> statement-breakpoint
CREATE INDEX "directory_phone_service_idx" ON "directory_phone" USING btree ("service_id");--> statement-breakpoint
CREATE INDEX "directory_phone_org_idx" ON "directory_phone" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "directory_phone_contact_idx" ON "directory_phone" USING btree ("contact_id");--> statement-breakpoint
CREATE INDEX "directory_phone_sal_idx" ON "directory_phone" USING btree ("service_at_location_id");--> statement-breakpoint
CREATE INDEX "directory_program_org_idx" ON "directory_program" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "directory_required_document_service_idx" ON "directory_required_document" USING btree ("service_id");--> statement-breakpoint
CREATE INDEX "directory_schedule_service_idx" ON "directory_schedule" USING btree ("service_id");--> statement-breakpoint
CREATE INDEX "directory_schedule_location_idx" ON "directory_schedule" USING btree ("location_id");--> statement-breakpoint
CREATE INDEX "directory_schedule_sal_idx" ON "directory_schedule" USING btree ("service_at_location_id");--> statement-breakpoint
CREATE INDEX "directory_service_org_idx" ON "directory_service" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "directory_service_owner_idx" ON "directory_service" USING btree ("owner_organisation_id");--> statement-breakpoint
CREATE INDEX "directory_service_last_modified_idx" ON "directory_service" USING btree ("last_modified");--> statement-breakpoint
CREATE INDEX "directory_service_status_idx" ON "directory_service" USING btree ("status");--> statement-breakpoint
CREATE INDEX "directory_service_search_idx" ON "directory_service" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "directory_service_name_trgm_idx" ON "directory_service" USING gin (wayfinder_unaccent(lower("name")) gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "directory_service_area_service_idx" ON "directory_service_area" USING btree ("service_id");--> statement-breakpoint
CREATE INDEX "directory_service_area_code_idx" ON "directory_service_area" USING btree ("area_code");--> statement-breakpoint
CREATE INDEX "directory_sal_service_idx" ON "directory_service_at_location" USING btree ("service_id");--> statement-breakpoint
CREATE INDEX "directory_sal_location_idx" ON "directory_service_at_location" USING btree ("location_id");--> statement-breakpoint
CREATE INDEX "directory_taxonomy_term_taxonomy_idx" ON "directory_taxonomy_term" USING btree ("taxonomy_id");--> statement-breakpoint
CREATE INDEX "directory_taxonomy_term_parent_idx" ON "directory_taxonomy_term" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "directory_taxonomy_term_code_idx" ON "directory_taxonomy_term" USING btree ("code");--> statement-breakpoint
CREATE INDEX "directory_taxonomy_term_name_trgm_idx" ON "directory_taxonomy_term" USING gin (wayfinder_unaccent(lower("name")) gin_trgm_ops);