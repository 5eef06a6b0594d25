/**
 * The Open Referral UK 3.0 objects the public API serves, built from the directory tables with the
 * directory's own reader (read.ts `loadServicesFull`, `scalarsJson`).
 *
 * Withheld locations (refuges, safe houses) are never served: not their address or coordinates, nor
 * their name, phones, contacts or schedules. A service with one is served with the location's local
 * authority area among its `service_areas` (added, with a stable id, when the service does not
 * already name it), and its service_at_location is neither listed nor found by id.
 */
import { createHash } from 'node:crypto';
import { and, asc, count, eq, getTableColumns, inArray, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../../platform/db/index.ts';
import type { Row } from '../hsds.ts';
import { loadServicesFull, scalarsJson } from '../read.ts';
import {
  dirLocation,
  dirOrganization,
  dirService,
  dirServiceAtLocation,
  dirTaxonomy,
  dirTaxonomyTerm,
  localAreas,
} from '../schema.ts';

export type Json = Record<string, unknown>;

/** A name-based UUID (version 5 layout) for records the API derives, so ids stay the same between calls. */
export function derivedId(name: string): string {
  const h = createHash('sha1').update(`wayfinder/${name}`).digest('hex');
  const variant = ((Number.parseInt(h.slice(16, 17), 16) & 3) | 8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * An organization's one-to-one fields as ORUK 3.0 wants them: the official specification requires
 * `description`, HSDS does not, so an organization without one says "".
 */
export function orukOrganization(row: Row): Json {
  const out = scalarsJson('organization', row);
  if (typeof out.description !== 'string') out.description = '';
  return out;
}

const isWithheld = (location: unknown) => (location as Json | undefined)?.x_withheld === true;

/** Removes withheld locations from a service_full object; returns the areas they were in. */
function dropWithheld(service: Json): string[] {
  const areas: string[] = [];
  const sals = (service.service_at_locations as Json[] | undefined) ?? [];
  const kept = sals.filter((sal) => {
    if (!isWithheld(sal.location)) return true;
    const code = (sal.location as Json).x_area_code;
    if (typeof code === 'string') areas.push(code);
    return false;
  });
  if (sals.length) {
    if (kept.length) service.service_at_locations = kept;
    else delete service.service_at_locations;
  }
  const org = service.organization as Json | undefined;
  const orgLocations = (org?.locations as Json[] | undefined) ?? [];
  if (org && orgLocations.length) {
    const keptOrg = orgLocations.filter((l) => !isWithheld(l));
    if (keptOrg.length) org.locations = keptOrg;
    else delete org.locations;
  }
  return areas;
}

async function areaNames(db: DbOrTx, codes: string[]): Promise<Map<string, string>> {
  if (!codes.length) return new Map();
  const rows = await db
    .select({ code: localAreas.code, name: localAreas.name })
    .from(localAreas)
    .where(inArray(localAreas.code, codes));
  return new Map(rows.map((r) => [r.code, r.name]));
}

/** service_full objects safe to publish (see the file comment), in the order of `ids`. */
export async function publicServicesFull(db: DbOrTx, ids: string[]): Promise<Json[]> {
  const docs = (await loadServicesFull(db, ids, { withheld: 'redact' })) as Json[];
  const withheldAreas = docs.map(dropWithheld);
  const names = await areaNames(db, [...new Set(withheldAreas.flat())]);
  docs.forEach((doc, i) => {
    const org = doc.organization as Json | undefined;
    if (org && typeof org.description !== 'string') org.description = '';
    const areas = (doc.service_areas as Json[] | undefined) ?? [];
    const named = new Set(
      areas.flatMap((a) => [a.extent, typeof a.uri === 'string' ? a.uri.split('/').pop() : undefined]),
    );
    for (const code of new Set(withheldAreas[i])) {
      if (named.has(code)) continue;
      areas.push({
        id: derivedId(`${doc.id}/withheld-area/${code}`),
        name: names.get(code) ?? code,
        extent: code,
        extent_type: 'gss_code',
        uri: `http://statistics.data.gov.uk/id/statistical-geography/${code}`,
      });
    }
    if (areas.length) doc.service_areas = areas;
  });
  return docs;
}

/** The one-to-one fields of services with their organization: the ORUK `service_list` items. */
export async function serviceListItems(db: DbOrTx, ids: string[]): Promise<Json[]> {
  if (!ids.length) return [];
  const rows = await serviceListRows(db, inArray(dirService.id, ids));
  const byId = new Map(rows.map((r) => [r.s.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    return r ? [serviceListItem(r.s as Row, (r.o ?? undefined) as Row | undefined)] : [];
  });
}

// The search vector is for ranking only: a large value no answer shows, so it is never read here.
const { search_vector: _searchVector, ...serviceColumns } = getTableColumns(dirService);

/** Services with their organization, as `serviceListItem` needs them. */
export async function serviceListRows(db: DbOrTx, where: SQL | undefined, limit?: number) {
  const query = db
    .select({ s: serviceColumns, o: dirOrganization })
    .from(dirService)
    .leftJoin(dirOrganization, eq(dirOrganization.id, dirService.organization_id))
    .where(where)
    .orderBy(asc(dirService.id));
  return limit === undefined ? query : query.limit(limit);
}

export function serviceListItem(s: Row, org: Row | undefined): Json {
  const item: Json = { ...scalarsJson('service', s) };
  const ordered: Json = { id: item.id };
  if (s.organization_id) ordered.organization_id = s.organization_id;
  Object.assign(ordered, item);
  if (org) ordered.organization = orukOrganization(org);
  return ordered;
}

/** service_at_location list items: the link, its location's one-to-one fields and the service's. */
export async function serviceAtLocationListItems(db: DbOrTx, ids: string[]): Promise<Json[]> {
  if (!ids.length) return [];
  const rows = await db
    .select({ sal: dirServiceAtLocation, location: dirLocation })
    .from(dirServiceAtLocation)
    .innerJoin(dirLocation, eq(dirLocation.id, dirServiceAtLocation.location_id))
    .where(inArray(dirServiceAtLocation.id, ids));
  const services = await serviceListItems(db, [...new Set(rows.map((r) => r.sal.service_id))]);
  const serviceById = new Map(services.map((s) => [s.id as string, s]));
  const byId = new Map(rows.map((r) => [r.sal.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    if (!r || r.location.withheld) return [];
    const location = scalarsJson('location', r.location as Row);
    if (r.location.area_code) location.x_area_code = r.location.area_code;
    return [
      {
        id: r.sal.id,
        service_id: r.sal.service_id,
        location_id: r.sal.location_id,
        ...(r.sal.description ? { description: r.sal.description } : {}),
        location,
        service: serviceById.get(r.sal.service_id),
      },
    ];
  });
}

/** A service_at_location with everything nested (its location in full, and its service), or null. */
export async function publicServiceAtLocationFull(db: DbOrTx, id: string): Promise<Json | null> {
  const [row] = await db
    .select({ serviceId: dirServiceAtLocation.service_id, withheld: dirLocation.withheld })
    .from(dirServiceAtLocation)
    .innerJoin(dirLocation, eq(dirLocation.id, dirServiceAtLocation.location_id))
    .where(eq(dirServiceAtLocation.id, id));
  if (!row || row.withheld) return null;
  const [service] = await publicServicesFull(db, [row.serviceId]);
  if (!service) return null;
  const sals = (service.service_at_locations as Json[] | undefined) ?? [];
  const sal = sals.find((x) => x.id === id);
  if (!sal) return null;
  const { service_at_locations: _omit, ...rest } = service;
  const location = sal.location as Json | undefined;
  return {
    id: sal.id,
    service_id: service.id,
    ...(location ? { location_id: location.id } : {}),
    ...Object.fromEntries(Object.entries(sal).filter(([k]) => k !== 'id')),
    service: rest,
  };
}

export interface Paged<T> {
  total: number;
  items: T[];
}

/** Taxonomies by name, a page at a time. */
export async function listTaxonomies(db: DbOrTx, page: number, perPage: number): Promise<Paged<Json>> {
  const [{ n }] = (await db.select({ n: count() }).from(dirTaxonomy)) as [{ n: number }];
  const rows = (await db
    .select()
    .from(dirTaxonomy)
    .orderBy(asc(dirTaxonomy.name), asc(dirTaxonomy.id))
    .limit(perPage)
    .offset((page - 1) * perPage)) as Row[];
  return { total: n, items: rows.map((r) => scalarsJson('taxonomy', r)) };
}

/** One taxonomy with its terms (ORUK `taxonomy` allows `taxonomy_terms`), or null. */
export async function getTaxonomy(db: DbOrTx, id: string): Promise<Json | null> {
  const [row] = (await db.select().from(dirTaxonomy).where(eq(dirTaxonomy.id, id))) as Row[];
  if (!row) return null;
  const terms = (await db
    .select()
    .from(dirTaxonomyTerm)
    .where(eq(dirTaxonomyTerm.taxonomy_id, id))
    .orderBy(asc(dirTaxonomyTerm.name), asc(dirTaxonomyTerm.id))) as Row[];
  const out = scalarsJson('taxonomy', row);
  if (terms.length) out.taxonomy_terms = terms.map((t) => scalarsJson('taxonomy_term', t));
  return out;
}

/** Taxonomy terms by name, optionally of one taxonomy or under one parent. */
export async function listTaxonomyTerms(
  db: DbOrTx,
  opts: { page: number; perPage: number; taxonomyId?: string; parentId?: string },
): Promise<Paged<Json>> {
  const conds = [];
  if (opts.taxonomyId) conds.push(eq(dirTaxonomyTerm.taxonomy_id, opts.taxonomyId));
  if (opts.parentId) conds.push(eq(dirTaxonomyTerm.parent_id, opts.parentId));
  const where = conds.length ? and(...conds) : undefined;
  const [{ n }] = (await db.select({ n: count() }).from(dirTaxonomyTerm).where(where)) as [{ n: number }];
  const rows = (await db
    .select()
    .from(dirTaxonomyTerm)
    .where(where)
    .orderBy(asc(dirTaxonomyTerm.name), asc(dirTaxonomyTerm.id))
    .limit(opts.perPage)
    .offset((opts.page - 1) * opts.perPage)) as Row[];
  return { total: n, items: rows.map((r) => scalarsJson('taxonomy_term', r)) };
}

/** One taxonomy term, with its taxonomy as `taxonomy_detail` when known, or null. */
export async function getTaxonomyTerm(db: DbOrTx, id: string): Promise<Json | null> {
  const [row] = (await db.select().from(dirTaxonomyTerm).where(eq(dirTaxonomyTerm.id, id))) as Row[];
  if (!row) return null;
  const out = scalarsJson('taxonomy_term', row);
  if (row.taxonomy_id) {
    const [taxonomy] = (await db
      .select()
      .from(dirTaxonomy)
      .where(eq(dirTaxonomy.id, row.taxonomy_id as string))) as Row[];
    if (taxonomy) out.taxonomy_detail = scalarsJson('taxonomy', taxonomy);
  }
  return out;
}
