-- Keeps the coverage summary (directory_coverage_facet) right: every statement that changes what
-- coverage counts marks the services it touched in directory_coverage_dirty; refreshCoverage
-- (src/modules/directory/coverage/query.ts) recomputes those services' facets before a coverage read.
-- Statement-level triggers with transition tables: one insert per statement, whatever its size.

CREATE FUNCTION directory_coverage_mark_service() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO directory_coverage_dirty (service_id)
      SELECT DISTINCT n.id FROM new_rows n ON CONFLICT DO NOTHING;
  ELSE
    -- Only the status changes what is counted; a renamed service is read live.
    INSERT INTO directory_coverage_dirty (service_id)
      SELECT DISTINCT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
      WHERE n.status IS DISTINCT FROM o.status ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION directory_coverage_mark_service_area() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO directory_coverage_dirty (service_id)
      SELECT DISTINCT service_id FROM new_rows WHERE service_id IS NOT NULL ON CONFLICT DO NOTHING;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO directory_coverage_dirty (service_id)
      SELECT DISTINCT service_id FROM old_rows WHERE service_id IS NOT NULL ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION directory_coverage_mark_service_at_location() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO directory_coverage_dirty (service_id)
      SELECT DISTINCT service_id FROM new_rows ON CONFLICT DO NOTHING;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO directory_coverage_dirty (service_id)
      SELECT DISTINCT service_id FROM old_rows ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION directory_coverage_mark_location() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- A new location counts once a service_at_location names it (that table's trigger); a deleted one
  -- takes its service_at_location rows with it (cascade, same trigger). Here: a changed area.
  INSERT INTO directory_coverage_dirty (service_id)
    SELECT DISTINCT sal.service_id
    FROM new_rows n
    JOIN old_rows o ON o.id = n.id
    JOIN directory_service_at_location sal ON sal.location_id = n.id
    WHERE n.area_code IS DISTINCT FROM o.area_code
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION directory_coverage_mark_attribute() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- link_id may name any record; ids that are not services are dropped at the next refresh.
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO directory_coverage_dirty (service_id)
      SELECT DISTINCT link_id FROM new_rows ON CONFLICT DO NOTHING;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO directory_coverage_dirty (service_id)
      SELECT DISTINCT link_id FROM old_rows ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER directory_coverage_service_ins AFTER INSERT ON directory_service
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION directory_coverage_mark_service();
--> statement-breakpoint
CREATE TRIGGER directory_coverage_service_upd AFTER UPDATE ON directory_service
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION directory_coverage_mark_service();
--> statement-breakpoint
CREATE TRIGGER directory_coverage_service_area_ins AFTER INSERT ON directory_service_area
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION directory_coverage_mark_service_area();
--> statement-breakpoint
CREATE TRIGGER directory_coverage_service_area_upd AFTER UPDATE ON directory_service_area
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION directory_coverage_mark_service_area();
--> statement-breakpoint
CREATE TRIGGER directory_coverage_service_area_del AFTER DELETE ON directory_service_area
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION directory_coverage_mark_service_area();
--> statement-breakpoint
CREATE TRIGGER directory_coverage_sal_ins AFTER INSERT ON directory_service_at_location
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION directory_coverage_mark_service_at_location();
--> statement-breakpoint
CREATE TRIGGER directory_coverage_sal_upd AFTER UPDATE ON directory_service_at_location
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION directory_coverage_mark_service_at_location();
--> statement-breakpoint
CREATE TRIGGER directory_coverage_sal_del AFTER DELETE ON directory_service_at_location
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION directory_coverage_mark_service_at_location();
--> statement-breakpoint
CREATE TRIGGER directory_coverage_location_upd AFTER UPDATE ON directory_location
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION directory_coverage_mark_location();
--> statement-breakpoint
CREATE TRIGGER directory_coverage_attribute_ins AFTER INSERT ON directory_attribute
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION directory_coverage_mark_attribute();
--> statement-breakpoint
CREATE TRIGGER directory_coverage_attribute_upd AFTER UPDATE ON directory_attribute
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION directory_coverage_mark_attribute();
--> statement-breakpoint
CREATE TRIGGER directory_coverage_attribute_del AFTER DELETE ON directory_attribute
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION directory_coverage_mark_attribute();
--> statement-breakpoint
-- Services already in the directory get their facets at the first refresh.
INSERT INTO directory_coverage_dirty (service_id) SELECT id FROM directory_service ON CONFLICT DO NOTHING;
