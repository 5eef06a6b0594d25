-- Keeps directory_search_doc (src/modules/directory/search/schema.ts) right. Every statement that
-- changes what search reads marks the services it touched in directory_search_dirty (statement-level
-- triggers with transition tables: one insert per statement, whatever its size); a deferred
-- constraint trigger rebuilds the marked services' rows once, at commit, and clears the marks.
-- A search therefore always sees committed data as committed, with no step for writers to forget.

CREATE FUNCTION directory_search_refresh(ids uuid[]) RETURNS void LANGUAGE sql AS $$
  DELETE FROM directory_search_doc d
    WHERE d.service_id = ANY(ids) AND NOT EXISTS (SELECT 1 FROM directory_service s WHERE s.id = d.service_id);
  INSERT INTO directory_search_doc AS d (
    service_id, status, name, organization_id, last_modified, minimum_age, maximum_age, document,
    term_ids, taxonomy_ids, served_areas, located_areas, latitudes, longitudes, area_latitudes,
    area_longitudes, extent, languages, free)
  SELECT s.id, s.status, s.name, s.organization_id, s.last_modified, s.minimum_age, s.maximum_age,
    s.search_vector || setweight(to_tsvector('english'::regconfig, wayfinder_unaccent(coalesce(t.names, ''))), 'A'),
    coalesce(t.term_ids, '{}'), coalesce(t.taxonomy_ids, '{}'),
    coalesce(sa.codes, '{}'), coalesce(loc.codes, '{}'),
    coalesce(loc.lats, '{}'), coalesce(loc.lons, '{}'),
    coalesce(cen.lats, '{}'), coalesce(cen.lons, '{}'),
    (SELECT cube(array[min(u.a), min(u.b)], array[max(u.a), max(u.b)])
      FROM unnest(coalesce(loc.lats, '{}') || coalesce(cen.lats, '{}'), coalesce(loc.lons, '{}') || coalesce(cen.lons, '{}')) AS u(a, b)
      HAVING count(*) > 0),
    coalesce(lang.names, '{}'), coalesce(cost.free, false)
  FROM directory_service s
  LEFT JOIN LATERAL (
    SELECT string_agg(tt.name, ' ' ORDER BY tt.name) AS names, array_agg(DISTINCT tt.id) AS term_ids,
      coalesce(array_agg(DISTINCT tt.taxonomy_id) FILTER (WHERE tt.taxonomy_id IS NOT NULL), '{}') AS taxonomy_ids
    FROM directory_attribute a JOIN directory_taxonomy_term tt ON tt.id = a.taxonomy_term_id
    WHERE a.link_id = s.id) t ON true
  LEFT JOIN LATERAL (
    SELECT array_agg(DISTINCT x.area_code) AS codes FROM directory_service_area x
    WHERE x.service_id = s.id AND x.area_code IS NOT NULL) sa ON true
  LEFT JOIN LATERAL (
    SELECT array_agg(DISTINCT l.area_code) FILTER (WHERE l.area_code IS NOT NULL) AS codes,
      array_agg(l.latitude ORDER BY l.id) FILTER (WHERE NOT l.withheld AND l.latitude IS NOT NULL AND l.longitude IS NOT NULL) AS lats,
      array_agg(l.longitude ORDER BY l.id) FILTER (WHERE NOT l.withheld AND l.latitude IS NOT NULL AND l.longitude IS NOT NULL) AS lons
    FROM directory_service_at_location x JOIN directory_location l ON l.id = x.location_id
    WHERE x.service_id = s.id) loc ON true
  LEFT JOIN LATERAL (
    SELECT array_agg(la.latitude ORDER BY la.code) AS lats, array_agg(la.longitude ORDER BY la.code) AS lons
    FROM local_areas la
    WHERE la.code IN (
      SELECT x.area_code FROM directory_service_area x WHERE x.service_id = s.id
      UNION SELECT l.area_code FROM directory_service_at_location x JOIN directory_location l ON l.id = x.location_id
        WHERE x.service_id = s.id AND l.withheld)) cen ON true
  LEFT JOIN LATERAL (
    SELECT array_agg(DISTINCT v) AS names FROM (
      SELECT lower(g.code) AS c, lower(g.name) AS n FROM directory_language g WHERE g.service_id = s.id
      UNION ALL SELECT lower(g.code), lower(g.name) FROM directory_service_at_location x
        JOIN directory_language g ON g.location_id = x.location_id WHERE x.service_id = s.id) y,
      LATERAL unnest(array[y.c, y.n]) AS v
    WHERE v IS NOT NULL) lang ON true
  LEFT JOIN LATERAL (
    SELECT bool_or(c.amount = 0 OR lower(c.option) LIKE 'free%' OR lower(c.amount_description) LIKE 'free%') AS free
    FROM directory_cost_option c WHERE c.service_id = s.id) cost ON true
  WHERE s.id = ANY(ids)
  ON CONFLICT (service_id) DO UPDATE SET
    status = excluded.status, name = excluded.name, organization_id = excluded.organization_id,
    last_modified = excluded.last_modified, minimum_age = excluded.minimum_age, maximum_age = excluded.maximum_age,
    document = excluded.document, term_ids = excluded.term_ids, taxonomy_ids = excluded.taxonomy_ids,
    served_areas = excluded.served_areas, located_areas = excluded.located_areas,
    latitudes = excluded.latitudes, longitudes = excluded.longitudes,
    area_latitudes = excluded.area_latitudes, area_longitudes = excluded.area_longitudes, extent = excluded.extent,
    languages = excluded.languages, free = excluded.free;
