CREATE TABLE "casework_appointment_bookings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slot_id" uuid NOT NULL,
	"participant_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"status" text DEFAULT 'booked' NOT NULL,
	"booked_by_user_id" uuid,
	"booked_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	"closed_by_user_id" uuid
);
--> statement-breakpoint
CREATE TABLE "casework_appointment_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"booking_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"channel" text NOT NULL,
	"status" text NOT NULL,
	"reason" text,
	"provider_id" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "casework_appointment_slots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"staff_user_id" uuid NOT NULL,
	"mode" text NOT NULL,
	"place" text,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"created_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "casework_appointment_bookings" ADD CONSTRAINT "casework_appointment_bookings_slot_id_casework_appointment_slots_id_fk" FOREIGN KEY ("slot_id") REFERENCES "public"."casework_appointment_slots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "casework_appointment_bookings" ADD CONSTRAINT "casework_appointment_bookings_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "casework_appointment_bookings" ADD CONSTRAINT "casework_appointment_bookings_booked_by_user_id_users_id_fk" FOREIGN KEY ("booked_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "casework_appointment_bookings" ADD CONSTRAINT "casework_appointment_bookings_closed_by_user_id_users_id_fk" FOREIGN KEY ("closed_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "casework_appointment_messages" ADD CONSTRAINT "casework_appointment_messages_booking_id_casework_appointment_bookings_id_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."casework_appointment_bookings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "casework_appointment_slots" ADD CONSTRAINT "casework_appointment_slots_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "casework_appointment_slots" ADD CONSTRAINT "casework_appointment_slots_staff_user_id_users_id_fk" FOREIGN KEY ("staff_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "casework_appointment_slots" ADD CONSTRAINT "casework_appointment_slots_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "casework_appointment_bookings_slot_once" ON "casework_appointment_bookings" USING btree ("slot_id") WHERE "casework_appointment_bookings"."status" <> 'cancelled';--> statement-breakpoint
CREATE INDEX "casework_appointment_bookings_participant_idx" ON "casework_appointment_bookings" USING btree ("participant_id");--> statement-breakpoint
CREATE UNIQUE INDEX "casework_appointment_messages_reminder_once" ON "casework_appointment_messages" USING btree ("booking_id","kind","channel") WHERE "casework_appointment_messages"."kind" = 'reminder';--> statement-breakpoint
CREATE INDEX "casework_appointment_slots_org_idx" ON "casework_appointment_slots" USING btree ("organisation_id","starts_at");