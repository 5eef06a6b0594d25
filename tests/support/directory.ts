/**
 * Test helpers: write small, clearly fictional services (built by the directory's serviceDocument)
 * through the directory's own import path (ingestDocument + writeRowSet), so tests search exactly
 * what an import would have stored.
 */
import { randomUUID } from 'node:crypto';
import { type ServiceDescription, serviceDocument } from '../../src/modules/directory/document.ts';
import { ingestDocument } from '../../src/modules/directory/ingest.ts';
import { writeRowSet } from '../../src/modules/directory/store.ts';
import {
  ensureShippedTaxonomies,
  type ShippedTerm,
  termByCode,
} from '../../src/modules/directory/taxonomies.ts';
import type { Db } from '../../src/platform/db/index.ts';

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
  schedules?: ServiceDescription['schedules'];
  organization?: { id: string; name: string };
  minimumAge?: number;
  maximumAge?: number;
  lastModified?: string;
  email?: string;
  url?: string;
}

/** An HSDS 3.0 service_full document for a fixture service (a fresh id unless it names one). */
export function fixtureDocument(f: FixtureService): Record<string, unknown> & { id: string } {
  const organization = f.organization ?? { id: randomUUID(), name: `${f.name} organisation` };
  return serviceDocument({
    id: f.id ?? randomUUID(),
    name: f.name,
    description: f.description,
    status: f.status,
    email: f.email,
    url: f.url,
    minimumAge: f.minimumAge,
    maximumAge: f.maximumAge,
    lastModified: f.lastModified ?? '2026-01-01T00:00:00.000Z',
    organization,
    terms: (f.terms ?? []).map(shippedTerm),
    areas: f.areaCodes ?? [],
    languages: f.languages ?? [],
    costs: [f.free ? { option: 'Free', amount: 0 } : { option: 'Per session', amount: 10 }],
    schedules: f.schedules ?? [],
    locations: (f.locations ?? []).map((l, i) => ({
      name: l.name ?? `${f.name} venue ${i + 1}`,
      latitude: l.latitude,
      longitude: l.longitude,
      withheld: l.withheld,
      areaCode: l.areaCode,
      languages: l.languages ?? [],
      address: l.address1
        ? { line1: l.address1, city: l.city ?? 'Testtown', postcode: l.postcode ?? 'ZZ1 1ZZ' }
        : undefined,
    })),
  });
}

/** A shipped taxonomy term by its code (a fixture naming one that does not exist is a mistake). */
export function shippedTerm(code: string): ShippedTerm {
  const term = termByCode(code);
  if (!term) throw new Error(`no shipped term ${code}`);
  return term;
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
