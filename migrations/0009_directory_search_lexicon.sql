-- Directory search lexicon (src/modules/directory/search/schema.ts): every word of 2 to 30 letters in
-- a service's name, alternate name and description, or in a taxonomy term's name, lower-cased and
-- without accents. Search corrects misspelt query words against it by trigram similarity.
-- Filled by statement-level triggers, so every writer keeps it current; words are only ever added.
CREATE FUNCTION wayfinder_search_words(text) RETURNS SETOF text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$
    SELECT w FROM unnest(tsvector_to_array(to_tsvector('simple'::regconfig, wayfinder_unaccent(lower($1))))) AS w
    WHERE length(w) BETWEEN 2 AND 30 AND w !~ '[0-9_./@:-]'
  $$;
--> statement-breakpoint
CREATE FUNCTION directory_search_words_from_services() RETURNS trigger
  LANGUAGE plpgsql AS $$
  BEGIN
    INSERT INTO directory_search_word (word)
      SELECT DISTINCT w FROM new_rows,
        LATERAL wayfinder_search_words(coalesce(name, '') || ' ' || coalesce(alternate_name, '') || ' ' || coalesce(description, '')) AS w
      ON CONFLICT DO NOTHING;
    RETURN NULL;
  END $$;
--> statement-breakpoint
CREATE FUNCTION directory_search_words_from_terms() RETURNS trigger
  LANGUAGE plpgsql AS $$
  BEGIN
    INSERT INTO directory_search_word (word)
      SELECT DISTINCT w FROM new_rows, LATERAL wayfinder_search_words(name) AS w
      ON CONFLICT DO NOTHING;
    RETURN NULL;
  END $$;
--> statement-breakpoint
CREATE TRIGGER directory_service_search_words_ins AFTER INSERT ON directory_service
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION directory_search_words_from_services();
--> statement-breakpoint
CREATE TRIGGER directory_service_search_words_upd AFTER UPDATE ON directory_service
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION directory_search_words_from_services();
--> statement-breakpoint
CREATE TRIGGER directory_taxonomy_term_search_words_ins AFTER INSERT ON directory_taxonomy_term
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION directory_search_words_from_terms();
--> statement-breakpoint
CREATE TRIGGER directory_taxonomy_term_search_words_upd AFTER UPDATE ON directory_taxonomy_term
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION directory_search_words_from_terms();
--> statement-breakpoint
INSERT INTO directory_search_word (word)
  SELECT DISTINCT w FROM directory_service,
    LATERAL wayfinder_search_words(coalesce(name, '') || ' ' || coalesce(alternate_name, '') || ' ' || coalesce(description, '')) AS w
  UNION
  SELECT w FROM directory_taxonomy_term, LATERAL wayfinder_search_words(name) AS w
  ON CONFLICT DO NOTHING;
