/**
 * Read-only directory queries for the coverage module (the "map of the maze", issue 4). The SQL that
 * reads directory tables stays here, in the directory module; src/modules/coverage builds on these
 * functions and never reads the tables itself.
 *
 * What counts (docs/coverage.md explains it for readers):
 * - A service counts when its status is 'active'.
 * - A service is in an area through a `directory_service_area` row naming the area's ONS code, or a
 *   location (`directory_service_at_location` -> `directory_location.area_code`) in the area. A
 *   location's area comes from the feed (`x_area_code`, e.g. a refuge) or from its coordinates
 *   (`assignLocationAreas`, point in polygon on the shipped boundaries). Codes that are not one of the
 *   175 areas (a country, a region, a district) do not count for any area.
 * - A service helps with a need domain when it carries that need term (a `directory_attribute` row
 *   linking the service to the term).
 * - Women-only: carries the who-for term "Women only" or the delivery term "Women-only space".
 *   Women-specific (Mapping the Maze's "services for women"): women-only, or for a group of women
 *   (every Wayfinder who-for group is a group of women: refugees and asylum seekers, Black and
 *   minoritised, LBTQI+, disabled, pregnant and new mothers, young women).
 * - Filters: a who-for group (the service carries it) and delivery (the service carries at least one
 *   of the chosen delivery terms).
 *
 * Shape: `refreshCoverage` keeps a summary (coverage/schema.ts: one row per active service and area,
 * with its needs, groups and ways of delivery as bit masks) up to date from trigger-marked changes;
 * every filter is then one scan of that narrow table grouped by area, with integer mask tests and a
 * filtered count per chosen need, split any / women-specific / women-only.
 *
 * Functions: `listLocalAreas`, `refreshCoverage`, `coverageCounts`, `areaServices`.
 * None takes an actor: they return only published directory facts (no withheld address or
 * coordinate), and the coverage module authorises its callers.
 */
