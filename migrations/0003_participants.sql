CREATE TABLE "participant_consents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"participant_id" uuid NOT NULL,
	"purpose" text NOT NULL,
	"organisation_id" uuid,
	"given" boolean NOT NULL,
	"method" text NOT NULL,
	"recorded_by_user_id" uuid,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "participant_key_worker_history" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"participant_id" uuid NOT NULL,
	"from_user_id" uuid,
	"to_user_id" uuid,
	"changed_by_user_id" uuid,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "participant_qualifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"participant_id" uuid NOT NULL,
	"title" text NOT NULL,
	"subject" text,
	"overseas" boolean DEFAULT false NOT NULL,
	"country" text,
	"year_awarded" integer,
	"enic_level" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "participant_shares" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"participant_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"sections" text[] NOT NULL,
	"purpose" text DEFAULT 'referral' NOT NULL,
	"source_referral_id" uuid,
	"active" boolean DEFAULT true NOT NULL,
	"granted_by_user_id" uuid,
	"granted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_by_user_id" uuid,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "participant_special_category" (
	"participant_id" uuid PRIMARY KEY NOT NULL,
	"immigration_status_enc" text,
	"right_to_work_enc" text,
	"ethnicity_enc" text,
	"religion_enc" text,
	"sexuality_enc" text,
	"health_notes_enc" text,
	"updated_by_user_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "participant_status_history" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"participant_id" uuid NOT NULL,
	"status" text NOT NULL,
	"reason" text,
	"changed_by_user_id" uuid,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "participant_work_history" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"participant_id" uuid NOT NULL,
	"role" text NOT NULL,
	"employer" text,
	"country" text,
	"kind" text DEFAULT 'paid' NOT NULL,
	"from_year" integer,
	"to_year" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "participants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"key_worker_user_id" uuid,
	"status" text DEFAULT 'active' NOT NULL,
	"registration_complete" boolean DEFAULT true NOT NULL,
	"given_name" text,
	"family_name" text,
	"preferred_name" text NOT NULL,
	"date_of_birth" date,
	"contact_methods" text[] DEFAULT '{}'::text[] NOT NULL,
	"safe_times" text,
	"never_contact_at_home" boolean DEFAULT false NOT NULL,
	"phone_enc" text,
	"email_enc" text,
	"languages" text[] DEFAULT '{}'::text[] NOT NULL,
	"interpreter_needed" boolean DEFAULT false NOT NULL,
	"interpreter_language" text,
	"english_level" text,
	"home_area_code" text,
	"care_commitments" text,
	"available_days" text[] DEFAULT '{}'::text[] NOT NULL,
	"school_hours_only" boolean DEFAULT false NOT NULL,
	"availability_notes" text,
	"travel_limit_minutes" integer,
	"skills" text[] DEFAULT '{}'::text[] NOT NULL,
	"aspirations" text,
	"last_contact_at" timestamp with time zone,
	"erased_at" timestamp with time zone,
	"created_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "participant_consents" ADD CONSTRAINT "participant_consents_participant_id_participants_id_fk" FOREIGN KEY ("participant_id") REFERENCES "public"."participants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participant_consents" ADD CONSTRAINT "participant_consents_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participant_consents" ADD CONSTRAINT "participant_consents_recorded_by_user_id_users_id_fk" FOREIGN KEY ("recorded_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participant_key_worker_history" ADD CONSTRAINT "participant_key_worker_history_participant_id_participants_id_fk" FOREIGN KEY ("participant_id") REFERENCES "public"."participants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participant_key_worker_history" ADD CONSTRAINT "participant_key_worker_history_from_user_id_users_id_fk" FOREIGN KEY ("from_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participant_key_worker_history" ADD CONSTRAINT "participant_key_worker_history_to_user_id_users_id_fk" FOREIGN KEY ("to_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participant_key_worker_history" ADD CONSTRAINT "participant_key_worker_history_changed_by_user_id_users_id_fk" FOREIGN KEY ("changed_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participant_qualifications" ADD CONSTRAINT "participant_qualifications_participant_id_participants_id_fk" FOREIGN KEY ("participant_id") REFERENCES "public"."participants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participant_shares" ADD CONSTRAINT "participant_shares_participant_id_participants_id_fk" FOREIGN KEY ("participant_id") REFERENCES "public"."participants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participant_shares" ADD CONSTRAINT "participant_shares_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participant_shares" ADD CONSTRAINT "participant_shares_granted_by_user_id_users_id_fk" FOREIGN KEY ("granted_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participant_shares" ADD CONSTRAINT "participant_shares_revoked_by_user_id_users_id_fk" FOREIGN KEY ("revoked_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participant_special_category" ADD CONSTRAINT "participant_special_category_participant_id_participants_id_fk" FOREIGN KEY ("participant_id") REFERENCES "public"."participants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participant_special_category" ADD CONSTRAINT "participant_special_category_updated_by_user_id_users_id_fk" FOREIGN KEY ("updated_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participant_status_history" ADD CONSTRAINT "participant_status_history_participant_id_participants_id_fk" FOREIGN KEY ("participant_id") REFERENCES "public"."participants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participant_status_history" ADD CONSTRAINT "participant_status_history_changed_by_user_id_users_id_fk" FOREIGN KEY ("changed_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participant_work_history" ADD CONSTRAINT "participant_work_history_participant_id_participants_id_fk" FOREIGN KEY ("participant_id") REFERENCES "public"."participants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participants" ADD CONSTRAINT "participants_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participants" ADD CONSTRAINT "participants_key_worker_user_id_users_id_fk" FOREIGN KEY ("key_worker_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participants" ADD CONSTRAINT "participants_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "participant_consents_lookup_idx" ON "participant_consents" USING btree ("participant_id","purpose","organisation_id","recorded_at");--> statement-breakpoint
CREATE INDEX "participant_key_worker_history_participant_idx" ON "participant_key_worker_history" USING btree ("participant_id","changed_at");--> statement-breakpoint
CREATE INDEX "participant_qualifications_participant_idx" ON "participant_qualifications" USING btree ("participant_id");--> statement-breakpoint
CREATE INDEX "participant_shares_lookup_idx" ON "participant_shares" USING btree ("participant_id","organisation_id","active");--> statement-breakpoint
CREATE INDEX "participant_shares_org_idx" ON "participant_shares" USING btree ("organisation_id","active");--> statement-breakpoint
CREATE INDEX "participant_status_history_participant_idx" ON "participant_status_history" USING btree ("participant_id","changed_at");--> statement-breakpoint
CREATE INDEX "participant_work_history_participant_idx" ON "participant_work_history" USING btree ("participant_id");--> statement-breakpoint
CREATE INDEX "participants_org_kw_status_idx" ON "participants" USING btree ("organisation_id","key_worker_user_id","status");--> statement-breakpoint
CREATE INDEX "participants_kw_status_name_idx" ON "participants" USING btree ("key_worker_user_id","status","preferred_name");--> statement-breakpoint
CREATE INDEX "participants_org_name_idx" ON "participants" USING btree ("organisation_id","preferred_name");--> statement-breakpoint
CREATE INDEX "participants_retention_idx" ON "participants" USING btree (coalesce("last_contact_at", "updated_at")) WHERE "participants"."erased_at" is null;