CREATE TABLE "mentoring_leaders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"cohort_id" uuid NOT NULL,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"employer" text NOT NULL,
	"created_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "mentoring_survey_links" ALTER COLUMN "pair_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "mentoring_survey_links" ADD COLUMN "leader_id" uuid;--> statement-breakpoint
ALTER TABLE "mentoring_leaders" ADD CONSTRAINT "mentoring_leaders_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_leaders" ADD CONSTRAINT "mentoring_leaders_cohort_id_mentoring_cohorts_id_fk" FOREIGN KEY ("cohort_id") REFERENCES "public"."mentoring_cohorts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_leaders" ADD CONSTRAINT "mentoring_leaders_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "mentoring_leaders_cohort_idx" ON "mentoring_leaders" USING btree ("organisation_id","cohort_id");--> statement-breakpoint
ALTER TABLE "mentoring_survey_links" ADD CONSTRAINT "mentoring_survey_links_leader_id_mentoring_leaders_id_fk" FOREIGN KEY ("leader_id") REFERENCES "public"."mentoring_leaders"("id") ON DELETE cascade ON UPDATE no action;