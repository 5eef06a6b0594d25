CREATE TABLE "directory_generation" (
	"id" smallint PRIMARY KEY NOT NULL,
	"n" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "directory_generation_dirty" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"marked" boolean DEFAULT true NOT NULL
);

--> statement-breakpoint
-- custom: the generation's one row, and the triggers that move it on (cache/schema.ts says why).
ALTER TABLE "directory_generation" ADD CONSTRAINT "directory_generation_one_row" CHECK ("id" = 1);
--> statement-breakpoint
INSERT INTO "directory_generation" ("id", "n") VALUES (1, 1);
--> statement-breakpoint
-- Marks the transaction once (a transaction-local setting remembers it; a rolled-back savepoint
-- forgets both the setting and the row): one row and one deferred event per transaction, whatever
-- its size.
CREATE FUNCTION directory_generation_mark() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('wayfinder.directory_generation_marked', true) IS DISTINCT FROM 'on' THEN
    PERFORM set_config('wayfinder.directory_generation_marked', 'on', true);
    INSERT INTO directory_generation_dirty DEFAULT VALUES;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- At commit: the counter's row is locked only from here to the end of the commit, so writers wait
-- for each other only that long, and never while holding it and waiting for anything else (the
-- search rows rebuilt at commit belong to services a second writer could not have marked meanwhile:
-- directory_search_dirty's key makes it wait in its own statements).
CREATE FUNCTION directory_generation_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE directory_generation SET n = n + 1 WHERE id = 1;
  DELETE FROM directory_generation_dirty WHERE id = NEW.id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER directory_generation_dirty_bump AFTER INSERT ON directory_generation_dirty
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION directory_generation_bump();
--> statement-breakpoint
CREATE TRIGGER directory_generation_mark AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "local_areas"
  FOR EACH STATEMENT EXECUTE FUNCTION directory_generation_mark();
--> statement-breakpoint
CREATE TRIGGER directory_generation_mark AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "organisations"
  FOR EACH STATEMENT EXECUTE FUNCTION directory_generation_mark();
--> statement-breakpoint
CREATE TRIGGER directory_generation_mark AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "directory_organization"
  FOR EACH STATEMENT EXECUTE FUNCTION directory_generation_mark();
--> statement-breakpoint
CREATE TRIGGER directory_generation_mark AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "directory_organization_identifier"
  FOR EACH STATEMENT EXECUTE FUNCTION directory_generation_mark();
--> statement-breakpoint
CREATE TRIGGER directory_generation_mark AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "directory_program"
  FOR EACH STATEMENT EXECUTE FUNCTION directory_generation_mark();
--> statement-breakpoint
CREATE TRIGGER directory_generation_mark AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "directory_service"
  FOR EACH STATEMENT EXECUTE FUNCTION directory_generation_mark();
--> statement-breakpoint
CREATE TRIGGER directory_generation_mark AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "directory_location"
  FOR EACH STATEMENT EXECUTE FUNCTION directory_generation_mark();
--> statement-breakpoint
CREATE TRIGGER directory_generation_mark AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "directory_service_at_location"
  FOR EACH STATEMENT EXECUTE FUNCTION directory_generation_mark();
--> statement-breakpoint
CREATE TRIGGER directory_generation_mark AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "directory_address"
  FOR EACH STATEMENT EXECUTE FUNCTION directory_generation_mark();
--> statement-breakpoint
CREATE TRIGGER directory_generation_mark AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "directory_accessibility"
  FOR EACH STATEMENT EXECUTE FUNCTION directory_generation_mark();
--> statement-breakpoint
CREATE TRIGGER directory_generation_mark AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "directory_contact"
  FOR EACH STATEMENT EXECUTE FUNCTION directory_generation_mark();
--> statement-breakpoint
CREATE TRIGGER directory_generation_mark AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "directory_phone"
  FOR EACH STATEMENT EXECUTE FUNCTION directory_generation_mark();
--> statement-breakpoint
CREATE TRIGGER directory_generation_mark AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "directory_schedule"
  FOR EACH STATEMENT EXECUTE FUNCTION directory_generation_mark();
--> statement-breakpoint
CREATE TRIGGER directory_generation_mark AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "directory_service_area"
  FOR EACH STATEMENT EXECUTE FUNCTION directory_generation_mark();
--> statement-breakpoint
CREATE TRIGGER directory_generation_mark AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "directory_language"
  FOR EACH STATEMENT EXECUTE FUNCTION directory_generation_mark();
--> statement-breakpoint
CREATE TRIGGER directory_generation_mark AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "directory_cost_option"
  FOR EACH STATEMENT EXECUTE FUNCTION directory_generation_mark();
--> statement-breakpoint
CREATE TRIGGER directory_generation_mark AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "directory_funding"
  FOR EACH STATEMENT EXECUTE FUNCTION directory_generation_mark();
--> statement-breakpoint
CREATE TRIGGER directory_generation_mark AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "directory_required_document"
  FOR EACH STATEMENT EXECUTE FUNCTION directory_generation_mark();
--> statement-breakpoint
CREATE TRIGGER directory_generation_mark AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "directory_taxonomy"
  FOR EACH STATEMENT EXECUTE FUNCTION directory_generation_mark();
--> statement-breakpoint
CREATE TRIGGER directory_generation_mark AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "directory_taxonomy_term"
  FOR EACH STATEMENT EXECUTE FUNCTION directory_generation_mark();
--> statement-breakpoint
CREATE TRIGGER directory_generation_mark AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "directory_attribute"
  FOR EACH STATEMENT EXECUTE FUNCTION directory_generation_mark();
--> statement-breakpoint
CREATE TRIGGER directory_generation_mark AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "directory_metadata"
  FOR EACH STATEMENT EXECUTE FUNCTION directory_generation_mark();
--> statement-breakpoint
CREATE TRIGGER directory_generation_mark AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "postcodes"
  FOR EACH STATEMENT EXECUTE FUNCTION directory_generation_mark();
