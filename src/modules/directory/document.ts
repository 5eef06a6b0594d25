/**
 * The one builder of a Wayfinder-shaped HSDS 3.0 service_full document from a plain description:
 * the test fixtures (tests/support/) and the bench generators build their services with it, and the
 * staff form and the demo seed share its term attribute and ids. It only builds; the document is
 * validated when it is ingested (ingest.ts), like any other.
 */
import { createHash } from 'node:crypto';
import type { ServiceStatus } from './schema.ts';
import { linkTypeFor, type ShippedTerm, taxonomyOf } from './taxonomies.ts';

/** A stable UUID (version 5 style) from a string: the same name always gives the same id. */
export function nameBasedId(name: string): string {
  const h = createHash('sha1').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((Number.parseInt(h.slice(16, 17), 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The attribute that files a service under one of the shipped taxonomy terms. */
export function termAttribute(id: string, term: ShippedTerm) {
  const taxonomy = taxonomyOf(term);
  return {
    id,
    link_type: linkTypeFor(term.taxonomyId),
    link_entity: 'service',
    taxonomy_term: {
      id: term.id,
      code: term.code,
      name: term.name,
      description: term.description,
      taxonomy: taxonomy.name,
      taxonomy_id: taxonomy.id,
      language: 'en',
    },
  };
}

export interface LocationDescription {
  name: string;
  latitude?: number;
  longitude?: number;
  /** A refuge or safe house: published without its address or coordinates. */
  withheld?: boolean;
  /** The ONS code of its area, when the feed gives it rather than its coordinates. */
  areaCode?: string;
  /** ISO 639-1 codes of the languages spoken there. */
  languages?: string[];
  address?: { line1: string; city: string; postcode: string };
}

export interface ServiceDescription {
  id: string;
  name: string;
  description?: string;
  status?: ServiceStatus;
  url?: string;
  email?: string;
  minimumAge?: number;
  maximumAge?: number;
  /** ISO date-time. */
  lastModified?: string;
  organization?: { id: string; name: string; description?: string };
  phones?: string[];
  terms?: ShippedTerm[];
  /** ONS codes of the areas it serves. */
  areas?: string[];
  /** ISO 639-1 codes. */
  languages?: string[];
  costs?: { option: string; amount: number; currency?: string }[];
  schedules?: {
    freq?: string;
    byday?: string;
    bymonthday?: string;
    /** HH:MM or HH:MM:SS. */
    opens?: string;
    closes?: string;
    description?: string;
  }[];
  locations?: LocationDescription[];
}

const languageNames = new Intl.DisplayNames(['en'], { type: 'language' });
const language = (id: string, code: string) => ({ id, code, name: languageNames.of(code) ?? code });

/**
 * An HSDS 3.0 service_full document. `idOf` names the id of each part from its role ('phone/0',
 * 'term/<term id>', 'area/<code>', 'language/<code>', 'cost/0', 'schedule/0', 'sal/0', 'location/0',
 * 'location/0/address', 'location/0/language/<code>'); by default a name-based id from the service's
 * id, so building the same service again gives the same ids (a re-import replaces, never duplicates).
 */
export function serviceDocument(
  d: ServiceDescription,
  idOf: (part: string) => string = (part) => nameBasedId(`${d.id}/${part}`),
): Record<string, unknown> & { id: string } {
  const org = d.organization;
  return {
    id: d.id,
    name: d.name,
    description: d.description,
    status: d.status ?? 'active',
    url: d.url,
    email: d.email,
    minimum_age: d.minimumAge,
    maximum_age: d.maximumAge,
    last_modified: d.lastModified,
    organization: org && { id: org.id, name: org.name, description: org.description ?? org.name },
    phones: d.phones?.map((number, i) => ({ id: idOf(`phone/${i}`), number })),
    attributes: d.terms?.map((term) => termAttribute(idOf(`term/${term.id}`), term)),
    service_areas: d.areas?.map((code) => ({
      id: idOf(`area/${code}`),
      name: code,
      extent: code,
      extent_type: 'gss_code',
    })),
    languages: d.languages?.map((code) => language(idOf(`language/${code}`), code)),
    cost_options: d.costs?.map((c, i) => ({
      id: idOf(`cost/${i}`),
      option: c.option,
      amount: c.amount,
      currency: c.currency ?? 'GBP',
    })),
    schedules: d.schedules?.map((s, i) => ({
      id: idOf(`schedule/${i}`),
      freq: s.freq ?? 'WEEKLY',
      byday: s.byday,
      bymonthday: s.bymonthday,
      opens_at: s.opens,
      closes_at: s.closes,
      description: s.description,
    })),
    service_at_locations: d.locations?.map((l, i) => ({
      id: idOf(`sal/${i}`),
      location: {
        id: idOf(`location/${i}`),
        location_type: 'physical',
        name: l.name,
        latitude: l.latitude,
        longitude: l.longitude,
        x_withheld: l.withheld || undefined,
        x_area_code: l.areaCode,
        languages: l.languages?.map((code) => language(idOf(`location/${i}/language/${code}`), code)),
        addresses: l.address && [
          {
            id: idOf(`location/${i}/address`),
            address_1: l.address.line1,
            city: l.address.city,
            state_province: l.address.city,
            postal_code: l.address.postcode,
            country: 'GB',
            address_type: 'physical',
          },
        ],
      },
    })),
  };
}
