CREATE TABLE "outcome_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"participant_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"occurred_on" date NOT NULL,
	"source" text NOT NULL,
	"source_ref" text NOT NULL,
	"programme_id" uuid,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"evidence" text,
	"recorded_by_user_id" uuid,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outcome_kinds" (
	"key" text PRIMARY KEY NOT NULL,
	"label" text NOT NULL,
	"created_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "outcome_events" ADD CONSTRAINT "outcome_events_recorded_by_user_id_users_id_fk" FOREIGN KEY ("recorded_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outcome_kinds" ADD CONSTRAINT "outcome_kinds_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "outcome_events_source_key" ON "outcome_events" USING btree ("source","source_ref","kind");--> statement-breakpoint
CREATE INDEX "outcome_events_participant_idx" ON "outcome_events" USING btree ("participant_id","occurred_on");--> statement-breakpoint
CREATE INDEX "outcome_events_kind_idx" ON "outcome_events" USING btree ("kind","occurred_on","participant_id");--> statement-breakpoint
CREATE INDEX "outcome_events_programme_idx" ON "outcome_events" USING btree ("programme_id","kind","occurred_on") WHERE "outcome_events"."programme_id" is not null;