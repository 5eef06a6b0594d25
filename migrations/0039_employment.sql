CREATE TABLE "employment_digests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"month" date NOT NULL,
	"opportunities" integer NOT NULL,
	"recipients" integer NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "employment_employers" (
	"organisation_id" uuid PRIMARY KEY NOT NULL,
	"sector" text NOT NULL,
	"size" text NOT NULL,
	"sites" text[] DEFAULT '{}'::text[] NOT NULL,
	"contact_name" text NOT NULL,
	"contact_email" text NOT NULL,
	"contact_phone" text,
	"updated_by_user_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "employment_opportunities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"posted_by_user_id" uuid,
	"posted_by_organisation_id" uuid,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"sector" text NOT NULL,
	"remote" text DEFAULT 'on_site' NOT NULL,
	"postcode_district" text,
	"latitude" double precision,
	"longitude" double precision,
	"hours" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"term_time_only" boolean DEFAULT false NOT NULL,
	"fits_school_hours" boolean DEFAULT false NOT NULL,
	"contract" text NOT NULL,
	"hourly_pay_pence" integer,
	"places" integer DEFAULT 1 NOT NULL,
	"closing_date" date,
	"start_date" date,
	"min_spoken_english" text,
	"min_written_english" text,
	"min_qualification_level" integer,
	"skills" text[] DEFAULT '{}'::text[] NOT NULL,
	"right_to_work_allowed" text[] DEFAULT '{refugee_status,settled,time_limited}'::text[] NOT NULL,
	"on_immigration_salary_list" boolean DEFAULT false NOT NULL,
	"dbs_level" text DEFAULT 'none' NOT NULL,
	"childcare_support" boolean DEFAULT false NOT NULL,
	"travel_support" boolean DEFAULT false NOT NULL,
	"event_starts_at" timestamp with time zone,
	"event_place" text,
	"capacity" integer,
	"share_scope" text DEFAULT 'partnership' NOT NULL,
	"shared_with" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "employment_pledge_commitments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"label" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "employment_pledge_commitments_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "employment_pledges" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"level" text NOT NULL,
	"commitments" text[] NOT NULL,
	"signed_on" date NOT NULL,
	"signed_by_user_id" uuid,
	"signed_by_name" text NOT NULL,
	"review" text DEFAULT 'waiting' NOT NULL,
	"reviewed_by_user_id" uuid,
	"reviewed_at" timestamp with time zone,
	"review_note" text,
	"valid_until" date NOT NULL,
	"remind_on" date NOT NULL,
	"public_opt_in" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "employment_put_forward_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"put_forward_id" uuid NOT NULL,
	"stage" text NOT NULL,
	"reason" text,
	"by_user_id" uuid,
	"by_organisation_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "employment_put_forwards" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"participant_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"opportunity_id" uuid NOT NULL,
	"employer_organisation_id" uuid NOT NULL,
	"stage" text DEFAULT 'put_forward' NOT NULL,
	"last_active_stage" text DEFAULT 'put_forward' NOT NULL,
	"closed" boolean DEFAULT false NOT NULL,
	"won" boolean DEFAULT false NOT NULL,
	"shared_fields" text[] NOT NULL,
	"shared_enc" text NOT NULL,
	"consent_method" text NOT NULL,
	"rtw_assessed_by_user_id" uuid,
	"rtw_assessed_on" date NOT NULL,
	"interview_at" timestamp with time zone,
	"interview_outcome" text,
	"offer_on" date,
	"offer_terms" text,
	"reason" text,
	"start_date" date,
	"put_forward_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "employment_work_profiles" (
	"participant_id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"skills" text[] DEFAULT '{}'::text[] NOT NULL,
	"sectors" text[] DEFAULT '{}'::text[] NOT NULL,
	"qualification_level" integer,
	"spoken_english" text,
	"written_english" text,
	"availability" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"school_hours_only" boolean DEFAULT false NOT NULL,
	"term_time_only" boolean DEFAULT false NOT NULL,
	"postcode_district" text,
	"latitude" double precision,
	"longitude" double precision,
	"max_journey_minutes" integer,
	"modes" text[] DEFAULT '{}'::text[] NOT NULL,
	"pay_needed_pence" integer,
	"aspirations" text[] DEFAULT '{}'::text[] NOT NULL,
	"right_to_work_enc" text,
	"care_notes_enc" text,
	"updated_by_user_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "employment_digests" ADD CONSTRAINT "employment_digests_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "employment_employers" ADD CONSTRAINT "employment_employers_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "employment_employers" ADD CONSTRAINT "employment_employers_updated_by_user_id_users_id_fk" FOREIGN KEY ("updated_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "employment_opportunities" ADD CONSTRAINT "employment_opportunities_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "employment_opportunities" ADD CONSTRAINT "employment_opportunities_posted_by_user_id_users_id_fk" FOREIGN KEY ("posted_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "employment_opportunities" ADD CONSTRAINT "employment_opportunities_posted_by_organisation_id_organisations_id_fk" FOREIGN KEY ("posted_by_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "employment_pledges" ADD CONSTRAINT "employment_pledges_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "employment_pledges" ADD CONSTRAINT "employment_pledges_signed_by_user_id_users_id_fk" FOREIGN KEY ("signed_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "employment_pledges" ADD CONSTRAINT "employment_pledges_reviewed_by_user_id_users_id_fk" FOREIGN KEY ("reviewed_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "employment_put_forward_events" ADD CONSTRAINT "employment_put_forward_events_put_forward_id_employment_put_forwards_id_fk" FOREIGN KEY ("put_forward_id") REFERENCES "public"."employment_put_forwards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "employment_put_forward_events" ADD CONSTRAINT "employment_put_forward_events_by_user_id_users_id_fk" FOREIGN KEY ("by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "employment_put_forward_events" ADD CONSTRAINT "employment_put_forward_events_by_organisation_id_organisations_id_fk" FOREIGN KEY ("by_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "employment_put_forwards" ADD CONSTRAINT "employment_put_forwards_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "employment_put_forwards" ADD CONSTRAINT "employment_put_forwards_opportunity_id_employment_opportunities_id_fk" FOREIGN KEY ("opportunity_id") REFERENCES "public"."employment_opportunities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "employment_put_forwards" ADD CONSTRAINT "employment_put_forwards_employer_organisation_id_organisations_id_fk" FOREIGN KEY ("employer_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "employment_put_forwards" ADD CONSTRAINT "employment_put_forwards_rtw_assessed_by_user_id_users_id_fk" FOREIGN KEY ("rtw_assessed_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "employment_put_forwards" ADD CONSTRAINT "employment_put_forwards_put_forward_by_user_id_users_id_fk" FOREIGN KEY ("put_forward_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "employment_work_profiles" ADD CONSTRAINT "employment_work_profiles_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "employment_work_profiles" ADD CONSTRAINT "employment_work_profiles_updated_by_user_id_users_id_fk" FOREIGN KEY ("updated_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "employment_digests_org_month_key" ON "employment_digests" USING btree ("organisation_id","month");--> statement-breakpoint
CREATE INDEX "employment_opportunities_org_idx" ON "employment_opportunities" USING btree ("organisation_id","created_at");--> statement-breakpoint
CREATE INDEX "employment_opportunities_open_idx" ON "employment_opportunities" USING btree ("status","closing_date");--> statement-breakpoint
CREATE INDEX "employment_pledges_org_idx" ON "employment_pledges" USING btree ("organisation_id","signed_on");--> statement-breakpoint
CREATE INDEX "employment_put_forward_events_idx" ON "employment_put_forward_events" USING btree ("put_forward_id","at");--> statement-breakpoint
CREATE INDEX "employment_put_forwards_participant_idx" ON "employment_put_forwards" USING btree ("participant_id","created_at");--> statement-breakpoint
CREATE INDEX "employment_put_forwards_employer_idx" ON "employment_put_forwards" USING btree ("employer_organisation_id","opportunity_id");--> statement-breakpoint
CREATE INDEX "employment_put_forwards_org_idx" ON "employment_put_forwards" USING btree ("organisation_id","stage");--> statement-breakpoint
CREATE INDEX "employment_work_profiles_org_idx" ON "employment_work_profiles" USING btree ("organisation_id");