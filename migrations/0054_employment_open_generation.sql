CREATE TABLE "employment_open_generation" (
	"id" smallint PRIMARY KEY NOT NULL,
	"n" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "employment_open_generation_dirty" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"marked" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
-- custom: the generation's one row, and the triggers that move it on (employment/open-index/schema.ts says why).
ALTER TABLE "employment_open_generation" ADD CONSTRAINT "employment_open_generation_one_row" CHECK ("id" = 1);
--> statement-breakpoint
INSERT INTO "employment_open_generation" ("id", "n") VALUES (1, 1);
--> statement-breakpoint
-- Marks the transaction once (a transaction-local setting remembers it; a rolled-back savepoint
-- forgets both the setting and the row): one row and one deferred event per transaction.
CREATE FUNCTION employment_open_generation_mark() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('wayfinder.employment_open_generation_marked', true) IS DISTINCT FROM 'on' THEN
    PERFORM set_config('wayfinder.employment_open_generation_marked', 'on', true);
    INSERT INTO employment_open_generation_dirty DEFAULT VALUES;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- At commit: the counter's row is locked only from here to the end of the commit.
CREATE FUNCTION employment_open_generation_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE employment_open_generation SET n = n + 1 WHERE id = 1;
  DELETE FROM employment_open_generation_dirty WHERE id = NEW.id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER employment_open_generation_dirty_bump AFTER INSERT ON employment_open_generation_dirty
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION employment_open_generation_bump();
--> statement-breakpoint
CREATE TRIGGER employment_open_generation_mark AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "employment_opportunities"
  FOR EACH STATEMENT EXECUTE FUNCTION employment_open_generation_mark();
