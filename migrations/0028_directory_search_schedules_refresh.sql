-- The search row gains `schedules` (search/schema.ts): the service's own schedules and its
-- locations', so "open now" is decided from the row in hand; and `names`, the part of its document
-- that names it (weight A), with its own GIN index. The refresh function is migration
-- 0025's plus that column; schedules now mark their service for a rebuild like every other table
-- search reads (directly, or through their service_at_location).
CREATE OR REPLACE FUNCTION directory_search_refresh(ids uuid[]) RETURNS void LANGUAGE sql AS $$
  DELETE FROM directory_search_doc d
    WHERE d.service_id = ANY(ids) AND NOT EXISTS (SELECT 1 FROM directory_service s WHERE s.id = d.service_id);
  INSERT INTO directory_search_doc AS d (
    service_id, status, name, organization_id, last_modified, minimum_age, maximum_age, document,
    term_ids, taxonomy_ids, served_areas, located_areas, latitudes, longitudes, area_latitudes,
    area_longitudes, extent, earth, languages, free, schedules, names)
  SELECT s.id, s.status, s.name, s.organization_id, s.last_modified, s.minimum_age, s.maximum_age,
    s.search_vector || setweight(to_tsvector('english'::regconfig, wayfinder_unaccent(coalesce(t.names, ''))), 'A'),
    coalesce(t.term_ids, '{}'), coalesce(t.taxonomy_ids, '{}'),
    coalesce(sa.codes, '{}'), coalesce(loc.codes, '{}'),
    coalesce(loc.lats, '{}'), coalesce(loc.lons, '{}'),
    coalesce(cen.lats, '{}'), coalesce(cen.lons, '{}'),
    (SELECT cube(array[min(u.a), min(u.b)], array[max(u.a), max(u.b)])
      FROM unnest(coalesce(loc.lats, '{}') || coalesce(cen.lats, '{}'), coalesce(loc.lons, '{}') || coalesce(cen.lons, '{}')) AS u(a, b)
      HAVING count(*) > 0),
    (SELECT cube(array[min(cube_ll_coord(e, 1)), min(cube_ll_coord(e, 2)), min(cube_ll_coord(e, 3))],
        array[max(cube_ll_coord(e, 1)), max(cube_ll_coord(e, 2)), max(cube_ll_coord(e, 3))])
      FROM (SELECT ll_to_earth(u.a, u.b) AS e
        FROM unnest(coalesce(loc.lats, '{}') || coalesce(cen.lats, '{}'), coalesce(loc.lons, '{}') || coalesce(cen.lons, '{}')) AS u(a, b)) p
      HAVING count(*) > 0),
    coalesce(lang.names, '{}'), coalesce(cost.free, false), coalesce(sch.list, '[]'::jsonb),
    ts_filter(s.search_vector, '{a}') || setweight(to_tsvector('english'::regconfig, wayfinder_unaccent(coalesce(t.names, ''))), 'A')
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
  LEFT JOIN LATERAL (
    SELECT jsonb_agg(jsonb_build_object('freq', x.freq, 'byday', x.byday, 'bymonthday', x.bymonthday,
        'opens_at', x.opens_at, 'closes_at', x.closes_at, 'valid_from', x.valid_from, 'valid_to', x.valid_to)
        ORDER BY x.id) AS list
    FROM (SELECT sc.* FROM directory_schedule sc WHERE sc.service_id = s.id
      UNION ALL SELECT sc.* FROM directory_service_at_location x JOIN directory_schedule sc ON sc.service_at_location_id = x.id
        WHERE x.service_id = s.id) x) sch ON true
  WHERE s.id = ANY(ids)
  ON CONFLICT (service_id) DO UPDATE SET
    status = excluded.status, name = excluded.name, organization_id = excluded.organization_id,
    last_modified = excluded.last_modified, minimum_age = excluded.minimum_age, maximum_age = excluded.maximum_age,
    document = excluded.document, term_ids = excluded.term_ids, taxonomy_ids = excluded.taxonomy_ids,
    served_areas = excluded.served_areas, located_areas = excluded.located_areas,
    latitudes = excluded.latitudes, longitudes = excluded.longitudes,
    area_latitudes = excluded.area_latitudes, area_longitudes = excluded.area_longitudes, extent = excluded.extent, earth = excluded.earth,
    languages = excluded.languages, free = excluded.free, schedules = excluded.schedules, names = excluded.names;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION directory_search_mark() RETURNS trigger LANGUAGE plpgsql AS $$
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
    ELSIF how = 'service_at_location_id' THEN
      EXECUTE format('INSERT INTO directory_search_dirty (service_id)
        SELECT DISTINCT x.service_id FROM %I r JOIN directory_service_at_location x ON x.id = r.service_at_location_id
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
CREATE TRIGGER directory_search_schedule_service_ins AFTER INSERT ON directory_schedule
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION directory_search_mark('service_id');
--> statement-breakpoint
CREATE TRIGGER directory_search_schedule_sal_ins AFTER INSERT ON directory_schedule
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION directory_search_mark('service_at_location_id');
--> statement-breakpoint
CREATE TRIGGER directory_search_schedule_service_upd AFTER UPDATE ON directory_schedule
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION directory_search_mark('service_id');
--> statement-breakpoint
CREATE TRIGGER directory_search_schedule_sal_upd AFTER UPDATE ON directory_schedule
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION directory_search_mark('service_at_location_id');
--> statement-breakpoint
CREATE TRIGGER directory_search_schedule_service_del AFTER DELETE ON directory_schedule
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION directory_search_mark('service_id');
--> statement-breakpoint
CREATE TRIGGER directory_search_schedule_sal_del AFTER DELETE ON directory_schedule
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION directory_search_mark('service_at_location_id');
--> statement-breakpoint
UPDATE directory_search_doc d SET names = ts_filter(d.document, '{a}'), schedules = coalesce((
  SELECT jsonb_agg(jsonb_build_object('freq', x.freq, 'byday', x.byday, 'bymonthday', x.bymonthday,
      'opens_at', x.opens_at, 'closes_at', x.closes_at, 'valid_from', x.valid_from, 'valid_to', x.valid_to)
      ORDER BY x.id)
  FROM (SELECT sc.* FROM directory_schedule sc WHERE sc.service_id = d.service_id
    UNION ALL SELECT sc.* FROM directory_service_at_location sal JOIN directory_schedule sc ON sc.service_at_location_id = sal.id
      WHERE sal.service_id = d.service_id) x), '[]'::jsonb);
