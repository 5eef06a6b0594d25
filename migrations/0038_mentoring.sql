CREATE TABLE "mentoring_cohorts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"programme_id" uuid NOT NULL,
	"name" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"capacity" integer NOT NULL,
	"status" text DEFAULT 'recruiting' NOT NULL,
	"weights" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mentoring_concerns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"pair_id" uuid NOT NULL,
	"participant_id" uuid NOT NULL,
	"session_id" uuid,
	"concern" text NOT NULL,
	"raised_by_user_id" uuid,
	"raised_at" timestamp with time zone DEFAULT now() NOT NULL,
	"acknowledged_by_user_id" uuid,
	"acknowledged_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "mentoring_exclusions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"cohort_id" uuid NOT NULL,
	"mentee_id" uuid NOT NULL,
	"mentor_id" uuid NOT NULL,
	"created_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mentoring_mentees" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"participant_id" uuid NOT NULL,
	"cohort_id" uuid NOT NULL,
	"status" text DEFAULT 'waiting' NOT NULL,
	"shared_fields" text[] DEFAULT '{}'::text[] NOT NULL,
	"chosen_name" text NOT NULL,
	"languages" text[] DEFAULT '{}'::text[] NOT NULL,
	"availability" text[] DEFAULT '{}'::text[] NOT NULL,
	"goals" text,
	"aspirations" text[] DEFAULT '{}'::text[] NOT NULL,
	"goal_skills" text[] DEFAULT '{}'::text[] NOT NULL,
	"interpreter_available" boolean DEFAULT false NOT NULL,
	"mode" text DEFAULT 'either' NOT NULL,
	"lat" double precision,
	"lng" double precision,
	"plan_goal_id" uuid,
	"alumna" boolean DEFAULT false NOT NULL,
	"enrolled_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mentoring_mentors" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"programme_id" uuid,
	"user_id" uuid,
	"status" text DEFAULT 'applied' NOT NULL,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"employer" text,
	"sectors" text[] DEFAULT '{}'::text[] NOT NULL,
	"skills" text[] DEFAULT '{}'::text[] NOT NULL,
	"languages" text[] DEFAULT '{}'::text[] NOT NULL,
	"availability" text[] DEFAULT '{}'::text[] NOT NULL,
	"mode" text DEFAULT 'either' NOT NULL,
	"place" text,
	"lat" double precision,
	"lng" double precision,
	"max_travel_km" integer DEFAULT 10 NOT NULL,
	"capacity" integer DEFAULT 1 NOT NULL,
	"motivation" text,
	"references" jsonb,
	"screened_on" date,
	"screening_notes" text,
	"dbs_level" text,
	"dbs_outcome" text,
	"dbs_certificate_number" text,
	"dbs_issued_on" date,
	"training_done" text[] DEFAULT '{}'::text[] NOT NULL,
	"approved_by_user_id" uuid,
	"approved_at" timestamp with time zone,
	"conflicts" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mentoring_pairs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"cohort_id" uuid NOT NULL,
	"mentee_id" uuid NOT NULL,
	"mentor_id" uuid NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"score" real DEFAULT 0 NOT NULL,
	"parts" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"pinned" boolean DEFAULT false NOT NULL,
	"published_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"closure_reason" text,
	"closure_note" text,
	"ended_badly" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mentoring_programmes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" text DEFAULT 'one_to_one' NOT NULL,
	"length_months" integer DEFAULT 4 NOT NULL,
	"meeting_expectations" text,
	"surveys" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mentoring_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"pair_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"held_on" date NOT NULL,
	"notes" text,
	"recorded_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mentoring_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"pair_id" uuid NOT NULL,
	"held_on" date NOT NULL,
	"mode" text NOT NULL,
	"minutes" integer NOT NULL,
	"covered" text,
	"goal_progress" text,
	"next_meeting_on" date,
	"logged_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mentoring_supervision_notes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"mentor_id" uuid NOT NULL,
	"note" text NOT NULL,
	"author_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mentoring_survey_answers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"cohort_id" uuid NOT NULL,
	"link_id" uuid,
	"survey" text NOT NULL,
	"answers" jsonb NOT NULL,
	"answered_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mentoring_survey_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"pair_id" uuid NOT NULL,
	"respondent" text NOT NULL,
	"survey" text NOT NULL,
	"token_hash" text NOT NULL,
	"lang" text DEFAULT 'en' NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "mentoring_cohorts" ADD CONSTRAINT "mentoring_cohorts_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_cohorts" ADD CONSTRAINT "mentoring_cohorts_programme_id_mentoring_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."mentoring_programmes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_concerns" ADD CONSTRAINT "mentoring_concerns_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_concerns" ADD CONSTRAINT "mentoring_concerns_pair_id_mentoring_pairs_id_fk" FOREIGN KEY ("pair_id") REFERENCES "public"."mentoring_pairs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_concerns" ADD CONSTRAINT "mentoring_concerns_session_id_mentoring_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."mentoring_sessions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_concerns" ADD CONSTRAINT "mentoring_concerns_raised_by_user_id_users_id_fk" FOREIGN KEY ("raised_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_concerns" ADD CONSTRAINT "mentoring_concerns_acknowledged_by_user_id_users_id_fk" FOREIGN KEY ("acknowledged_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_exclusions" ADD CONSTRAINT "mentoring_exclusions_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_exclusions" ADD CONSTRAINT "mentoring_exclusions_cohort_id_mentoring_cohorts_id_fk" FOREIGN KEY ("cohort_id") REFERENCES "public"."mentoring_cohorts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_exclusions" ADD CONSTRAINT "mentoring_exclusions_mentee_id_mentoring_mentees_id_fk" FOREIGN KEY ("mentee_id") REFERENCES "public"."mentoring_mentees"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_exclusions" ADD CONSTRAINT "mentoring_exclusions_mentor_id_mentoring_mentors_id_fk" FOREIGN KEY ("mentor_id") REFERENCES "public"."mentoring_mentors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_exclusions" ADD CONSTRAINT "mentoring_exclusions_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_mentees" ADD CONSTRAINT "mentoring_mentees_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_mentees" ADD CONSTRAINT "mentoring_mentees_cohort_id_mentoring_cohorts_id_fk" FOREIGN KEY ("cohort_id") REFERENCES "public"."mentoring_cohorts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_mentees" ADD CONSTRAINT "mentoring_mentees_enrolled_by_user_id_users_id_fk" FOREIGN KEY ("enrolled_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_mentors" ADD CONSTRAINT "mentoring_mentors_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_mentors" ADD CONSTRAINT "mentoring_mentors_programme_id_mentoring_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."mentoring_programmes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_mentors" ADD CONSTRAINT "mentoring_mentors_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_mentors" ADD CONSTRAINT "mentoring_mentors_approved_by_user_id_users_id_fk" FOREIGN KEY ("approved_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_pairs" ADD CONSTRAINT "mentoring_pairs_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_pairs" ADD CONSTRAINT "mentoring_pairs_cohort_id_mentoring_cohorts_id_fk" FOREIGN KEY ("cohort_id") REFERENCES "public"."mentoring_cohorts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_pairs" ADD CONSTRAINT "mentoring_pairs_mentee_id_mentoring_mentees_id_fk" FOREIGN KEY ("mentee_id") REFERENCES "public"."mentoring_mentees"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_pairs" ADD CONSTRAINT "mentoring_pairs_mentor_id_mentoring_mentors_id_fk" FOREIGN KEY ("mentor_id") REFERENCES "public"."mentoring_mentors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_programmes" ADD CONSTRAINT "mentoring_programmes_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_reviews" ADD CONSTRAINT "mentoring_reviews_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_reviews" ADD CONSTRAINT "mentoring_reviews_pair_id_mentoring_pairs_id_fk" FOREIGN KEY ("pair_id") REFERENCES "public"."mentoring_pairs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_reviews" ADD CONSTRAINT "mentoring_reviews_recorded_by_user_id_users_id_fk" FOREIGN KEY ("recorded_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_sessions" ADD CONSTRAINT "mentoring_sessions_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_sessions" ADD CONSTRAINT "mentoring_sessions_pair_id_mentoring_pairs_id_fk" FOREIGN KEY ("pair_id") REFERENCES "public"."mentoring_pairs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_sessions" ADD CONSTRAINT "mentoring_sessions_logged_by_user_id_users_id_fk" FOREIGN KEY ("logged_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_supervision_notes" ADD CONSTRAINT "mentoring_supervision_notes_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_supervision_notes" ADD CONSTRAINT "mentoring_supervision_notes_mentor_id_mentoring_mentors_id_fk" FOREIGN KEY ("mentor_id") REFERENCES "public"."mentoring_mentors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_supervision_notes" ADD CONSTRAINT "mentoring_supervision_notes_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_survey_answers" ADD CONSTRAINT "mentoring_survey_answers_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_survey_answers" ADD CONSTRAINT "mentoring_survey_answers_cohort_id_mentoring_cohorts_id_fk" FOREIGN KEY ("cohort_id") REFERENCES "public"."mentoring_cohorts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_survey_answers" ADD CONSTRAINT "mentoring_survey_answers_link_id_mentoring_survey_links_id_fk" FOREIGN KEY ("link_id") REFERENCES "public"."mentoring_survey_links"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_survey_links" ADD CONSTRAINT "mentoring_survey_links_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_survey_links" ADD CONSTRAINT "mentoring_survey_links_pair_id_mentoring_pairs_id_fk" FOREIGN KEY ("pair_id") REFERENCES "public"."mentoring_pairs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "mentoring_cohorts_org_idx" ON "mentoring_cohorts" USING btree ("organisation_id","programme_id","starts_on");--> statement-breakpoint
CREATE INDEX "mentoring_concerns_org_participant_idx" ON "mentoring_concerns" USING btree ("organisation_id","participant_id","raised_at");--> statement-breakpoint
CREATE UNIQUE INDEX "mentoring_exclusions_key" ON "mentoring_exclusions" USING btree ("cohort_id","mentee_id","mentor_id");--> statement-breakpoint
CREATE UNIQUE INDEX "mentoring_mentees_cohort_participant_key" ON "mentoring_mentees" USING btree ("cohort_id","participant_id");--> statement-breakpoint
CREATE INDEX "mentoring_mentees_org_participant_idx" ON "mentoring_mentees" USING btree ("organisation_id","participant_id");--> statement-breakpoint
CREATE INDEX "mentoring_mentors_org_idx" ON "mentoring_mentors" USING btree ("organisation_id","status");--> statement-breakpoint
CREATE INDEX "mentoring_mentors_user_idx" ON "mentoring_mentors" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "mentoring_pairs_cohort_idx" ON "mentoring_pairs" USING btree ("organisation_id","cohort_id","status");--> statement-breakpoint
CREATE INDEX "mentoring_pairs_mentor_idx" ON "mentoring_pairs" USING btree ("mentor_id","status");--> statement-breakpoint
CREATE INDEX "mentoring_pairs_mentee_idx" ON "mentoring_pairs" USING btree ("mentee_id");--> statement-breakpoint
CREATE INDEX "mentoring_programmes_org_idx" ON "mentoring_programmes" USING btree ("organisation_id","name");--> statement-breakpoint
CREATE INDEX "mentoring_reviews_pair_idx" ON "mentoring_reviews" USING btree ("pair_id");--> statement-breakpoint
CREATE INDEX "mentoring_sessions_pair_idx" ON "mentoring_sessions" USING btree ("pair_id","held_on");--> statement-breakpoint
CREATE INDEX "mentoring_supervision_mentor_idx" ON "mentoring_supervision_notes" USING btree ("mentor_id","created_at");--> statement-breakpoint
CREATE INDEX "mentoring_survey_answers_cohort_idx" ON "mentoring_survey_answers" USING btree ("organisation_id","cohort_id","survey");--> statement-breakpoint
CREATE UNIQUE INDEX "mentoring_survey_links_token_key" ON "mentoring_survey_links" USING btree ("token_hash");