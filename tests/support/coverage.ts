/**
 * Services described in a few words (needs, who for, how delivered, where), turned into HSDS 3.0
 * service_full documents and written through the directory module's own import functions
 * (`ingestDocument` + `writeRowSet`). Used by the coverage tests, whose right answers follow from the
 * descriptions, and by the benchmark's generator.
 */
import { nameBasedId, serviceDocument } from '../../src/modules/directory/document.ts';
import { emptyRowSet, ingestDocument, mergeRowSets } from '../../src/modules/directory/ingest.ts';
import { writeRowSet } from '../../src/modules/directory/store.ts';
import type { Db } from '../../src/platform/db/index.ts';
import { shippedTerm } from './directory.ts';

export interface FixtureLocation {
  latitude?: number;
  longitude?: number;
  /** Given by the feed (a refuge's area, say), instead of being worked out from the coordinates. */
  areaCode?: string;
  withheld?: boolean;
}

export interface FixtureService {
  id?: string;
  name: string;
  /** Need domain codes, e.g. 'mental-health'. */
  needs: string[];
  /** Who-for group codes, e.g. 'women-only', 'refugees-asylum-seekers'. */
  whoFor?: string[];
  /** Delivery codes, e.g. 'drop-in'. */
  delivery?: string[];
  /** ONS codes of the areas in its service_area list. */
  areas?: string[];
  locations?: FixtureLocation[];
  status?: 'active' | 'inactive' | 'defunct' | 'temporarily closed';
  organization?: { id: string; name: string };
}

/** A stable UUID from a string, so fixtures get the same ids every run. */
export const fixtureId = nameBasedId;

/** The HSDS 3.0 service_full document of a described service. */
export function coverageDocument(s: FixtureService): Record<string, unknown> & { id: string } {
  const id = s.id ?? fixtureId(`service/${s.name}`);
  return serviceDocument({
    id,
    name: s.name,
    description: `${s.name}: a test service.`,
    status: s.status,
    organization: s.organization,
    terms: [...s.needs, ...(s.whoFor ?? []), ...(s.delivery ?? [])].map(shippedTerm),
    areas: s.areas ?? [],
    locations: (s.locations ?? []).map((l, i) => ({ name: `${s.name} venue ${i + 1}`, ...l })),
  });
}

/** Writes the services through the directory's import path, in batches (one transaction each). */
export async function writeServices(db: Db, services: FixtureService[], batch = 1000): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < services.length; i += batch) {
    const set = emptyRowSet();
    for (const s of services.slice(i, i + batch)) {
      const doc = coverageDocument(s);
      const result = ingestDocument(doc, 'service');
      if (result.problems.length) throw new Error(`Fixture ${s.name}: ${JSON.stringify(result.problems)}`);
      mergeRowSets(set, result.set);
      ids.push(doc.id);
    }
    await db.transaction((tx) => writeRowSet(tx, set, { source: 'coverage-fixture' }));
  }
  return ids;
}
