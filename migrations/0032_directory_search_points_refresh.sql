-- Search measures distance from points, not from a box around them: a service serving areas far
-- apart had a box spanning half the country, which put it "near" everywhere. `directory_search_point`
-- holds each service's points (search/schema.ts); the refresh function is migration 0028's, without
-- the dropped `earth` box, keeping the points too.
CREATE OR REPLACE FUNCTION directory_search_refresh(ids uuid[]) RETURNS void LANGUAGE sql AS $$
  DELETE FROM directory_search_point p WHERE p.service_id = ANY(ids);
  DELETE FROM directory_search_doc d
    WHERE d.service_id = ANY(ids) AND NOT EXISTS (SELECT 1 FROM directory_service s WHERE s.id = d.service_id);
  INSERT INTO directory_search_doc AS d (
    service_id, status, name, organization_id, last_modified, minimum_age, maximum_age, document,
    term_ids, taxonomy_ids, served_areas, located_areas, latitudes, longitudes, area_latitudes,
    area_longitudes, extent, languages, free, schedules, names)
  SELECT s.id, s.status, s.name, s.organization_id, s.last_modified, s.minimum_age, s.maximum_age,
    s.search_vector || setweight(to_tsvector('english'::regconfig, wayfinder_unaccent(coalesce(t.names, ''))), 'A'),
    coalesce(t.term_ids, '{}'), coalesce(t.taxonomy_ids, '{}'),
    coalesce(sa.codes, '{}'), coalesce(loc.codes, '{}'),
    coalesce(loc.lats, '{}'), coalesce(loc.lons, '{}'),
    coalesce(cen.lats, '{}'), coalesce(cen.lons, '{}'),
    (SELECT cube(array[min(u.a), min(u.b)], array[max(u.a), max(u.b)])
      FROM unnest(coalesce(loc.lats, '{}') || coalesce(cen.lats, '{}'), coalesce(loc.lons, '{}') || coalesce(cen.lons, '{}')) AS u(a, b)
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
    area_latitudes = excluded.area_latitudes, area_longitudes = excluded.area_longitudes, extent = excluded.extent,
    languages = excluded.languages, free = excluded.free, schedules = excluded.schedules, names = excluded.names;
  -- Measured from its public locations; with none, from the centres of its areas (as search ranks).
  INSERT INTO directory_search_point (service_id, earth)
  SELECT d.service_id, ll_to_earth(u.a, u.b)
  FROM directory_search_doc d,
    unnest(CASE WHEN cardinality(d.latitudes) > 0 THEN d.latitudes ELSE d.area_latitudes END,
      CASE WHEN cardinality(d.latitudes) > 0 THEN d.longitudes ELSE d.area_longitudes END) AS u(a, b)
  WHERE d.service_id = ANY(ids) AND u.a IS NOT NULL AND u.b IS NOT NULL;
$$;
--> statement-breakpoint
INSERT INTO directory_search_point (service_id, earth)
SELECT d.service_id, ll_to_earth(u.a, u.b)
FROM directory_search_doc d,
  unnest(CASE WHEN cardinality(d.latitudes) > 0 THEN d.latitudes ELSE d.area_latitudes END,
    CASE WHEN cardinality(d.latitudes) > 0 THEN d.longitudes ELSE d.area_longitudes END) AS u(a, b)
WHERE u.a IS NOT NULL AND u.b IS NOT NULL;
