CREATE TABLE "mentoring_leader_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"leader_id" uuid NOT NULL,
	"held_on" date NOT NULL,
	"mode" text NOT NULL,
	"minutes" integer NOT NULL,
	"covered" text,
	"next_meeting_on" date,
	"logged_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "mentoring_leaders" ADD COLUMN "user_id" uuid;--> statement-breakpoint
ALTER TABLE "mentoring_leaders" ADD COLUMN "alumna_mentee_id" uuid;--> statement-breakpoint
ALTER TABLE "mentoring_leaders" ADD COLUMN "erased_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "mentoring_leader_sessions" ADD CONSTRAINT "mentoring_leader_sessions_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_leader_sessions" ADD CONSTRAINT "mentoring_leader_sessions_leader_id_mentoring_leaders_id_fk" FOREIGN KEY ("leader_id") REFERENCES "public"."mentoring_leaders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_leader_sessions" ADD CONSTRAINT "mentoring_leader_sessions_logged_by_user_id_users_id_fk" FOREIGN KEY ("logged_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "mentoring_leader_sessions_leader_idx" ON "mentoring_leader_sessions" USING btree ("organisation_id","leader_id","held_on");--> statement-breakpoint
ALTER TABLE "mentoring_leaders" ADD CONSTRAINT "mentoring_leaders_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_leaders" ADD CONSTRAINT "mentoring_leaders_alumna_mentee_id_mentoring_mentees_id_fk" FOREIGN KEY ("alumna_mentee_id") REFERENCES "public"."mentoring_mentees"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "mentoring_leaders_user_idx" ON "mentoring_leaders" USING btree ("user_id");