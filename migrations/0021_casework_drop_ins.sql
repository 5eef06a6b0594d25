CREATE TABLE "casework_drop_in_attendance" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"participant_id" uuid NOT NULL,
	"walk_in" boolean DEFAULT false NOT NULL,
	"added_by_user_id" uuid,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "casework_drop_in_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"place" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"capacity" integer NOT NULL,
	"created_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "casework_drop_in_attendance" ADD CONSTRAINT "casework_drop_in_attendance_session_id_casework_drop_in_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."casework_drop_in_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "casework_drop_in_attendance" ADD CONSTRAINT "casework_drop_in_attendance_added_by_user_id_users_id_fk" FOREIGN KEY ("added_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "casework_drop_in_sessions" ADD CONSTRAINT "casework_drop_in_sessions_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "casework_drop_in_sessions" ADD CONSTRAINT "casework_drop_in_sessions_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "casework_drop_in_attendance_once" ON "casework_drop_in_attendance" USING btree ("session_id","participant_id");--> statement-breakpoint
CREATE INDEX "casework_drop_in_sessions_org_idx" ON "casework_drop_in_sessions" USING btree ("organisation_id","starts_at");