/**
 * The map's geometry and the areas' neighbours, from the shipped ONS boundaries (read through the
 * directory module's `areaBoundaries`, which winds the rings as d3-geo expects).
 *
 * Map: a transverse Mercator centred on 2°W (the meridian of the British National Grid) fitted to
 * the width with d3-geo; each ring projected, simplified (Douglas-Peucker, a fraction of a pixel)
 * and written as a short relative SVG path with one decimal. London's 33 areas are too small to
 * click at this scale, so they are drawn again, larger, in an inset over the North Sea; in the main
 * map they are drawn but are not links. Computed once per process.
 *
 * Neighbours: two areas are neighbours when their boundaries touch (share a vertex) or come within
 * `NEAR_KM` of each other (the generalised boundaries are clipped to the coastline, so areas facing
 * each other across a river, such as Westminster and Lambeth, do not share a vertex); an area with
 * none (an island: the Isle of Wight, Anglesey, the Isles of Scilly) gets the `FALLBACK_NEAREST`
 * areas with the nearest centres instead.
 */
import { type GeoProjection, geoPath, geoTransverseMercator } from 'd3-geo';
import { type AreaBoundary, areaBoundaries } from '../directory/index.ts';

export const MAP_WIDTH = 520;
const PAD = 8;
const TOLERANCE_PX = 0.35;
export const NEAR_KM = 0.5;
export const FALLBACK_NEAREST = 3;

export interface MapShape {
  code: string;
  name: string;
  /** SVG path data. */
  d: string;
}

export interface MapGeometry {
  width: number;
  height: number;
  shapes: MapShape[];
  inset: { x: number; y: number; width: number; height: number; shapes: MapShape[] };
}

export const isLondon = (code: string) => code.startsWith('E09');

type Point = [number, number];

function perpendicular(p: Point, a: Point, b: Point): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len = Math.hypot(dx, dy);
  if (!len) return Math.hypot(p[0] - a[0], p[1] - a[1]);
  return Math.abs(dy * p[0] - dx * p[1] + b[0] * a[1] - b[1] * a[0]) / len;
}

/** Douglas-Peucker on an open polyline (iterative). */
function simplifyLine(points: Point[], tolerance: number): Point[] {
  if (points.length < 3) return points;
  const keep = new Uint8Array(points.length);
  keep[0] = 1;
  keep[points.length - 1] = 1;
  const stack: [number, number][] = [[0, points.length - 1]];
  while (stack.length) {
    const [first, last] = stack.pop()!;
    let worst = -1;
    let index = -1;
    for (let i = first + 1; i < last; i++) {
      const d = perpendicular(points[i]!, points[first]!, points[last]!);
      if (d > worst) {
        worst = d;
        index = i;
      }
    }
    if (worst > tolerance) {
      keep[index] = 1;
      stack.push([first, index], [index, last]);
    }
  }
  return points.filter((_, i) => keep[i]);
}

/** A closed ring: split at the point farthest from the first, simplify both halves. */
function simplifyRing(ring: Point[], tolerance: number): Point[] {
  const open =
    ring.length > 1 && ring[0]![0] === ring.at(-1)![0] && ring[0]![1] === ring.at(-1)![1]
      ? ring.slice(0, -1)
      : ring;
  if (open.length < 4) return open;
  let far = 0;
  let best = -1;
  for (let i = 1; i < open.length; i++) {
    const d = Math.hypot(open[i]![0] - open[0]![0], open[i]![1] - open[0]![1]);
    if (d > best) {
      best = d;
      far = i;
    }
  }
  const a = simplifyLine(open.slice(0, far + 1), tolerance);
  const b = simplifyLine([...open.slice(far), open[0]!], tolerance);
  return [...a, ...b.slice(1, -1)];
}

/** A number with one decimal at most, as short as SVG allows ("-0.5" -> "-.5", "3.0" -> "3"). */
function num(tenths: number): string {
  const s = (tenths / 10).toString();
  return s.replace(/^(-?)0\./, '$1.');
}

function ringPath(points: Point[]): string {
  let out = '';
  let px = 0;
  let py = 0;
  let n = 0;
  for (const [x, y] of points) {
    const tx = Math.round(x * 10);
    const ty = Math.round(y * 10);
    if (n === 0) out += `M${num(tx)} ${num(ty)}`;
    else {
      const dx = tx - px;
      const dy = ty - py;
      if (!dx && !dy) continue;
      const sx = num(dx);
      const sy = num(dy);
      out += `${n === 1 ? 'l' : sx.startsWith('-') ? '' : ' '}${sx}${sy.startsWith('-') ? '' : ' '}${sy}`;
    }
    px = tx;
    py = ty;
    n++;
  }
  return n >= 3 ? `${out}z` : '';
}

