/**
 * A journey estimate good enough to say "about 25 minutes" or "about 70": from her postcode
 * district's centroid to the opportunity's (reference/geo/postcode_districts_uk.csv, ONS Postcode
 * Directory via doogal.co.uk; the service looks the centroids up), with no routing engine.
 *
 *   minutes = max(straight line, MIN_KM) × DETOUR ÷ speed of the mode × 60 + fixed minutes of the mode
 *
 * taking the quickest of the modes she can use. The constants, and where they come from:
 *
 * - DETOUR 1.3: the "route factor" (route distance over straight-line distance; Chapman 1979, Black
 *   2003), commonly taken as about 1.3 for Britain's roads; D. Olner ("How wiggly is Britain?",
 *   2015, from road routes across Great Britain) shows it is higher for short trips and lower for
 *   long ones, so short journeys come out a little quick and long ones a little slow.
 * - MIN_KM 1: both ends are district centroids, not her door or the workplace's; two places in the
 *   same district are still some way apart, so a journey inside one district is not zero.
 * - Walking 4.8 km/h and cycling 16 km/h: the speeds the Department for Transport's Journey Time
 *   Statistics assume.
 * - Bus 18 km/h in the vehicle (about 11 mph, a round figure for scheduled bus speeds in English
 *   cities outside central London; an assumption until timetable data is used) plus 13 minutes
 *   fixed: about 8 minutes' wait (half a 15-minute frequency) and 5 minutes' walking to and from stops.
 * - Train 40 km/h plus 20 minutes fixed (walking to a station, waiting, the last leg).
 * - Car 30 km/h (urban driving with junctions) plus 5 minutes to park and walk.
 *
 * Straight-line distance: equirectangular projection on a sphere of radius 6,371 km, within 0.1% of
 * the great circle at the distances anyone commutes.
 */
export const modes = ['walk', 'bus', 'train', 'car', 'cycle'] as const;
export type Mode = (typeof modes)[number];

export interface Point {
  lat: number;
  lng: number;
}

export const JOURNEY = {
  detour: 1.3,
  minKm: 1,
  /** No modes recorded: she walks or takes the bus. */
  defaultModes: ['walk', 'bus'] as readonly Mode[],
  speed: {
    walk: { kmh: 4.8, fixed: 0 },
    cycle: { kmh: 16, fixed: 0 },
    bus: { kmh: 18, fixed: 13 },
    train: { kmh: 40, fixed: 20 },
    car: { kmh: 30, fixed: 5 },
  } satisfies Record<Mode, { kmh: number; fixed: number }>,
} as const;

const R = 6371;
const RAD = Math.PI / 180;

/** Straight-line distance in km. */
export function distanceKm(a: Point, b: Point): number {
  const x = (b.lng - a.lng) * RAD * Math.cos(((a.lat + b.lat) / 2) * RAD);
  const y = (b.lat - a.lat) * RAD;
  return R * Math.sqrt(x * x + y * y);
}

/** Whole minutes by the quickest of her modes; null when either end is not known. */
export function journeyMinutes(
  from: Point | null,
  to: Point | null,
  travelModes: readonly Mode[],
): number | null {
  if (!from || !to) return null;
  const km = Math.max(distanceKm(from, to), JOURNEY.minKm) * JOURNEY.detour;
  let best = Number.POSITIVE_INFINITY;
  for (const m of travelModes.length ? travelModes : JOURNEY.defaultModes) {
    const s = JOURNEY.speed[m];
    if (!s) continue;
    const t = (km / s.kmh) * 60 + s.fixed;
    if (t < best) best = t;
  }
  // `| 0`: a small integer, so storing it never boxes a number (ranking stores one per item).
  return Number.isFinite(best) ? Math.round(best) | 0 : null;
}

/** How a journey is said: "about 70 min" rounds to 5 minutes (never below 5). */
export const aboutMinutes = (minutes: number) => Math.max(5, Math.round(minutes / 5) * 5);

/** The same, rounded up to 5 minutes: for a journey over her limit. */
export const aboutMinutesOver = (minutes: number) => Math.max(5, Math.ceil(minutes / 5) * 5);
