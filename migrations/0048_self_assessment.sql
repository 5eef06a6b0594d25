CREATE TABLE "commissioning_self_assessment_actions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"assessment_id" uuid NOT NULL,
	"point" text,
	"action" text NOT NULL,
	"owner" text NOT NULL,
	"due_on" date NOT NULL,
	"done_at" timestamp with time zone,
	"created_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "commissioning_self_assessment_ratings" (
	"assessment_id" uuid NOT NULL,
	"point" text NOT NULL,
	"rating" text NOT NULL,
	"evidence" text DEFAULT '' NOT NULL,
	"updated_by_user_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "commissioning_self_assessment_ratings_assessment_id_point_pk" PRIMARY KEY("assessment_id","point")
);
--> statement-breakpoint
CREATE TABLE "commissioning_self_assessments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"completed_at" timestamp with time zone,
	"completed_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "commissioning_self_assessment_actions" ADD CONSTRAINT "commissioning_self_assessment_actions_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commissioning_self_assessment_actions" ADD CONSTRAINT "commissioning_self_assessment_actions_assessment_id_commissioning_self_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."commissioning_self_assessments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commissioning_self_assessment_actions" ADD CONSTRAINT "commissioning_self_assessment_actions_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commissioning_self_assessment_ratings" ADD CONSTRAINT "commissioning_self_assessment_ratings_assessment_id_commissioning_self_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."commissioning_self_assessments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commissioning_self_assessment_ratings" ADD CONSTRAINT "commissioning_self_assessment_ratings_updated_by_user_id_users_id_fk" FOREIGN KEY ("updated_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commissioning_self_assessments" ADD CONSTRAINT "commissioning_self_assessments_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commissioning_self_assessments" ADD CONSTRAINT "commissioning_self_assessments_completed_by_user_id_users_id_fk" FOREIGN KEY ("completed_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "commissioning_self_assessment_actions_idx" ON "commissioning_self_assessment_actions" USING btree ("organisation_id","assessment_id");--> statement-breakpoint
CREATE UNIQUE INDEX "commissioning_self_assessments_year" ON "commissioning_self_assessments" USING btree ("organisation_id","year");