/**
 * Where "Find support" searches near: a local authority area by name, or a postcode.
 *
 *   resolvePlace(db, text) -> { kind: 'area' | 'postcode', name, areaCode, latitude, longitude } | null
 *   listLocalAreas(db) -> every shipped local authority area, by name (for the staff form's checkboxes)
 *
 * Offline: area names come from the shipped `local_areas`; postcodes from the imported ONS Postcode
 * Directory (`postcodes`). A postcodes.io-style HTTP lookup belongs to the search engineer's geocoder:
 * when it lands, this module should call it for postcodes not in the table.
 */
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/index.ts';

export interface Place {
  kind: 'area' | 'postcode';
  /** As shown back to her: the area's name, or the postcode as ONS writes it. */
  name: string;
  areaCode: string | null;
  latitude: number;
  longitude: number;
}

export type LocalArea = {
  code: string;
  name: string;
};

const POSTCODE = /^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$/i;

export async function listLocalAreas(db: DbOrTx): Promise<LocalArea[]> {
  const { rows } = await db.execute<LocalArea>(sql`select code, name from local_areas order by name, code`);
  return rows;
}

export async function resolvePlace(db: DbOrTx, text: string): Promise<Place | null> {
  const q = text.trim().replace(/\s+/g, ' ');
  if (!q || q.length > 100) return null;
  if (POSTCODE.test(q)) {
    const key = q.replace(/ /g, '').toUpperCase();
    const { rows } = await db.execute<{
      display: string;
      area_code: string | null;
      latitude: number;
      longitude: number;
    }>(
      sql`select display, area_code, latitude, longitude from postcodes where postcode = ${key} and terminated is null`,
    );
    const row = rows[0];
    if (!row) return null;
    return {
      kind: 'postcode',
      name: row.display,
      areaCode: row.area_code,
      latitude: row.latitude,
      longitude: row.longitude,
    };
  }
  // Exact name (English or Welsh) first, then a name that starts with or contains the words.
  const { rows } = await db.execute<{ code: string; name: string; latitude: number; longitude: number }>(sql`
    select code, name, latitude, longitude from local_areas
    where lower(name) = lower(${q}) or lower(name_welsh) = lower(${q})
      or lower(name) like lower(${`%${q.replace(/[%_\\]/g, '')}%`})
    order by (lower(name) = lower(${q}) or lower(name_welsh) = lower(${q})) desc,
      (lower(name) like lower(${`${q.replace(/[%_\\]/g, '')}%`})) desc, length(name), name
    limit 1`);
  const area = rows[0];
  if (!area) return null;
  return {
    kind: 'area',
    name: area.name,
    areaCode: area.code,
    latitude: area.latitude,
    longitude: area.longitude,
  };
}
