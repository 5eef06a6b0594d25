/**
 * Place search for "Find support" and the API's `postcode`:
 *
 *   findPlace(text, { geocoder, data? }) -> PlaceResult (resolve.ts: found, choices, outside, unknown)
 *
 * Works offline on a fresh install with the shipped postcode districts and areas (districts.ts,
 * resolve.ts). A full postcode is then refined to its exact point by the geocoder (an imported ONS
 * Postcode Directory, then POSTCODES_API_URL; see geocoder.ts) when it knows it; when the postcode
 * service cannot be reached, the district's centre still answers. Only a postcode whose district we do
 * not ship and the service cannot be asked about throws GeocoderUnavailableError.
 */
import { type PlaceData, placeData } from './districts.ts';
import { GeocoderUnavailableError, type PostcodeGeocoder } from './geocoder.ts';
import { type PlaceResult, postcodeShape, resolvePlace } from './resolve.ts';

export type { Place, PlaceChoice, PlaceResult } from './resolve.ts';

export async function findPlace(
  text: string,
  opts: { geocoder: PostcodeGeocoder; data?: PlaceData },
): Promise<PlaceResult> {
  const resolved = resolvePlace(opts.data ?? placeData(), text);
  const shape = postcodeShape(text.trim());
  if (!shape?.full || resolved.kind === 'outside') return resolved;
  try {
    const exact = await opts.geocoder.lookup(shape.display);
    if (!exact) return resolved;
    const areaCode = exact.areaCode ?? (resolved.kind === 'found' ? resolved.place.areaCode : null);
    return {
      kind: 'found',
      place: {
        kind: 'postcode',
        name: exact.postcode,
        areaCode,
        latitude: exact.latitude,
        longitude: exact.longitude,
      },
      others: [],
    };
  } catch (err) {
    if (err instanceof GeocoderUnavailableError && resolved.kind === 'found') return resolved;
    throw err;
  }
}
