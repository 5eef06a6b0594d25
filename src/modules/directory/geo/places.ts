/**
 * Place search for "Find support" and the API: a postcode, or a local authority area by name.
 *
 *   findPlaces(db, text, { geocoder }) -> Place[] (best first; [] when nothing fits)
 *   findPlace(db, text, { geocoder })  -> Place | null
 *
 * Area names work offline with the 175 shipped areas, in any case and with typing slips
 * ("manchestr", "newcastle", "hull", "caerdydd"): pg_trgm similarity to the English or Welsh name, or
 * the typed words found within a longer name ("Kingston upon Hull, City of"). Postcodes go to the
 * geocoder (see geocoder.ts); a postcode-shaped text that no geocoder knows finds nothing, and an
 * unreachable postcode service throws GeocoderUnavailableError.
 */
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../platform/db/index.ts';
import { normalisePostcode, type PostcodeGeocoder } from './geocoder.ts';

export interface Place {
  kind: 'area' | 'postcode';
  /** The area's name, or the postcode as ONS writes it. */
  name: string;
  areaCode: string | null;
  latitude: number;
  longitude: number;
}

/** How alike a typed name and an area's name must be (pg_trgm similarity, 0..1). */
const MIN_SCORE = 0.35;

export async function findPlaces(
  db: DbOrTx,
  text: string,
  opts: { geocoder: PostcodeGeocoder; limit?: number },
): Promise<Place[]> {
  const q = text.trim().replace(/\s+/g, ' ');
  if (!q || q.length > 100) return [];
  const postcode = normalisePostcode(q);
  if (postcode) {
    const found = await opts.geocoder.lookup(postcode);
    return found
      ? [
          {
            kind: 'postcode',
            name: found.postcode,
            areaCode: found.areaCode,
            latitude: found.latitude,
            longitude: found.longitude,
          },
        ]
      : [];
  }
  const { rows } = await db.execute<{
    code: string;
    name: string;
    latitude: number;
    longitude: number;
    score: number;
  }>(sql`
    with q as (select lower(wayfinder_unaccent(${q})) as q)
    select code, name, latitude, longitude, score from (
      select la.code, la.name, la.latitude, la.longitude,
        greatest(
          similarity(lower(wayfinder_unaccent(la.name)), q.q),
          similarity(lower(wayfinder_unaccent(coalesce(la.name_welsh, ''))), q.q),
          case when length(q.q) >= 4 then word_similarity(q.q, lower(wayfinder_unaccent(la.name))) else 0 end,
          case when lower(wayfinder_unaccent(la.name)) = q.q or lower(wayfinder_unaccent(la.name_welsh)) = q.q then 2 else 0 end
        ) as score
      from local_areas la, q) x
    where score >= ${MIN_SCORE}
    order by score desc, length(name), name
    limit ${opts.limit ?? 5}`);
  return rows.map((r) => ({
    kind: 'area',
    name: r.name,
    areaCode: r.code,
    latitude: r.latitude,
    longitude: r.longitude,
  }));
}

export async function findPlace(
  db: DbOrTx,
  text: string,
  opts: { geocoder: PostcodeGeocoder },
): Promise<Place | null> {
  const [best] = await findPlaces(db, text, { ...opts, limit: 1 });
  return best ?? null;
}
