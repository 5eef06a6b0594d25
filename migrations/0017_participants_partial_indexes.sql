DROP INDEX "participants_org_kw_status_idx";--> statement-breakpoint
DROP INDEX "participants_kw_status_name_idx";--> statement-breakpoint
CREATE INDEX "participants_org_kw_status_idx" ON "participants" USING btree ("organisation_id","key_worker_user_id","status") WHERE "participants"."erased_at" is null;--> statement-breakpoint
CREATE INDEX "participants_kw_status_name_idx" ON "participants" USING btree ("key_worker_user_id","status","preferred_name") WHERE "participants"."erased_at" is null;