function areaPath(area: AreaBoundary, projection: GeoProjection, tolerance: number): string {
  const parts: { d: string; size: number }[] = [];
  for (const polygon of area.polygons) {
    for (const ring of polygon) {
      const projected = ring.map((p) => projection(p as [number, number])!) as Point[];
      const simplified = simplifyRing(projected, tolerance);
      const d = ringPath(simplified);
      if (d) parts.push({ d, size: simplified.length });
    }
  }
  // Keep every area visible: when simplification dropped everything, draw its largest ring unsimplified.
  if (!parts.length) {
    const largest = area.polygons.map((p) => p[0]!).sort((a, b) => b.length - a.length)[0]!;
    return ringPath(largest.map((p) => projection(p as [number, number])!) as Point[]);
  }
  return parts.map((p) => p.d).join('');
}

function collection(areas: AreaBoundary[]) {
  return {
    type: 'FeatureCollection' as const,
    features: areas.map((a) => ({ type: 'Feature' as const, properties: {}, geometry: a.geometry })),
  };
}

let geometry: MapGeometry | undefined;

/** The map of the 175 areas (and the London inset), computed once. */
export function mapGeometry(): MapGeometry {
  if (geometry) return geometry;
  const areas = areaBoundaries();
  const projection = geoTransverseMercator()
    .rotate([2, 0])
    .fitWidth(MAP_WIDTH - 2 * PAD, collection(areas) as never);
  const [[, y0], [, y1]] = geoPath(projection).bounds(collection(areas) as never);
  projection.translate([projection.translate()[0] + PAD, projection.translate()[1] - y0 + PAD]);
  const height = Math.ceil(y1 - y0 + 2 * PAD);
  const shapes = areas.map((a) => ({ code: a.code, name: a.name, d: areaPath(a, projection, TOLERANCE_PX) }));

  // The inset sits over the North Sea, top right, where the map has no land.
  const london = areas.filter((a) => isLondon(a.code));
  const inset = { x: MAP_WIDTH - 168, y: PAD, width: 160, height: 128 };
  const londonProjection = geoTransverseMercator()
    .rotate([2, 0])
    .fitExtent(
      [
        [inset.x + 6, inset.y + 6],
        [inset.x + inset.width - 6, inset.y + inset.height - 6],
      ],
      collection(london) as never,
    );
  geometry = {
    width: MAP_WIDTH,
    height,
    shapes,
    inset: {
      ...inset,
      shapes: london.map((a) => ({
        code: a.code,
        name: a.name,
        d: areaPath(a, londonProjection, TOLERANCE_PX),
      })),
    },
  };
  return geometry;
}

let neighbourMap: Map<string, string[]> | undefined;

/** Each area's neighbours (codes, sorted), computed once from the boundaries. */
export function neighbours(): Map<string, string[]> {
  if (neighbourMap) return neighbourMap;
  const areas = areaBoundaries();
  const found = new Map<string, Set<string>>(areas.map((a) => [a.code, new Set<string>()]));
  // A grid of every boundary vertex; cells a little larger than NEAR_KM.
  const cell = 0.01;
  const grid = new Map<string, { code: string; lon: number; lat: number }[]>();
  for (const a of areas)
    for (const polygon of a.polygons)
      for (const ring of polygon)
        for (const [lon, lat] of ring) {
          const key = `${Math.floor(lon / cell)},${Math.floor(lat / cell)}`;
          const list = grid.get(key) ?? [];
          list.push({ code: a.code, lon, lat });
          grid.set(key, list);
        }
  for (const [key, list] of grid) {
    const [gx, gy] = key.split(',').map(Number) as [number, number];
    const nearby = [];
    for (let dx = -1; dx <= 1; dx++)
      for (let dy = -1; dy <= 1; dy++) nearby.push(...(grid.get(`${gx + dx},${gy + dy}`) ?? []));
    for (const p of list)
      for (const q of nearby) {
        if (p.code === q.code || found.get(p.code)!.has(q.code)) continue;
        const kx = 111.32 * Math.cos((p.lat * Math.PI) / 180);
        const km = Math.hypot((p.lon - q.lon) * kx, (p.lat - q.lat) * 111.32);
        if (km <= NEAR_KM) {
          found.get(p.code)!.add(q.code);
          found.get(q.code)!.add(p.code);
        }
      }
  }
  const centre = new Map(
    areas.map((a) => [a.code, [(a.bbox[0] + a.bbox[2]) / 2, (a.bbox[1] + a.bbox[3]) / 2] as const]),
  );
  neighbourMap = new Map();
  for (const a of areas) {
    let list = [...found.get(a.code)!];
    if (!list.length) {
      const [lon, lat] = centre.get(a.code)!;
      list = areas
        .filter((b) => b.code !== a.code)
        .map((b) => {
          const [blon, blat] = centre.get(b.code)!;
          return { code: b.code, d: Math.hypot((blon - lon) * Math.cos((lat * Math.PI) / 180), blat - lat) };
        })
        .sort((x, y) => x.d - y.d)
        .slice(0, FALLBACK_NEAREST)
        .map((x) => x.code);
    }
    neighbourMap.set(a.code, list.sort());
  }
  return neighbourMap;
}
