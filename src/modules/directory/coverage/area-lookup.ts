/**
 * Which local authority area a point is in, from the shipped ONS boundaries
 * (reference/geo/ctyua_dec2023_ew_only_4dp.geojson: the 175 areas of England and Wales, December 2023,
 * coordinates rounded to 4 decimal places).
 *
 * - `areaBoundaries()` -> the 175 areas, each with its polygons rewound for d3-geo (outer rings
 *   clockwise, holes anticlockwise, as d3's spherical geometry expects) and a bounding box.
 * - `areaCodeAt(latitude, longitude)` -> the ONS code of the area containing the point (an even-odd
 *   ray cast in longitude/latitude, per polygon after a bounding-box check: about ten times faster
 *   than d3-geo's spherical `geoContains`, and the same answer at this scale), or, for a point just
 *   off the generalised coastline (a seafront, a pier), the nearest area within
 *   `COAST_TOLERANCE_KM`; null outside England and Wales.
 * - `assignLocationAreas(db)` -> fills `directory_location.area_code` for located places that have
 *   none (imports place a location when they write it; this catches rows written any other way).
 *   Idempotent; returns how many locations it assigned.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { and, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../platform/db/index.ts';
import { dirLocation } from '../schema.ts';

type Position = [number, number];
type Ring = Position[];
type PolygonCoords = Ring[];

export interface AreaBoundary {
  code: string;
  name: string;
  /** Polygons (outer ring first, then holes), wound as d3-geo expects. */
  polygons: PolygonCoords[];
  /** [minLon, minLat, maxLon, maxLat] */
  bbox: [number, number, number, number];
  /** The bounding box of each polygon, in the same order. */
  polygonBoxes: [number, number, number, number][];
  geometry: { type: 'MultiPolygon'; coordinates: PolygonCoords[] };
}

export const BOUNDARIES_FILE = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../reference/geo/ctyua_dec2023_ew_only_4dp.geojson',
);

/** How far off the generalised boundaries a point may lie and still be placed in the nearest area. */
export const COAST_TOLERANCE_KM = 2;

/** Twice the signed area in lon/lat with y up: positive for a clockwise ring. */
function clockwiseness(ring: Ring): number {
  let s = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    const [x1, y1] = ring[i]!;
    const [x2, y2] = ring[i + 1]!;
    s += (x2 - x1) * (y2 + y1);
  }
  return s;
}

function wound(ring: Ring, clockwise: boolean): Ring {
  return clockwiseness(ring) > 0 === clockwise ? ring : [...ring].reverse();
}

interface FeatureCollection {
  features: {
    properties: { code: string; name: string };
    geometry:
      | { type: 'Polygon'; coordinates: PolygonCoords }
      | { type: 'MultiPolygon'; coordinates: PolygonCoords[] };
  }[];
}

let boundaries: AreaBoundary[] | undefined;

function boxOf(ring: Ring): [number, number, number, number] {
  let minLon = Infinity;
  let minLat = Infinity;
  let maxLon = -Infinity;
  let maxLat = -Infinity;
  for (const [lon, lat] of ring) {
    if (lon < minLon) minLon = lon;
    if (lon > maxLon) maxLon = lon;
    if (lat < minLat) minLat = lat;
    if (lat > maxLat) maxLat = lat;
  }
  return [minLon, minLat, maxLon, maxLat];
}

/** Even-odd ray cast over every ring of a polygon (holes included), in longitude/latitude. */
function polygonContains(polygon: PolygonCoords, lon: number, lat: number): boolean {
  let inside = false;
  for (const ring of polygon) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i]!;
      const [xj, yj] = ring[j]!;
      if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

/** The 175 areas' boundaries, read once per process. */
export function areaBoundaries(): AreaBoundary[] {
  if (boundaries) return boundaries;
  const fc = JSON.parse(readFileSync(BOUNDARIES_FILE, 'utf8')) as FeatureCollection;
  boundaries = fc.features.map((f) => {
    const raw = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    const polygons = raw.map((rings) => rings.map((ring, i) => wound(ring, i === 0)));
    const polygonBoxes = polygons.map((p) => boxOf(p[0]!));
    return {
      code: f.properties.code,
      name: f.properties.name,
      polygons,
      polygonBoxes,
      bbox: [
        Math.min(...polygonBoxes.map((b) => b[0])),
        Math.min(...polygonBoxes.map((b) => b[1])),
        Math.max(...polygonBoxes.map((b) => b[2])),
        Math.max(...polygonBoxes.map((b) => b[3])),
      ],
      geometry: { type: 'MultiPolygon', coordinates: polygons },
    };
  });
  return boundaries;
}

