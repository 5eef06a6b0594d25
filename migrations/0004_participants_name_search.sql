-- Find a walk-in by any of her names within her organisation (participants search):
-- a trigram index over the lower-cased names, used by `participant_search_text(...) LIKE '%term%'`.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE FUNCTION participant_search_text(preferred text, given text, family text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT lower(coalesce(preferred, '') || ' ' || coalesce(given, '') || ' ' || coalesce(family, '')) $$;
--> statement-breakpoint
CREATE INDEX participants_name_trgm_idx ON participants
  USING gin (participant_search_text(preferred_name, given_name, family_name) gin_trgm_ops)
  WHERE erased_at IS NULL;
