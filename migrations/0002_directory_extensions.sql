-- Service directory search support (issue 3): trigram similarity and accent folding.
-- cube + earthdistance give great-circle distance (earth_distance(ll_to_earth(...))) without PostGIS.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS unaccent;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS cube;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS earthdistance;
--> statement-breakpoint
-- unaccent() is only STABLE (it reads a dictionary), so it cannot be used in a generated column or an
-- index. This wrapper names the dictionary explicitly and is declared IMMUTABLE, the usual pattern.
-- Search queries must call the same function on their input: wayfinder_unaccent('café') = 'cafe'.
CREATE OR REPLACE FUNCTION wayfinder_unaccent(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;
