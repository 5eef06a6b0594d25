DROP INDEX "employment_work_profiles_match_box_idx";--> statement-breakpoint
-- custom: the women an opportunity could suit, found in one organisation by one GiST index on
-- (organisation_id, match_box), btree_gist giving uuid its GiST operators (a trusted extension in
-- PostgreSQL's contrib modules, like cube: the database's owner may create it); it carries every
-- column the score bound reads (employment/woman-bound.ts) and the days, so an opportunity's list
-- bounds all her organisation's candidates by an index-only scan. drizzle-kit cannot write INCLUDE.
CREATE EXTENSION IF NOT EXISTS btree_gist;
--> statement-breakpoint
CREATE INDEX "employment_work_profiles_org_match_idx" ON "employment_work_profiles" USING gist ("organisation_id", "match_box") INCLUDE ("participant_id", "available_days", "skills", "sectors", "aspirations", "pay_needed_pence", "latitude", "longitude", "max_journey_minutes", "modes");
