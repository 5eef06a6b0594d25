/**
 * Postcodes to places, through a pluggable geocoder:
 *
 *   interface PostcodeGeocoder { lookup(postcode): Promise<PostcodeLocation | null> }
 *
 * - `tableGeocoder(db)`: the `postcodes` table, filled from the ONS Postcode Directory by
 *   `npm run geo:import-postcodes -- ONSPD.csv` (offline).
 * - `httpGeocoder(baseUrl)`: a postcodes.io-compatible service (`GET {baseUrl}/postcodes/{postcode}`),
 *   configured by POSTCODES_API_URL.
 * - `chainGeocoders(a, b)`: the first that knows the postcode.
 * - `createPostcodeGeocoder(db, { apiUrl })`: the table, then the HTTP service when configured.
 *
 * `lookup` returns null for a postcode nobody knows, and throws GeocoderUnavailableError when a
 * service could not be asked (so callers can say "try again" rather than "no such postcode").
 * The area is the upper-tier or unitary local authority (local_areas.code): the county for a
 * two-tier district.
 */
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../platform/db/index.ts';

export interface PostcodeLocation {
  /** As written by ONS, e.g. "SW1A 1AA". */
  postcode: string;
  latitude: number;
  longitude: number;
  /** ONS code of the local authority area (local_areas.code); null outside England and Wales. */
  areaCode: string | null;
}

export interface PostcodeGeocoder {
  lookup(postcode: string): Promise<PostcodeLocation | null>;
}

export class GeocoderUnavailableError extends Error {
  readonly status = 503;
}

/** A full UK postcode (the shapes Royal Mail issues, and GIR 0AA). */
const POSTCODE =
  /^(GIR ?0AA|[A-PR-UWYZ]([0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPS-UW]|[A-HK-Y][0-9][ABEHMNPRV-Y]) ?[0-9][ABD-HJLNP-UW-Z]{2})$/i;

/** "sw1a1aa" -> "SW1A 1AA"; null when the text is not shaped like a full UK postcode. */
export function normalisePostcode(text: string): string | null {
  const compact = text.replace(/\s+/g, '').toUpperCase();
  if (!POSTCODE.test(compact)) return null;
  return `${compact.slice(0, -3)} ${compact.slice(-3)}`;
}

/** The lookup key of the `postcodes` table: upper case, no spaces. */
export const postcodeKey = (postcode: string) => postcode.replace(/\s+/g, '').toUpperCase();

export function tableGeocoder(db: DbOrTx): PostcodeGeocoder {
  return {
    async lookup(postcode) {
      const { rows } = await db.execute<{
        display: string;
        latitude: number;
        longitude: number;
        area_code: string | null;
      }>(
        sql`select display, latitude, longitude, area_code from postcodes where postcode = ${postcodeKey(postcode)}`,
      );
      const row = rows[0];
      if (!row) return null;
      return {
        postcode: row.display,
        latitude: row.latitude,
        longitude: row.longitude,
        areaCode: row.area_code,
      };
    },
  };
}

interface PostcodesIoResult {
  postcode?: string;
  latitude?: number | null;
  longitude?: number | null;
  codes?: { admin_district?: string; admin_county?: string };
}

/**
 * A postcodes.io-compatible service. The area comes from its county code, else its district code,
 * whichever is one of the shipped areas (`areaCodes`; without it, any English or Welsh code that is
 * not a two-tier district's).
 */
export function httpGeocoder(
  baseUrl: string,
  opts: { timeoutMs?: number; areaCodes?: ReadonlySet<string> | (() => Promise<ReadonlySet<string>>) } = {},
): PostcodeGeocoder {
  const base = baseUrl.replace(/\/+$/, '');
  return {
    async lookup(postcode) {
      let res: Response;
      try {
        res = await fetch(`${base}/postcodes/${encodeURIComponent(postcode)}`, {
          headers: { accept: 'application/json' },
          signal: AbortSignal.timeout(opts.timeoutMs ?? 3000),
        });
      } catch (err) {
        throw new GeocoderUnavailableError(`postcode service unreachable: ${(err as Error).message}`);
      }
      if (res.status === 404) return null;
      if (!res.ok) throw new GeocoderUnavailableError(`postcode service answered ${res.status}`);
      let body: { result?: PostcodesIoResult };
      try {
        body = (await res.json()) as { result?: PostcodesIoResult };
      } catch {
        throw new GeocoderUnavailableError('postcode service sent something other than JSON');
      }
      const r = body.result;
      if (!r || typeof r.latitude !== 'number' || typeof r.longitude !== 'number') return null;
      const known = typeof opts.areaCodes === 'function' ? await opts.areaCodes() : opts.areaCodes;
      const candidates = [r.codes?.admin_county, r.codes?.admin_district].filter(
        (c): c is string => typeof c === 'string' && /^[EW]\d{8}$/.test(c),
      );
      const areaCode =
        candidates.find((c) => (known ? known.has(c) : !c.startsWith('E07') && c !== 'E99999999')) ?? null;
      return {
        postcode: r.postcode ?? normalisePostcode(postcode) ?? postcode,
        latitude: r.latitude,
        longitude: r.longitude,
        areaCode,
      };
    },
  };
}

/** Asks each geocoder in turn; the first that knows the postcode answers. */
export function chainGeocoders(...geocoders: PostcodeGeocoder[]): PostcodeGeocoder {
  return {
    async lookup(postcode) {
      let unavailable: unknown;
      for (const g of geocoders) {
        try {
          const found = await g.lookup(postcode);
          if (found) return found;
        } catch (err) {
          if (!(err instanceof GeocoderUnavailableError)) throw err;
          unavailable ??= err;
        }
      }
      if (unavailable) throw unavailable;
      return null;
    },
  };
}

/** The imported postcodes, then the configured postcodes.io-compatible service (if any). */
export function createPostcodeGeocoder(db: DbOrTx, opts: { apiUrl?: string }): PostcodeGeocoder {
  const table = tableGeocoder(db);
  if (!opts.apiUrl) return table;
  let codes: Promise<ReadonlySet<string>> | undefined;
  const areaCodes = () => {
    codes ??= db
      .execute<{ code: string }>(sql`select code from local_areas`)
      .then(({ rows }) => new Set(rows.map((r) => r.code)));
    return codes;
  };
  return chainGeocoders(table, httpGeocoder(opts.apiUrl, { areaCodes }));
}
