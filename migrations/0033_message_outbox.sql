CREATE TABLE "participant_message_outbox" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"idempotency_key" text NOT NULL,
	"participant_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"channel" text NOT NULL,
	"reference" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"payload_enc" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"send_from_hour" smallint,
	"send_until_hour" smallint,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"claimed_until" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"provider_id" text,
	"error_code" text,
	"reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"settled_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "casework_appointment_messages" ADD COLUMN "outbox_id" uuid;--> statement-breakpoint
ALTER TABLE "casework_appointment_messages" ADD COLUMN "next_try_at" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "participant_message_outbox_key" ON "participant_message_outbox" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "participant_message_outbox_due" ON "participant_message_outbox" USING btree ("next_attempt_at") WHERE "participant_message_outbox"."status" in ('pending', 'sending');--> statement-breakpoint
CREATE INDEX "participant_message_outbox_participant" ON "participant_message_outbox" USING btree ("participant_id");--> statement-breakpoint
CREATE UNIQUE INDEX "casework_appointment_messages_outbox" ON "casework_appointment_messages" USING btree ("outbox_id");