/**
 * The ORUK 3.0 organizations: `/organizations` (a page of their one-to-one fields) and
 * `/organizations/{id}` (the organization with its identifiers and its services). The official
 * specification requires `description` (data.ts `orukOrganization`).
 */
import { asc, count, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../platform/db/index.ts';
import type { Row } from '../hsds.ts';
import { scalarsJson } from '../read.ts';
import { dirOrganization, dirOrganizationIdentifier, dirService } from '../schema.ts';
import { type Json, orukOrganization, type Paged, publicServicesFull } from './data.ts';

/** Organizations by name, a page at a time; `search` matches part of the name, any case. */
export async function listOrganizations(
  db: DbOrTx,
  opts: { page: number; perPage: number; search?: string },
): Promise<Paged<Json>> {
  const where = opts.search
    ? sql`${dirOrganization.name} ilike ${`%${opts.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`
    : undefined;
  const [{ n }] = (await db.select({ n: count() }).from(dirOrganization).where(where)) as [{ n: number }];
  const rows = (await db
    .select()
    .from(dirOrganization)
    .where(where)
    .orderBy(asc(dirOrganization.name), asc(dirOrganization.id))
    .limit(opts.perPage)
    .offset((opts.page - 1) * opts.perPage)) as Row[];
  return { total: n, items: rows.map(orukOrganization) };
}

/** A public path must stay bounded: a council may run thousands of services; the rest are at /services?organization_id=. */
const MAX_SERVICES = 1000;

/**
 * One organization with its identifiers and its services (their one-to-one fields, or each service in
 * full, without the organization repeated, with `fullService`), or null.
 */
export async function getOrganization(db: DbOrTx, id: string, fullService: boolean): Promise<Json | null> {
  const [row] = (await db.select().from(dirOrganization).where(eq(dirOrganization.id, id))) as Row[];
  if (!row) return null;
  const out = orukOrganization(row);
  const identifiers = (await db
    .select()
    .from(dirOrganizationIdentifier)
    .where(eq(dirOrganizationIdentifier.organization_id, id))
    .orderBy(asc(dirOrganizationIdentifier.id))) as Row[];
  if (identifiers.length)
    out.organization_identifiers = identifiers.map((r) => scalarsJson('organization_identifier', r));
  const services = (await db
    .select()
    .from(dirService)
    .where(eq(dirService.organization_id, id))
    .orderBy(asc(dirService.name), asc(dirService.id))
    .limit(MAX_SERVICES)) as Row[];
  if (!services.length) return out;
  if (fullService) {
    const full = await publicServicesFull(
      db,
      services.map((s) => s.id as string),
    );
    out.services = full.map(({ organization: _omit, ...s }) => s);
  } else out.services = services.map((s) => scalarsJson('service', s));
  return out;
}
