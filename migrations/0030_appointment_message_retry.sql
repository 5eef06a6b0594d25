DROP INDEX "casework_appointment_messages_reminder_once";--> statement-breakpoint
ALTER TABLE "casework_appointment_messages" ADD COLUMN "retry_of_id" uuid;--> statement-breakpoint
CREATE UNIQUE INDEX "casework_appointment_messages_retry_once" ON "casework_appointment_messages" USING btree ("retry_of_id");--> statement-breakpoint
CREATE UNIQUE INDEX "casework_appointment_messages_reminder_once" ON "casework_appointment_messages" USING btree ("booking_id","kind","channel") WHERE "casework_appointment_messages"."kind" = 'reminder' and "casework_appointment_messages"."retry_of_id" is null;