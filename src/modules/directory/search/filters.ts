import { type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../platform/db/index.ts';
import { isUuid } from '../../../platform/http/zod.ts';
import { deliveryTerms, termByCode, whoForTerms } from '../taxonomies.ts';
import { type LondonMoment, openAtSql, scheduleFilterSql } from './schedule.ts';
import type { ExpandedQuery } from './text.ts';
import type { SearchQuery } from './types.ts';

/** The conditions of a search on its search rows: filters (all must hold) and what it matches on. */
/** Codes of the wider areas that contain a local authority area: its country, GB, E&W, UK. */
export function containingAreaCodes(areaCode: string): string[] {
  const country =
    areaCode[0] === 'E'
      ? 'E92000001'
      : areaCode[0] === 'W'
        ? 'W92000004'
        : areaCode[0] === 'S'
          ? 'S92000003'
          : null;
  return [areaCode, ...(country ? [country] : []), 'K04000001', 'K03000001', 'K02000001'];
}

/** Service areas that cover a whole nation: England, Wales, England and Wales, Great Britain, the UK. */
export const NATIONWIDE_CODES = ['E92000001', 'W92000004', 'K04000001', 'K03000001', 'K02000001'];

/** Term ids for ids or codes; null when a code names no term (so nothing can match). */
async function resolveTerms(db: DbOrTx, refs: string[]): Promise<string[] | null> {
  const ids: string[] = [];
  const codes: string[] = [];
  for (const r of refs) {
    if (isUuid(r)) ids.push(r.toLowerCase());
    else {
      const shipped = termByCode(r);
      if (shipped) ids.push(shipped.id);
      else codes.push(r);
    }
  }
  if (codes.length) {
    const { rows } = await db.execute<{ code: string; id: string }>(
      sql`select distinct on (code) code, id from directory_taxonomy_term where code = any(${sql.param(codes)}::text[]) order by code, id`,
    );
    if (rows.length < codes.length) return null;
    ids.push(...rows.map((r) => r.id));
  }
  return ids;
}

function tsQuery(q: ExpandedQuery, join: 'and' | 'or'): SQL {
  const groups = q.words.map(
    (w) =>
      sql`(${sql.join(
        w.alternatives.map((a) => sql`plainto_tsquery('english', wayfinder_unaccent(${a}))`),
        sql` || `,
      )})`,
  );
  return sql.join(groups, join === 'and' ? sql` && ` : sql` || `);
}

export interface Filters {
  /** Conditions on the search document `d` (directory_search_doc). */
  conds: SQL[];
  /** Nothing can match (an unknown term code). */
  impossible: boolean;
}

export async function filters(db: DbOrTx, q: SearchQuery, moment: LondonMoment): Promise<Filters> {
  const conds: SQL[] = [];
  const statuses = q.statuses === 'any' ? null : (q.statuses ?? ['active']);
  // One status is written as an equality, so the (status, name) index can give pages in name order.
  if (statuses)
    conds.push(
      statuses.length === 1
        ? sql`d.status = ${statuses[0]}`
        : sql`d.status = any(${sql.param(statuses)}::text[])`,
    );

  const termRefs = [...(q.terms ?? [])];
  if (q.womenOnly) termRefs.push(whoForTerms.womenOnly.id);
  if (q.dropIn) termRefs.push(deliveryTerms.dropIn.id);
  const termIds = termRefs.length ? await resolveTerms(db, termRefs) : [];
  if (termIds === null) return { conds, impossible: true };
  if (termIds.length) conds.push(sql`d.term_ids @> ${sql.param([...new Set(termIds)])}::uuid[]`);
  if (q.taxonomyIds?.length)
    conds.push(
      sql`d.taxonomy_ids @> ${sql.param([...new Set(q.taxonomyIds.map((x) => x.toLowerCase()))])}::uuid[]`,
    );
  if (q.free) conds.push(sql`d.free`);
  if (q.language) conds.push(sql`d.languages @> ${sql.param([q.language.trim().toLowerCase()])}::text[]`);
  // The row's own copy of its schedules (search/schema.ts): no probe of the schedule table per candidate.
  const scheduled = (cond: SQL) =>
    sql`exists (select 1 from jsonb_to_recordset(d.schedules) as sc(freq text, byday text, bymonthday text,
      opens_at time, closes_at time, valid_from date, valid_to date) where ${cond})`;
  if (q.openNow) conds.push(scheduled(openAtSql(moment)));
  if (q.schedule && (q.schedule.day || q.schedule.startTime || q.schedule.endTime))
    conds.push(scheduled(scheduleFilterSql(q.schedule)));
  const nationwide = sql`d.served_areas && ${sql.param(NATIONWIDE_CODES)}::text[]`;
  if (q.coverage === 'local') conds.push(sql`not (${nationwide})`);
  if (q.coverage === 'nationwide')
    conds.push(
      q.areaCode
        ? sql`d.served_areas && ${sql.param(containingAreaCodes(q.areaCode).slice(1))}::text[]`
        : nationwide,
    );
  else if (q.areaCode) {
    const codes = q.coverage === 'local' ? [q.areaCode] : containingAreaCodes(q.areaCode);
    const covered = sql`(d.served_areas && ${sql.param(codes)}::text[]
      or d.located_areas @> ${sql.param([q.areaCode])}::text[])`;
    conds.push(q.includeServicesWithoutArea ? sql`(${covered} or cardinality(d.served_areas) = 0)` : covered);
  }
  if (q.organizationId) conds.push(sql`d.organization_id = ${q.organizationId}::uuid`);
  // A staff-made service's organization has its partnership organisation's id (service.ts).
  if (q.onPlatform) conds.push(sql`d.organization_id in (select o.id from organisations o where o.active)`);
  if (q.modifiedAfter) conds.push(sql`d.last_modified >= ${q.modifiedAfter.toISOString()}::timestamptz`);
  if (q.minimumAge !== undefined) conds.push(sql`d.minimum_age >= ${q.minimumAge}::float8`);
  if (q.maximumAge !== undefined) conds.push(sql`d.maximum_age <= ${q.maximumAge}::float8`);
  return { conds, impossible: false };
}

/**
 * Relevance of a search row `d` for the words' tsquery `q`: 2 for a service named for every word (its
 * name, alternate name or a need it meets) whose own description says them too, 1 for one only named
 * for them (an English class that also carries the housing need), 0 for one that only mentions them.
 * `named` is `d.names @@ q` (the GIN index on `names` finds it); the description is the weight-B part
 * of `document`.
 */
/** Every one of the conditions on the search row (true when there are none). */
export const allOf = (conds: SQL[]) => (conds.length ? sql.join(conds, sql` and `) : sql`true`);

export const namedSql = (q: SQL) => sql`d.names @@ (${q})`;
export const describedSql = (q: SQL) => sql`ts_filter(d.document, '{b}') @@ (${q})`;
export const relevanceSql = (q: SQL) =>
  sql`(case when ${namedSql(q)} then 1 + (${describedSql(q)})::int else 0 end)`;

/** What a search matches on beyond the filters: its words, and the box around `near.withinMetres`. */
export function matchConds(
  q: SearchQuery,
  words: ExpandedQuery,
  join: 'and' | 'or' | null,
): { conds: SQL[]; words: SQL | null } {
  const conds: SQL[] = [];
  const near = q.near;
  const within = near?.withinMetres;
  // Written out in place (not in a CTE) so that PostgreSQL plans with the words themselves: its
  // statistics then tell a word in every seventh service from a rare one.
  const tsq = join ? tsQuery(words, join) : null;
  if (tsq) conds.push(sql`d.document @@ (${tsq})`);
  if (near && within !== undefined) {
    // Only services whose box of places meets the box around the point can be close enough: found
    // through the GiST index on `extent`, then measured exactly.
    const dLat = (within / 111_320) * 1.01;
    const dLon = (within / (111_320 * Math.max(0.01, Math.cos((near.latitude * Math.PI) / 180)))) * 1.01;
    conds.push(sql`d.extent && cube(array[${near.latitude - dLat}::float8, ${near.longitude - dLon}::float8],
      array[${near.latitude + dLat}::float8, ${near.longitude + dLon}::float8])`);
  }
  return { conds, words: tsq };
}
