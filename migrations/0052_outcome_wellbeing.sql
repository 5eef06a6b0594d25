CREATE TABLE "outcome_wellbeing_answers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"participant_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"life_satisfaction" smallint NOT NULL,
	"worthwhile" smallint NOT NULL,
	"happy" smallint NOT NULL,
	"anxious" smallint NOT NULL,
	"answered_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outcome_wellbeing_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"participant_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "outcome_wellbeing_links" ADD CONSTRAINT "outcome_wellbeing_links_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "outcome_wellbeing_answers_participant_idx" ON "outcome_wellbeing_answers" USING btree ("participant_id","answered_at");--> statement-breakpoint
CREATE UNIQUE INDEX "outcome_wellbeing_links_token_key" ON "outcome_wellbeing_links" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "outcome_wellbeing_links_participant_idx" ON "outcome_wellbeing_links" USING btree ("participant_id");