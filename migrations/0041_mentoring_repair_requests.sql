CREATE TABLE "mentoring_repair_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"pair_id" uuid NOT NULL,
	"asked_by" text NOT NULL,
	"reason" text NOT NULL,
	"asked_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "mentoring_repair_requests" ADD CONSTRAINT "mentoring_repair_requests_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_repair_requests" ADD CONSTRAINT "mentoring_repair_requests_pair_id_mentoring_pairs_id_fk" FOREIGN KEY ("pair_id") REFERENCES "public"."mentoring_pairs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_repair_requests" ADD CONSTRAINT "mentoring_repair_requests_asked_by_user_id_users_id_fk" FOREIGN KEY ("asked_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "mentoring_repair_requests_pair_idx" ON "mentoring_repair_requests" USING btree ("organisation_id","pair_id","resolved_at");