$$;
--> statement-breakpoint
CREATE FUNCTION directory_search_flush() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids uuid[];
BEGIN
  WITH taken AS (DELETE FROM directory_search_dirty RETURNING service_id)
    SELECT array_agg(service_id) INTO ids FROM taken;
  IF ids IS NOT NULL THEN
    PERFORM directory_search_refresh(ids);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Fires at commit, once per marked service: the first firing rebuilds them all, the rest find none.
CREATE CONSTRAINT TRIGGER directory_search_dirty_flush AFTER INSERT ON directory_search_dirty
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION directory_search_flush();
--> statement-breakpoint
-- Marks services from a transition table's column (TG_ARGV[0]: the column naming the service, or
-- 'location' for rows that name a location, whose services are found through service_at_location,
-- or 'term' for taxonomy terms, whose services are found through attributes).
CREATE FUNCTION directory_search_mark() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  how text := TG_ARGV[0];
  src text;
BEGIN
  FOREACH src IN ARRAY CASE TG_OP WHEN 'INSERT' THEN array['new_rows'] WHEN 'DELETE' THEN array['old_rows']
      ELSE array['new_rows', 'old_rows'] END LOOP
    IF how = 'location' THEN
      EXECUTE format('INSERT INTO directory_search_dirty (service_id)
        SELECT DISTINCT x.service_id FROM %I r JOIN directory_service_at_location x ON x.location_id = r.location_id
        WHERE r.location_id IS NOT NULL ON CONFLICT DO NOTHING', src);
    ELSIF how = 'location_id' THEN
      EXECUTE format('INSERT INTO directory_search_dirty (service_id)
        SELECT DISTINCT x.service_id FROM %I r JOIN directory_service_at_location x ON x.location_id = r.id
        ON CONFLICT DO NOTHING', src);
    ELSIF how = 'term' THEN
      EXECUTE format('INSERT INTO directory_search_dirty (service_id)
        SELECT DISTINCT a.link_id FROM %I r JOIN directory_attribute a ON a.taxonomy_term_id = r.id
        JOIN directory_service s ON s.id = a.link_id ON CONFLICT DO NOTHING', src);
    ELSIF how = 'link_id' THEN
      EXECUTE format('INSERT INTO directory_search_dirty (service_id)
        SELECT DISTINCT r.link_id FROM %I r JOIN directory_service s ON s.id = r.link_id ON CONFLICT DO NOTHING', src);
    ELSE
      EXECUTE format('INSERT INTO directory_search_dirty (service_id)
        SELECT DISTINCT r.%I FROM %I r WHERE r.%I IS NOT NULL ON CONFLICT DO NOTHING', how, src, how);
    END IF;
  END LOOP;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER directory_search_service_ins AFTER INSERT ON directory_service
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION directory_search_mark('id');
--> statement-breakpoint
CREATE TRIGGER directory_search_service_upd AFTER UPDATE ON directory_service
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION directory_search_mark('id');
--> statement-breakpoint
CREATE TRIGGER directory_search_attribute_ins AFTER INSERT ON directory_attribute
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION directory_search_mark('link_id');
--> statement-breakpoint
CREATE TRIGGER directory_search_attribute_upd AFTER UPDATE ON directory_attribute
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION directory_search_mark('link_id');
--> statement-breakpoint
CREATE TRIGGER directory_search_attribute_del AFTER DELETE ON directory_attribute
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION directory_search_mark('link_id');
--> statement-breakpoint
CREATE TRIGGER directory_search_term_upd AFTER UPDATE ON directory_taxonomy_term
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION directory_search_mark('term');
--> statement-breakpoint
CREATE TRIGGER directory_search_location_upd AFTER UPDATE ON directory_location
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION directory_search_mark('location_id');
--> statement-breakpoint
CREATE TRIGGER directory_search_service_area_ins AFTER INSERT ON directory_service_area
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION directory_search_mark('service_id');
--> statement-breakpoint
CREATE TRIGGER directory_search_service_area_upd AFTER UPDATE ON directory_service_area
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION directory_search_mark('service_id');
--> statement-breakpoint
CREATE TRIGGER directory_search_service_area_del AFTER DELETE ON directory_service_area
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION directory_search_mark('service_id');
--> statement-breakpoint
CREATE TRIGGER directory_search_service_at_location_ins AFTER INSERT ON directory_service_at_location
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION directory_search_mark('service_id');
--> statement-breakpoint
CREATE TRIGGER directory_search_service_at_location_upd AFTER UPDATE ON directory_service_at_location
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION directory_search_mark('service_id');
--> statement-breakpoint
CREATE TRIGGER directory_search_service_at_location_del AFTER DELETE ON directory_service_at_location
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION directory_search_mark('service_id');
--> statement-breakpoint
CREATE TRIGGER directory_search_language_ins AFTER INSERT ON directory_language
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION directory_search_mark('service_id');
--> statement-breakpoint
CREATE TRIGGER directory_search_language_upd AFTER UPDATE ON directory_language
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION directory_search_mark('service_id');
--> statement-breakpoint
CREATE TRIGGER directory_search_language_del AFTER DELETE ON directory_language
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION directory_search_mark('service_id');
--> statement-breakpoint
CREATE TRIGGER directory_search_cost_option_ins AFTER INSERT ON directory_cost_option
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION directory_search_mark('service_id');
--> statement-breakpoint
CREATE TRIGGER directory_search_cost_option_upd AFTER UPDATE ON directory_cost_option
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION directory_search_mark('service_id');
--> statement-breakpoint
CREATE TRIGGER directory_search_cost_option_del AFTER DELETE ON directory_cost_option
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION directory_search_mark('service_id');
--> statement-breakpoint
CREATE TRIGGER directory_search_location_language_ins AFTER INSERT ON directory_language
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION directory_search_mark('location');
--> statement-breakpoint
CREATE TRIGGER directory_search_location_language_upd AFTER UPDATE ON directory_language
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION directory_search_mark('location');
--> statement-breakpoint
CREATE TRIGGER directory_search_location_language_del AFTER DELETE ON directory_language
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION directory_search_mark('location');
--> statement-breakpoint
SELECT directory_search_refresh(array(SELECT id FROM directory_service));