const KM_PER_DEGREE = 111.32;

/** Distance in km from a point to the nearest edge of an area (a local flat approximation). */
function distanceToEdgesKm(area: AreaBoundary, lon: number, lat: number): number {
  const kx = KM_PER_DEGREE * Math.cos((lat * Math.PI) / 180);
  const ky = KM_PER_DEGREE;
  let best = Infinity;
  for (const polygon of area.polygons)
    for (const ring of polygon)
      for (let i = 0; i < ring.length - 1; i++) {
        const ax = (ring[i]![0] - lon) * kx;
        const ay = (ring[i]![1] - lat) * ky;
        const bx = (ring[i + 1]![0] - lon) * kx;
        const by = (ring[i + 1]![1] - lat) * ky;
        const dx = bx - ax;
        const dy = by - ay;
        const len = dx * dx + dy * dy;
        const t = len ? Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len)) : 0;
        const px = ax + t * dx;
        const py = ay + t * dy;
        best = Math.min(best, Math.sqrt(px * px + py * py));
      }
  return best;
}

/** The ONS code of the area a point is in; null when it is in none (outside England and Wales). */
export function areaCodeAt(latitude: number, longitude: number): string | null {
  if (!Number.isFinite(latitude) || !Number.isFinite(longitude)) return null;
  const areas = areaBoundaries();
  const inBox = (a: AreaBoundary, margin: number) =>
    longitude >= a.bbox[0] - margin &&
    longitude <= a.bbox[2] + margin &&
    latitude >= a.bbox[1] - margin &&
    latitude <= a.bbox[3] + margin;
  for (const a of areas) {
    if (!inBox(a, 0)) continue;
    for (let i = 0; i < a.polygons.length; i++) {
      const b = a.polygonBoxes[i]!;
      if (longitude < b[0] || longitude > b[2] || latitude < b[1] || latitude > b[3]) continue;
      if (polygonContains(a.polygons[i]!, longitude, latitude)) return a.code;
    }
  }
  // Just off the generalised coastline: the nearest area, when it is close enough.
  const margin = COAST_TOLERANCE_KM / 60; // degrees, generous at these latitudes
  let best: { code: string; km: number } | null = null;
  for (const a of areas) {
    if (!inBox(a, margin)) continue;
    const km = distanceToEdgesKm(a, longitude, latitude);
    if (km <= COAST_TOLERANCE_KM && (!best || km < best.km)) best = { code: a.code, km };
  }
  return best?.code ?? null;
}

/**
 * Places every located `directory_location` without an area code in its area. Locations outside
 * every area keep a null code (and are looked at again next time, which is cheap: a few at most).
 */
export async function assignLocationAreas(
  db: DbOrTx,
  opts: { locationIds?: string[] } = {},
): Promise<number> {
  const where = and(
    isNull(dirLocation.area_code),
    isNotNull(dirLocation.latitude),
    isNotNull(dirLocation.longitude),
    opts.locationIds ? inArray(dirLocation.id, opts.locationIds) : undefined,
  );
  const rows = await db
    .select({ id: dirLocation.id, latitude: dirLocation.latitude, longitude: dirLocation.longitude })
    .from(dirLocation)
    .where(where);
  const byCode = new Map<string, string[]>();
  for (const r of rows) {
    const code = areaCodeAt(r.latitude!, r.longitude!);
    if (!code) continue;
    const ids = byCode.get(code) ?? [];
    ids.push(r.id);
    byCode.set(code, ids);
  }
  let assigned = 0;
  for (const [code, ids] of byCode) {
    for (let i = 0; i < ids.length; i += 5000) {
      const part = ids.slice(i, i + 5000);
      await db
        .update(dirLocation)
        .set({ area_code: code, updated_at: sql`now()` })
        .where(and(inArray(dirLocation.id, part), isNull(dirLocation.area_code)));
      assigned += part.length;
    }
  }
  return assigned;
}

/** Used by tests: the area a location row ended up in. */
export async function locationAreaCode(db: DbOrTx, id: string): Promise<string | null> {
  const [row] = await db
    .select({ code: dirLocation.area_code })
    .from(dirLocation)
    .where(eq(dirLocation.id, id));
  return row?.code ?? null;
}