import { createHash } from 'node:crypto';
import { type SQL, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../../platform/db/index.ts';
import { localAreas } from '../schema.ts';
import { deliveryTerms, needTerms, whoForTerms } from '../taxonomies.ts';
import { assignLocationAreas } from './area-lookup.ts';

export interface LocalArea {
  code: string;
  name: string;
  nameWelsh: string | null;
  type: string;
  latitude: number;
  longitude: number;
}

/** The 175 local authority areas, by code. */
export async function listLocalAreas(db: DbOrTx): Promise<LocalArea[]> {
  const rows = await db.select().from(localAreas).orderBy(localAreas.code);
  return rows.map((r) => ({
    code: r.code,
    name: r.name,
    nameWelsh: r.name_welsh,
    type: r.type,
    latitude: r.latitude,
    longitude: r.longitude,
  }));
}

export interface CoverageFilter {
  /** Need term ids to count. */
  needIds: readonly string[];
  /** Only services for this who-for group (a who-for term id). */
  whoForId?: string | null;
  /** Only services delivered in at least one of these ways (delivery term ids); empty = any. */
  deliveryIds?: readonly string[];
}

export interface CoverageCell {
  areaCode: string;
  needId: string;
  /** Active services in the area for the need (after the group and delivery filters). */
  any: number;
  womenSpecific: number;
  womenOnly: number;
}

/** The bit of each term in the facets' masks: position in these lists (append only, never reorder). */
export const needBits: readonly string[] = Object.values(needTerms).map((t) => t.id);
export const groupBits: readonly string[] = Object.values(whoForTerms).map((t) => t.id);
export const deliveryBits: readonly string[] = Object.values(deliveryTerms).map((t) => t.id);
/** Identifies the layout above; facets computed with another layout are recomputed. */
const LAYOUT = createHash('sha1')
  .update(JSON.stringify([needBits, groupBits, deliveryBits]))
  .digest('hex');

const WOMEN_ONLY_GROUP = 1 << groupBits.indexOf(whoForTerms.womenOnly.id);
const WOMEN_ONLY_SPACE = 1 << deliveryBits.indexOf(deliveryTerms.womenOnlySpace.id);

/** The mask of the ids in `ids` that appear in `bits` (others ignored). */
export function maskOf(ids: readonly string[], bits: readonly string[]): number {
  let m = 0;
  for (const id of ids) {
    const i = bits.indexOf(id);
    if (i >= 0) m |= 1 << i;
  }
  return m;
}

const uuidArray = (ids: readonly string[]) => sql`${`{${ids.join(',')}}`}::uuid[]`;
const bitOf = (column: SQL, bits: readonly string[]) =>
  sql`coalesce(bit_or(1 << (array_position(${uuidArray(bits)}, ${column}) - 1)), 0)`;

/** Ids of services whose facets are recomputed per statement (keeps each statement a sensible size). */
const REFRESH_BATCH = 20_000;
const COVERAGE_LOCK = 4_727_001;

/**
 * Brings the coverage summary up to date: places located services in their areas (point in polygon),
 * then recomputes the facets of every service a trigger marked as changed (all of them when the bit
 * layout changed). One refresher at a time (advisory lock); when nothing changed it costs two index
 * probes. Returns how many services' facets were recomputed and how many locations were placed.
 */
export async function refreshCoverage(db: Db): Promise<{ services: number; locationsPlaced: number }> {
  const probe = await db.execute<{ pending: boolean; unplaced: boolean; layout: string | null }>(sql`
    select exists (select 1 from directory_coverage_dirty) as pending,
      exists (select 1 from directory_location where area_code is null and latitude is not null
              and longitude is not null) as unplaced,
      (select layout from directory_coverage_state where id = 1) as layout`);
  const flags = probe.rows[0]!;
  let locationsPlaced = 0;
  if (flags.unplaced) locationsPlaced = await assignLocationAreas(db);
  const relayout = flags.layout !== LAYOUT;
  if (!flags.pending && !locationsPlaced && !relayout) return { services: 0, locationsPlaced };
  let services = 0;
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${COVERAGE_LOCK})`);
    const [state] = (
      await tx.execute<{ layout: string }>(sql`select layout from directory_coverage_state where id = 1`)
    ).rows;
    if (state?.layout !== LAYOUT) {
      await tx.execute(sql`delete from directory_coverage_facet`);
      await tx.execute(
        sql`insert into directory_coverage_dirty (service_id) select id from directory_service on conflict do nothing`,
      );
      await tx.execute(sql`insert into directory_coverage_state (id, layout) values (1, ${LAYOUT})
        on conflict (id) do update set layout = excluded.layout`);
    }
    for (;;) {
      const taken = await tx.execute<{ service_id: string }>(sql`
        delete from directory_coverage_dirty
        where service_id in (select service_id from directory_coverage_dirty limit ${REFRESH_BATCH})
        returning service_id`);
      const ids = taken.rows.map((r) => r.service_id);
      if (!ids.length) break;
      services += ids.length;
      const idArray = uuidArray(ids);
      await tx.execute(sql`delete from directory_coverage_facet where service_id = any(${idArray})`);
      await tx.execute(sql`
        insert into directory_coverage_facet
          (service_id, area_code, needs, groups, delivery, women_specific, women_only, first_area)
        with tagged as (
          select a.link_id as service_id,
            ${bitOf(sql`a.taxonomy_term_id`, needBits)} as needs,
            ${bitOf(sql`a.taxonomy_term_id`, groupBits)} as groups,
            ${bitOf(sql`a.taxonomy_term_id`, deliveryBits)} as delivery
          from directory_attribute a
          where a.link_id = any(${idArray})
          group by a.link_id
        ),
        placed as (
          select sa.service_id, sa.area_code
          from directory_service_area sa
          where sa.service_id = any(${idArray}) and sa.area_code is not null
          union
          select sal.service_id, l.area_code
          from directory_service_at_location sal
          join directory_location l on l.id = sal.location_id
          where sal.service_id = any(${idArray}) and l.area_code is not null
        )
        select s.id, p.area_code, t.needs, t.groups, t.delivery,
          t.groups <> 0 or t.delivery & ${WOMEN_ONLY_SPACE} <> 0,
          t.groups & ${WOMEN_ONLY_GROUP} <> 0 or t.delivery & ${WOMEN_ONLY_SPACE} <> 0,
          row_number() over (partition by s.id order by p.area_code) = 1
        from directory_service s
        join tagged t on t.service_id = s.id
        join placed p on p.service_id = s.id
        join local_areas la on la.code = p.area_code
        where s.id = any(${idArray}) and s.status = 'active' and t.needs <> 0`);
    }
  });
  return { services, locationsPlaced };
}

interface Masks {
  needs: string[];
  needMask: number;
  groupMask: number;
  deliveryMask: number;
  where: SQL;
}

function masksOf(filter: CoverageFilter): Masks | null {
  const needs = filter.needIds.filter((id) => needBits.includes(id));
  if (!needs.length) return null;
  const needMask = maskOf(needs, needBits);
  const groupMask = filter.whoForId ? maskOf([filter.whoForId], groupBits) : 0;
  const deliveryMask = maskOf(filter.deliveryIds ?? [], deliveryBits);
  const where = sql`f.needs & ${needMask} <> 0
    ${groupMask ? sql`and f.groups & ${groupMask} <> 0` : sql``}
    ${deliveryMask ? sql`and f.delivery & ${deliveryMask} <> 0` : sql``}`;
  return { needs, needMask, groupMask, deliveryMask, where };
}

export interface CoverageCounts {
  /** Per (area, need) pair with at least one service. */
  cells: CoverageCell[];
  /** Per area: distinct services across the filter's needs. */
  areas: { areaCode: string; any: number; womenSpecific: number; womenOnly: number }[];
  /** Distinct services across the filter's needs, in any area. */
  total: { any: number; womenSpecific: number; womenOnly: number };
}

/**
 * What each (area, need) pair has, each area has, and the whole directory has, for a filter: one
 * scan of the summary grouped by area, with a filtered count per chosen need. Call
 * `refreshCoverage` first for up-to-date answers.
 */
export async function coverageCounts(db: DbOrTx, filter: CoverageFilter): Promise<CoverageCounts> {
  const m = masksOf(filter);
  const out: CoverageCounts = { cells: [], areas: [], total: { any: 0, womenSpecific: 0, womenOnly: 0 } };
  if (!m) return out;
  const counts = (cond: SQL, alias: string) =>
    sql`(count(*) filter (where ${cond}))::int as ${sql.identifier(`${alias}_any`)},
      (count(*) filter (where ${cond} and f.women_specific))::int as ${sql.identifier(`${alias}_ws`)},
      (count(*) filter (where ${cond} and f.women_only))::int as ${sql.identifier(`${alias}_wo`)}`;
  const perNeed = m.needs.map((id, i) => counts(sql`f.needs & ${1 << needBits.indexOf(id)} <> 0`, `n${i}`));
  const result = await db.execute<Record<string, number | string>>(sql`
    select f.area_code, ${counts(sql`true`, 'area')}, ${counts(sql`f.first_area`, 'first')},
      ${sql.join(perNeed, sql`, `)}
    from directory_coverage_facet f
    where ${m.where}
    group by f.area_code`);
  const triple = (r: Record<string, number | string>, alias: string) => ({
    any: r[`${alias}_any`] as number,
    womenSpecific: r[`${alias}_ws`] as number,
    womenOnly: r[`${alias}_wo`] as number,
  });
  for (const r of result.rows) {
    const areaCode = r.area_code as string;
    out.areas.push({ areaCode, ...triple(r, 'area') });
    const first = triple(r, 'first');
    out.total.any += first.any;
    out.total.womenSpecific += first.womenSpecific;
    out.total.womenOnly += first.womenOnly;
    m.needs.forEach((needId, i) => {
      const c = triple(r, `n${i}`);
      if (c.any) out.cells.push({ areaCode, needId, ...c });
    });
  }
  return out;
}

export interface AreaService {
  id: string;
  name: string;
  organizationName: string | null;
  /** Need term ids among the filter's needs. */
  needIds: string[];
  womenSpecific: boolean;
  womenOnly: boolean;
  /** How it is in the area: named in its service areas, or at a place in the area. */
  viaServiceArea: boolean;
  viaLocation: boolean;
}

/** The active services in one area that match the filter, by name. */
export async function areaServices(
  db: DbOrTx,
  areaCode: string,
  filter: CoverageFilter,
): Promise<AreaService[]> {
  const m = masksOf(filter);
  if (!m) return [];
  const result = await db.execute<{
    id: string;
    name: string;
    organization_name: string | null;
    needs: number;
    women_specific: boolean;
    women_only: boolean;
    via_area: boolean;
    via_location: boolean;
  }>(sql`
    select s.id, s.name, o.name as organization_name, f.needs, f.women_specific, f.women_only,
      exists (select 1 from directory_service_area sa
              where sa.service_id = s.id and sa.area_code = ${areaCode}) as via_area,
      exists (select 1 from directory_service_at_location sal
              join directory_location l on l.id = sal.location_id
              where sal.service_id = s.id and l.area_code = ${areaCode}) as via_location
    from directory_coverage_facet f
    join directory_service s on s.id = f.service_id
    left join directory_organization o on o.id = s.organization_id
    where f.area_code = ${areaCode} and ${m.where}
    order by s.name, s.id`);
  return result.rows.map((r) => ({
    id: r.id,
    name: r.name,
    organizationName: r.organization_name,
    needIds: m.needs.filter((id) => (r.needs & (1 << needBits.indexOf(id))) !== 0),
    womenSpecific: r.women_specific,
    womenOnly: r.women_only,
    viaServiceArea: r.via_area,
    viaLocation: r.via_location,
  }));
}
