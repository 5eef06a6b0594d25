CREATE TABLE "bursary_applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"fund_id" uuid NOT NULL,
	"participant_id" uuid,
	"course" text NOT NULL,
	"provider" text NOT NULL,
	"planned_start_on" date,
	"aspiration_enc" text,
	"plan_goal_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"mentee_id" uuid,
	"lang" text DEFAULT 'en' NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"eligibility" text,
	"guaranteed_interview" boolean DEFAULT false NOT NULL,
	"made_with_user_id" uuid,
	"submitted_at" timestamp with time zone,
	"withdrawn_at" timestamp with time zone,
	"anonymised_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bursary_conflicts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"application_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"conflicted" boolean NOT NULL,
	"note" text,
	"declared_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bursary_cost_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"application_id" uuid NOT NULL,
	"category" text NOT NULL,
	"description" text,
	"amount_pence" integer NOT NULL,
	"evidence" text,
	"awarded_pence" integer,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bursary_cost_lines_money_check" CHECK ("bursary_cost_lines"."amount_pence" >= 0 and ("bursary_cost_lines"."awarded_pence" is null or "bursary_cost_lines"."awarded_pence" between 0 and "bursary_cost_lines"."amount_pence"))
);
--> statement-breakpoint
CREATE TABLE "bursary_decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"application_id" uuid NOT NULL,
	"fund_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"reason_enc" text,
	"conditions_enc" text,
	"awarded_pence" integer DEFAULT 0 NOT NULL,
	"decided_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by_user_id" uuid,
	"awarded_on" date,
	"start_by" date,
	"extended_to" date,
	"extension_reason" text,
	"status" text,
	"started_on" date,
	"completed_on" date,
	"lapsed_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bursary_funds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"name" text NOT NULL,
	"funder_organisation_id" uuid,
	"funder_name" text,
	"budget_pence" bigint NOT NULL,
	"max_award_pence" integer DEFAULT 500000 NOT NULL,
	"eligible_categories" text[] DEFAULT '{}'::text[] NOT NULL,
	"eligible_programme_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"mentees_may_apply" boolean DEFAULT true NOT NULL,
	"alumnae_may_apply" boolean DEFAULT true NOT NULL,
	"others_may_apply" boolean DEFAULT true NOT NULL,
	"criteria" text[] DEFAULT '{aspiration_fit,course_quality,need,readiness}'::text[] NOT NULL,
	"start_window_months" integer DEFAULT 12 NOT NULL,
	"opens_on" date NOT NULL,
	"closes_on" date,
	"created_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bursary_funds_money_check" CHECK ("bursary_funds"."budget_pence" >= 0 and "bursary_funds"."max_award_pence" > 0)
);
--> statement-breakpoint
CREATE TABLE "bursary_interviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"application_id" uuid NOT NULL,
	"scheduled_for" timestamp with time zone,
	"appointment_id" uuid,
	"held_on" date,
	"interviewers" text,
	"notes_enc" text,
	"recorded_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bursary_panel_members" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"fund_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"added_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bursary_payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"fund_id" uuid NOT NULL,
	"decision_id" uuid NOT NULL,
	"cost_line_id" uuid NOT NULL,
	"payee" text NOT NULL,
	"reference" text NOT NULL,
	"amount_pence" integer NOT NULL,
	"status" text DEFAULT 'scheduled' NOT NULL,
	"scheduled_on" date NOT NULL,
	"paid_on" date,
	"failed_on" date,
	"returned_on" date,
	"receipt_ref" text,
	"created_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bursary_payments_money_check" CHECK ("bursary_payments"."amount_pence" > 0)
);
--> statement-breakpoint
CREATE TABLE "bursary_reminders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"decision_id" uuid NOT NULL,
	"month" integer NOT NULL,
	"sent_to_user_id" uuid,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bursary_scores" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"application_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"criterion" text NOT NULL,
	"score" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bursary_scores_range_check" CHECK ("bursary_scores"."score" is null or "bursary_scores"."score" between 0 and 5)
);
--> statement-breakpoint
ALTER TABLE "bursary_applications" ADD CONSTRAINT "bursary_applications_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bursary_applications" ADD CONSTRAINT "bursary_applications_fund_id_bursary_funds_id_fk" FOREIGN KEY ("fund_id") REFERENCES "public"."bursary_funds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bursary_applications" ADD CONSTRAINT "bursary_applications_made_with_user_id_users_id_fk" FOREIGN KEY ("made_with_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bursary_conflicts" ADD CONSTRAINT "bursary_conflicts_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bursary_conflicts" ADD CONSTRAINT "bursary_conflicts_application_id_bursary_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."bursary_applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bursary_cost_lines" ADD CONSTRAINT "bursary_cost_lines_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bursary_cost_lines" ADD CONSTRAINT "bursary_cost_lines_application_id_bursary_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."bursary_applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bursary_decisions" ADD CONSTRAINT "bursary_decisions_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bursary_decisions" ADD CONSTRAINT "bursary_decisions_application_id_bursary_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."bursary_applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bursary_decisions" ADD CONSTRAINT "bursary_decisions_fund_id_bursary_funds_id_fk" FOREIGN KEY ("fund_id") REFERENCES "public"."bursary_funds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bursary_decisions" ADD CONSTRAINT "bursary_decisions_decided_by_user_id_users_id_fk" FOREIGN KEY ("decided_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bursary_funds" ADD CONSTRAINT "bursary_funds_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bursary_funds" ADD CONSTRAINT "bursary_funds_funder_organisation_id_organisations_id_fk" FOREIGN KEY ("funder_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bursary_funds" ADD CONSTRAINT "bursary_funds_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bursary_interviews" ADD CONSTRAINT "bursary_interviews_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bursary_interviews" ADD CONSTRAINT "bursary_interviews_application_id_bursary_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."bursary_applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bursary_interviews" ADD CONSTRAINT "bursary_interviews_recorded_by_user_id_users_id_fk" FOREIGN KEY ("recorded_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bursary_panel_members" ADD CONSTRAINT "bursary_panel_members_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bursary_panel_members" ADD CONSTRAINT "bursary_panel_members_fund_id_bursary_funds_id_fk" FOREIGN KEY ("fund_id") REFERENCES "public"."bursary_funds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bursary_panel_members" ADD CONSTRAINT "bursary_panel_members_added_by_user_id_users_id_fk" FOREIGN KEY ("added_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bursary_payments" ADD CONSTRAINT "bursary_payments_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bursary_payments" ADD CONSTRAINT "bursary_payments_fund_id_bursary_funds_id_fk" FOREIGN KEY ("fund_id") REFERENCES "public"."bursary_funds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bursary_payments" ADD CONSTRAINT "bursary_payments_decision_id_bursary_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."bursary_decisions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bursary_payments" ADD CONSTRAINT "bursary_payments_cost_line_id_bursary_cost_lines_id_fk" FOREIGN KEY ("cost_line_id") REFERENCES "public"."bursary_cost_lines"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bursary_payments" ADD CONSTRAINT "bursary_payments_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bursary_reminders" ADD CONSTRAINT "bursary_reminders_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bursary_reminders" ADD CONSTRAINT "bursary_reminders_decision_id_bursary_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."bursary_decisions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bursary_reminders" ADD CONSTRAINT "bursary_reminders_sent_to_user_id_users_id_fk" FOREIGN KEY ("sent_to_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bursary_scores" ADD CONSTRAINT "bursary_scores_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bursary_scores" ADD CONSTRAINT "bursary_scores_application_id_bursary_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."bursary_applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "bursary_applications_fund_idx" ON "bursary_applications" USING btree ("organisation_id","fund_id","status");--> statement-breakpoint
CREATE INDEX "bursary_applications_participant_idx" ON "bursary_applications" USING btree ("organisation_id","participant_id");--> statement-breakpoint
CREATE INDEX "bursary_applications_fund_created_idx" ON "bursary_applications" USING btree ("organisation_id","fund_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "bursary_conflicts_key" ON "bursary_conflicts" USING btree ("application_id","user_id");--> statement-breakpoint
CREATE INDEX "bursary_cost_lines_application_idx" ON "bursary_cost_lines" USING btree ("application_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "bursary_decisions_application_key" ON "bursary_decisions" USING btree ("application_id");--> statement-breakpoint
CREATE INDEX "bursary_decisions_fund_idx" ON "bursary_decisions" USING btree ("organisation_id","fund_id","status");--> statement-breakpoint
CREATE INDEX "bursary_decisions_fund_awarded_idx" ON "bursary_decisions" USING btree ("organisation_id","fund_id","awarded_on");--> statement-breakpoint
CREATE INDEX "bursary_funds_org_idx" ON "bursary_funds" USING btree ("organisation_id","opens_on");--> statement-breakpoint
CREATE INDEX "bursary_interviews_application_idx" ON "bursary_interviews" USING btree ("organisation_id","application_id");--> statement-breakpoint
CREATE UNIQUE INDEX "bursary_panel_members_key" ON "bursary_panel_members" USING btree ("fund_id","user_id");--> statement-breakpoint
CREATE INDEX "bursary_panel_members_user_idx" ON "bursary_panel_members" USING btree ("organisation_id","user_id");--> statement-breakpoint
CREATE INDEX "bursary_payments_fund_idx" ON "bursary_payments" USING btree ("organisation_id","fund_id","status");--> statement-breakpoint
CREATE INDEX "bursary_payments_decision_idx" ON "bursary_payments" USING btree ("decision_id");--> statement-breakpoint
CREATE INDEX "bursary_payments_fund_money_idx" ON "bursary_payments" USING btree ("organisation_id","fund_id","decision_id","status","amount_pence");--> statement-breakpoint
CREATE UNIQUE INDEX "bursary_reminders_key" ON "bursary_reminders" USING btree ("decision_id","month");--> statement-breakpoint
CREATE UNIQUE INDEX "bursary_scores_key" ON "bursary_scores" USING btree ("application_id","user_id","criterion");