/** Distances in SQL for directory search: exact great-circle metres, and the index's lower bound. */
import { type SQL, sql } from 'drizzle-orm';

export type Point = { latitude: number; longitude: number };

const EARTH_RADIUS = 6_371_000;
/** The sphere earthdistance's ll_to_earth places points on (its earth() function). */
const EARTHDISTANCE_RADIUS = 6_378_168;

/** Great-circle metres (haversine) from `p` to the point (lat, lon): plain arithmetic, fast per row. */
export function haversine(p: Point, lat: SQL, lon: SQL): SQL {
  const cosP = Math.cos((p.latitude * Math.PI) / 180);
  return sql`(${2 * EARTH_RADIUS} * asin(least(1, sqrt(power(sin(radians(${lat} - ${p.latitude}::float8) / 2), 2)
    + ${cosP}::float8 * cos(radians(${lat})) * power(sin(radians(${lon} - ${p.longitude}::float8) / 2), 2)))))`;
}

/** Metres from `p` to the nearest of the points in two parallel arrays (null when there are none). */
export function nearestOf(p: Point, lats: SQL, lons: SQL): SQL {
  return sql`case cardinality(${lats}) when 0 then null::float8
    when 1 then ${haversine(p, sql`${lats}[1]`, sql`${lons}[1]`)}
    else (select min(${haversine(p, sql`u.a`, sql`u.b`)}) from unnest(${lats}, ${lons}) as u(a, b)) end`;
}

/** SQL: the straight-line distance from an earth-centred point (or box) to `p`, the GiST index's order. */
export function earthGap(p: Point, earth: SQL): SQL {
  return sql`(${earth} <-> ll_to_earth(${p.latitude}::float8, ${p.longitude}::float8))`;
}

/**
 * The great-circle metres (as `haversine` measures them) that a straight-line gap of `chord` metres
 * (as `earthGap` measures it) guarantees at least: nothing in the box is nearer than this.
 */
export function chordFloorMetres(chord: number): number {
  const angle = 2 * Math.asin(Math.min(1, chord / (2 * EARTHDISTANCE_RADIUS)));
  // A metre off for rounding in either formula: a floor may be low, never high.
  return Math.max(0, EARTH_RADIUS * angle - 1);
}

/** `chordFloorMetres` in SQL. */
export function chordFloorSql(chord: SQL): SQL {
  return sql`(${EARTH_RADIUS}::float8 * 2 * asin(least(1, ${chord} / ${2 * EARTHDISTANCE_RADIUS}::float8)) - 1)`;
}

/**
 * SQL, on the search row `d`: metres from `near` to its nearest public location (`distance`), and,
 * for a service with none, to the nearest centre of its areas (`areaDistance`, measured only then).
 * Search ranks by the first, else the second. Both null without `near`.
 */
export function serviceDistances(near: Point | undefined): { distance: SQL; areaDistance: SQL } {
  return {
    distance: near ? nearestOf(near, sql`d.latitudes`, sql`d.longitudes`) : sql`null::float8`,
    areaDistance: near
      ? sql`case when cardinality(d.latitudes) = 0 then ${nearestOf(near, sql`d.area_latitudes`, sql`d.area_longitudes`)} end`
      : sql`null::float8`,
  };
}
