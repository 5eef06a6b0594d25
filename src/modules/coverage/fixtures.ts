/**
 * Services described in a few words (needs, who for, how delivered, where), turned into HSDS 3.0
 * service_full documents and written through the directory module's own import functions
 * (`ingestDocument` + `writeRowSet`). Used by the coverage tests, whose right answers follow from the
 * descriptions, and by the benchmark's generator.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../../platform/db/index.ts';
import { emptyRowSet, ingestDocument, mergeRowSets } from '../directory/ingest.ts';
import { writeRowSet } from '../directory/store.ts';
import { linkTypeFor, type ShippedTerm, taxonomyOf, termByCode } from '../directory/taxonomies.ts';

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
export function fixtureId(seed: string): string {
  const h = createHash('sha1').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((Number.parseInt(h.slice(16, 17), 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function term(code: string): ShippedTerm {
  const t = termByCode(code);
  if (!t) throw new Error(`No shipped taxonomy term "${code}"`);
  return t;
}

export function serviceDocument(s: FixtureService): Record<string, unknown> & { id: string } {
  const id = s.id ?? fixtureId(`service/${s.name}`);
  const codes = [...s.needs, ...(s.whoFor ?? []), ...(s.delivery ?? [])];
  return {
    id,
    name: s.name,
    description: `${s.name}: a test service.`,
    status: s.status ?? 'active',
    ...(s.organization ? { organization: { ...s.organization, description: s.organization.name } } : {}),
    attributes: codes.map((code) => {
      const t = term(code);
      const taxonomy = taxonomyOf(t);
      return {
        id: fixtureId(`${id}/term/${t.id}`),
        link_type: linkTypeFor(t.taxonomyId),
        link_entity: 'service',
        taxonomy_term: {
          id: t.id,
          code: t.code,
          name: t.name,
          description: t.description,
          taxonomy: taxonomy.name,
          taxonomy_id: taxonomy.id,
          language: 'en',
        },
      };
    }),
    service_areas: (s.areas ?? []).map((code) => ({
      id: fixtureId(`${id}/area/${code}`),
      name: code,
      extent: code,
      extent_type: 'gss_code',
    })),
    service_at_locations: (s.locations ?? []).map((l, i) => ({
      id: fixtureId(`${id}/sal/${i}`),
      location: {
        id: fixtureId(`${id}/location/${i}`),
        location_type: 'physical',
        name: `${s.name} venue ${i + 1}`,
        latitude: l.latitude,
        longitude: l.longitude,
        ...(l.withheld ? { x_withheld: true } : {}),
        ...(l.areaCode ? { x_area_code: l.areaCode } : {}),
      },
    })),
  };
}

/** Writes the services through the directory's import path, in batches (one transaction each). */
export async function writeServices(db: Db, services: FixtureService[], batch = 1000): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < services.length; i += batch) {
    const set = emptyRowSet();
    for (const s of services.slice(i, i + batch)) {
      const doc = serviceDocument(s);
      const result = ingestDocument(doc, 'service');
      if (result.problems.length) throw new Error(`Fixture ${s.name}: ${JSON.stringify(result.problems)}`);
      mergeRowSets(set, result.set);
      ids.push(doc.id);
    }
    await db.transaction((tx) => writeRowSet(tx, set, { source: 'coverage-fixture' }));
  }
  return ids;
}
