-- The search row gains `earth` (search/schema.ts): the box around its places as earth-centred points,
-- which a GiST index walks nearest first. Same function as migration 0019 plus that column.
CREATE OR REPLACE FUNCTION directory_search_refresh(ids uuid[]) RETURNS void LANGUAGE sql AS $$
  DELETE FROM directory_search_doc d
    WHERE d.service_id = ANY(ids) AND NOT EXISTS (SELECT 1 FROM directory_service s WHERE s.id = d.service_id);
  INSERT INTO directory_search_doc AS d (
    service_id, status, name, organization_id, last_modified, minimum_age, maximum_age, document,
    term_ids, taxonomy_ids, served_areas, located_areas, latitudes, longitudes, area_latitudes,
    area_longitudes, extent, earth, languages, free)
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
    area_latitudes = excluded.area_latitudes, area_longitudes = excluded.area_longitudes, extent = excluded.extent, earth = excluded.earth,
    languages = excluded.languages, free = excluded.free;
$$;
--> statement-breakpoint
UPDATE directory_search_doc d SET earth = (
  SELECT cube(array[min(cube_ll_coord(e, 1)), min(cube_ll_coord(e, 2)), min(cube_ll_coord(e, 3))],
      array[max(cube_ll_coord(e, 1)), max(cube_ll_coord(e, 2)), max(cube_ll_coord(e, 3))])
  FROM (SELECT ll_to_earth(u.a, u.b) AS e
    FROM unnest(d.latitudes || d.area_latitudes, d.longitudes || d.area_longitudes) AS u(a, b)) p
  HAVING count(*) > 0);
