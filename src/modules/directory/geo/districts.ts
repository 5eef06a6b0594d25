/**
 * The shipped place data, read once: the 3,115 UK postcode districts
 * (reference/geo/postcode_districts_uk.csv, doogal.co.uk from the ONS Postcode Directory, OGL) and the
 * 175 local authority areas of England and Wales (reference/geo/upper_tier_authorities_ew_2023.csv).
 *
 *   placeData() -> PlaceData (memoised; about 150 ms the first time, nothing after)
 *
 * Each district is given the upper-tier area its centroid lies in (the shipped ONS boundaries, as the
 * coverage map places services), not the file's `Region`, which names lower-tier districts ("Cambridge")
 * and old names ("Newcastle"); a centroid off the generalised coast (Isles of Scilly) falls back to
 * `Region` when it names an area. Districts outside England and Wales keep a null area and their
 * country, so a search there can say so. Non-geographic districts (no centroid) are left out.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { areaCodeAt } from '../coverage/area-lookup.ts';
import { parseCsvObjects } from '../csv.ts';

export interface District {
  /** The outward code, e.g. "LS1". */
  code: string;
  latitude: number;
  longitude: number;
  /** Towns and neighbourhoods the district covers ("Brixton", "Brixton Hill", ...). */
  towns: string[];
  /** Post towns ("London", "Ilford"). */
  postTowns: string[];
  /** ONS code of the upper-tier area (local_areas.code); null outside England and Wales. */
  areaCode: string | null;
  /** "Scotland", "Northern Ireland", "Wales", an English region, or "" (Channel Islands, Isle of Man). */
  region: string;
  /** How many people live there (or an estimate from its active postcodes), to weigh namesakes. */
  weight: number;
}

export interface Area {
  code: string;
  name: string;
  nameWelsh: string | null;
  latitude: number;
  longitude: number;
}

export interface PlaceData {
  districts: ReadonlyMap<string, District>;
  areas: ReadonlyMap<string, Area>;
}

const REFERENCE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../reference/geo');

/** "Non-geographic" and blank entries are no town. */
const towns = (list: string | undefined) =>
  (list ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t && !/^non-geographic$/i.test(t));

/** Builds the data from the two files' text; separate from the reading so tests can feed it. */
export function buildPlaceData(districtsCsv: string, areasCsv: string): PlaceData {
  const areas = new Map<string, Area>();
  for (const a of parseCsvObjects(areasCsv)) {
    if (!a.code || !a.name) continue;
    areas.set(a.code, {
      code: a.code,
      name: a.name,
      nameWelsh: a.name_welsh ?? null,
      latitude: Number(a.lat),
      longitude: Number(a.long),
    });
  }
  const byName = new Map([...areas.values()].map((a) => [a.name.toLowerCase(), a.code]));
  const districts = new Map<string, District>();
  for (const r of parseCsvObjects(districtsCsv)) {
    const latitude = Number(r.Latitude);
    const longitude = Number(r.Longitude);
    if (!r.Postcode || !r.Latitude || !Number.isFinite(latitude) || !Number.isFinite(longitude)) continue;
    const region = r['UK region'] ?? '';
    const inScope = region !== '' && region !== 'Scotland' && region !== 'Northern Ireland';
    const areaCode = inScope
      ? (areaCodeAt(latitude, longitude) ?? byName.get((r.Region ?? '').trim().toLowerCase()) ?? null)
      : null;
    districts.set(r.Postcode.toUpperCase(), {
      code: r.Postcode.toUpperCase(),
      latitude,
      longitude,
      towns: towns(r['Town/Area']),
      postTowns: towns(r['Post Town']),
      areaCode,
      region,
      weight: Number(r.Population) || Number(r['Active postcodes'] ?? 0) * 30 || 1,
    });
  }
  return { districts, areas };
}

let cached: PlaceData | undefined;

export function placeData(): PlaceData {
  cached ??= buildPlaceData(
    readFileSync(path.join(REFERENCE, 'postcode_districts_uk.csv'), 'utf8'),
    readFileSync(path.join(REFERENCE, 'upper_tier_authorities_ew_2023.csv'), 'utf8'),
  );
  return cached;
}
