/**
 * Test helpers: write small, clearly fictional services through the directory's own import path
 * (ingestDocument + writeRowSet), so tests search exactly what an import would have stored.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../../../platform/db/index.ts';
import { ingestDocument } from '../ingest.ts';
import { writeRowSet } from '../store.ts';
import { ensureShippedTaxonomies, linkTypeFor, taxonomyOf, termByCode } from '../taxonomies.ts';

export interface FixtureLocation {
  name?: string;
  latitude?: number;
  longitude?: number;
  withheld?: boolean;
  areaCode?: string;
  address1?: string;
  city?: string;
  postcode?: string;
  languages?: string[];
}

export interface FixtureService {
  id?: string;
  name: string;
  description: string;
  status?: 'active' | 'inactive' | 'defunct' | 'temporarily closed';
  /** Shipped term codes, e.g. 'mental-health', 'women-only', 'drop-in'. */
  terms?: string[];
  /** ONS codes of the areas served. */
  areaCodes?: string[];
  locations?: FixtureLocation[];
  /** ISO 639-1 codes. */
  languages?: string[];
  free?: boolean;
  schedules?: {
    freq?: string;
    byday?: string;
    bymonthday?: string;
    opens?: string;
    closes?: string;
    description?: string;
  }[];
  organization?: { id: string; name: string };
  minimumAge?: number;
  maximumAge?: number;
  lastModified?: string;
  email?: string;
  url?: string;
}

const names = new Intl.DisplayNames(['en'], { type: 'language' });

/** An HSDS 3.0 service_full document for a fixture service. */
export function fixtureDocument(f: FixtureService): Record<string, unknown> & { id: string } {
  const id = f.id ?? randomUUID();
  const organization = f.organization ?? { id: randomUUID(), name: `${f.name} organisation` };
  return {
    id,
    name: f.name,
    description: f.description,
    status: f.status ?? 'active',
    email: f.email,
    url: f.url,
    minimum_age: f.minimumAge,
    maximum_age: f.maximumAge,
    last_modified: f.lastModified ?? '2026-01-01T00:00:00.000Z',
    organization: { id: organization.id, name: organization.name, description: organization.name },
    attributes: (f.terms ?? []).map((code) => {
      const term = termByCode(code);
      if (!term) throw new Error(`no shipped term ${code}`);
      const taxonomy = taxonomyOf(term);
      return {
        id: randomUUID(),
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
    }),
    service_areas: (f.areaCodes ?? []).map((code) => ({
      id: randomUUID(),
      name: code,
      extent: code,
      extent_type: 'gss_code',
    })),
    languages: (f.languages ?? []).map((code) => ({ id: randomUUID(), code, name: names.of(code) })),
    cost_options: f.free
      ? [{ id: randomUUID(), option: 'Free', amount: 0, currency: 'GBP' }]
      : [{ id: randomUUID(), option: 'Per session', amount: 10, currency: 'GBP' }],
    schedules: (f.schedules ?? []).map((s) => ({
      id: randomUUID(),
      freq: s.freq ?? 'WEEKLY',
      byday: s.byday,
      bymonthday: s.bymonthday,
      opens_at: s.opens,
      closes_at: s.closes,
      description: s.description,
    })),
    service_at_locations: (f.locations ?? []).map((l, i) => ({
      id: randomUUID(),
      location: {
        id: randomUUID(),
        location_type: 'physical',
        name: l.name ?? `${f.name} venue ${i + 1}`,
        latitude: l.latitude,
        longitude: l.longitude,
        x_withheld: l.withheld || undefined,
        x_area_code: l.areaCode,
        languages: (l.languages ?? []).map((code) => ({ id: randomUUID(), code, name: names.of(code) })),
        addresses: l.address1
          ? [
              {
                id: randomUUID(),
                address_1: l.address1,
                city: l.city ?? 'Testtown',
                state_province: l.city ?? 'Testtown',
                postal_code: l.postcode ?? 'ZZ1 1ZZ',
                country: 'GB',
                address_type: 'physical',
              },
            ]
          : [],
      },
    })),
  };
}

/** Writes fixture services (and the shipped taxonomies); returns their ids in order. */
export async function addServices(db: Db, services: FixtureService[]): Promise<string[]> {
  await ensureShippedTaxonomies(db);
  const ids: string[] = [];
  await db.transaction(async (tx) => {
    for (const f of services) {
      const doc = fixtureDocument(f);
      const result = ingestDocument(doc, 'service');
      if (result.problems.length) throw new Error(`fixture ${f.name}: ${JSON.stringify(result.problems)}`);
      await writeRowSet(tx, result.set, { source: 'test fixture' });
      ids.push(doc.id);
    }
  });
  return ids;
}
