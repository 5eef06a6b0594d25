/**
 * Directory search: what "Find support" and the Open Referral UK API use to find services.
 *
 *   searchServices(db, query: SearchQuery): Promise<SearchResults>
 *
 * Public: no actor, nothing personal is read, and a withheld location (a refuge or safe house) never
 * gives its address, coordinates or name: a result shows only its area (in `areas`), and distances
 * are measured to public locations only.
 *
 * Matching (`text`): PostgreSQL full-text search over each service's name, alternate name and
 * description (the weighted `search_vector`) and the names of the taxonomy terms it carries, weighted
 * like its name (a service tagged "Domestic abuse and sexual violence" is found by "domestic abuse"
 * whatever its description says). Search reads one row per service from `directory_search_doc`,
 * which triggers keep current (search/schema.ts). Misspelt words are corrected first against the lexicon of words in use
 * (pg_trgm similarity, then edit distance; see search/text.ts): "mentel helth" searches "mental
 * health". All words must match; when that finds nothing, services matching any word are returned
 * and `matched` says 'any'.
 *
 * Ranking: relevance first: services named for every word (in their name, alternate name or the
 * name of a need they meet: the search row's `names`) before those that only mention them; then
 * distance from `near` (to the nearest public location; for a service with none, to the centre of
 * the nearest area it serves); then name. With no words, by distance, then name.
 *
 * Broad searches (thousands of matches) are answered by `searchServices` from the services an index
 * reaches first, nearest or alphabetical, when that provably gives the same page (search/window.ts);
 * their `total` may then be a lower bound (`totalExact` false). The ORUK API always counts exactly.
 *
 * Filters (all must hold): `terms` (taxonomy term ids or shipped codes such as 'mental-health':
 * every one), `taxonomyIds` (a term of each), `womenOnly` (who-for "Women only"), `dropIn` (delivery
 * "Drop-in"), `free` (a cost option of 0 or named free), `language` (ISO 639 code or English name of a
 * language spoken), `openNow` (a schedule open at `now`, Europe/London), `areaCode` (ONS code: a
 * service area covering it, its country, Great Britain or the UK, or a location in it),
 * `near.withinMetres`, `organizationId`, `modifiedAfter`, `minimumAge`/`maximumAge` (as ORUK: the
 * service's minimum age is at least / maximum age at most the value), `schedule` (a schedule on
 * `day` opening at or after `startTime` and closing by `endTime`), `statuses` (default: active).
 *
 * Pages: `page` from 1, `perPage` 1..1000 (default 20).
 */
import { type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/index.ts';
import { isUuid } from '../../platform/http/zod.ts';
import type { ServiceStatus } from './schema.ts';
import { haversine, serviceDistances } from './search/distance.ts';
import {
  isOpenAt,
  type LondonMoment,
  londonMoment,
  type OpeningTime,
  openAtSql,
  openingTime,
  type ScheduleLike,
  scheduleFilterSql,
  type Weekday,
} from './search/schedule.ts';
import { type ExpandedQuery, expandQuery } from './search/text.ts';
import { searchWindow } from './search/window.ts';
import { deliveryTerms, termByCode, whoForTerms } from './taxonomies.ts';

export type { OpeningTime, Weekday } from './search/schedule.ts';
export { weekdays } from './search/schedule.ts';

export interface SearchQuery {
  /** Words as typed, misspellings and all, e.g. "domestik abuse". */
  text?: string;
  /** Taxonomy term ids (UUID) or shipped term codes ('mental-health', 'refugees-asylum-seekers'); all required. */
  terms?: string[];
  /** Taxonomy ids: the service carries some term of each. */
  taxonomyIds?: string[];
  womenOnly?: boolean;
  dropIn?: boolean;
  free?: boolean;
  /** A language spoken: ISO 639 code ("ar") or English name ("Arabic"). */
  language?: string;
  /** Only services with a schedule open at `now` (Europe/London). */
  openNow?: boolean;
  /** The instant "open now" and `openNow` in results refer to (default: the current time). */
  now?: Date;
  /** ONS code of a local authority area (local_areas.code), e.g. "E08000035". */
  areaCode?: string;
  /**
   * With `areaCode`: also keep services that name no area at all (the ORUK `postcode` rule: a service
   * area, when given, must cover the place). Default false: the service must cover or be in the area.
   */
  includeServicesWithoutArea?: boolean;
  /** A point to measure distance from; `withinMetres` keeps only services that close. */
  near?: { latitude: number; longitude: number; withinMetres?: number };
  organizationId?: string;
  /** last_modified on or after. */
  modifiedAfter?: Date;
  minimumAge?: number;
  maximumAge?: number;
  schedule?: { day?: Weekday; startTime?: string; endTime?: string };
  /** Default ['active']; 'any' for every status. */
  statuses?: ServiceStatus[] | 'any';
  /** 'relevance' (default) or 'name' (alphabetical, as a feed lists). Distance still breaks ties. */
  order?: 'relevance' | 'name';
  page?: number;
  perPage?: number;
}

export interface PublicLocation {
  id: string;
  name: string | null;
  latitude: number | null;
  longitude: number | null;
  /** ONS code of its local authority area, when known. */
  areaCode: string | null;
  address: { address_1: string; address_2: string | null; city: string; postal_code: string } | null;
  /** Metres from `near`, when given and the location has coordinates. */
  distanceMetres: number | null;
}

export interface SearchHit {
  id: string;
  name: string;
  description: string | null;
  status: ServiceStatus;
  url: string | null;
  email: string | null;
  phones: string[];
  organization: { id: string; name: string } | null;
  /** The relevance score used for ranking (0 when there were no words). */
  relevance: number;
  /** Metres from `near` to the nearest public location; null without `near` or without one. */
  distanceMetres: number | null;
  /** Public locations, nearest first (never a withheld one). */
  locations: PublicLocation[];
  /** True when the service also has a withheld location (a refuge): its area is in `areas`, nothing else. */
  hasWithheldLocation: boolean;
  /** Local authority areas served (service areas and withheld locations' areas), by name. */
  areas: { code: string; name: string }[];
  terms: { id: string; code: string | null; name: string; taxonomyId: string | null }[];
  languages: { code: string | null; name: string | null }[];
  free: boolean;
  openingTimes: OpeningTime[];
  /** Open at `now` (Europe/London) by one of its schedules. */
  openNow: boolean;
}

export interface SearchResults {
  /** How many services match; with `totalExact` false, how many certainly do (there are more). */
  total: number;
  totalExact: boolean;
  page: number;
  perPage: number;
  totalPages: number;
  /** 'all': every word matched; 'any': nothing matched them all, these match some; 'none': no words given. */
  matched: 'all' | 'any' | 'none';
  /** The words searched, with corrections ("mentel" -> ["mental"]) and the words left out. */
  query: ExpandedQuery;
  items: SearchHit[];
}

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

interface Filters {
  /** Conditions on the search document `d` (directory_search_doc). */
  conds: SQL[];
  /** Nothing can match (an unknown term code). */
  impossible: boolean;
}

async function filters(db: DbOrTx, q: SearchQuery, moment: LondonMoment): Promise<Filters> {
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
  if (q.areaCode) {
    const covered = sql`(d.served_areas && ${sql.param(containingAreaCodes(q.areaCode))}::text[]
      or d.located_areas @> ${sql.param([q.areaCode])}::text[])`;
    conds.push(q.includeServicesWithoutArea ? sql`(${covered} or cardinality(d.served_areas) = 0)` : covered);
  }
  if (q.organizationId) conds.push(sql`d.organization_id = ${q.organizationId}::uuid`);
  if (q.modifiedAfter) conds.push(sql`d.last_modified >= ${q.modifiedAfter.toISOString()}::timestamptz`);
  if (q.minimumAge !== undefined) conds.push(sql`d.minimum_age >= ${q.minimumAge}::float8`);
  if (q.maximumAge !== undefined) conds.push(sql`d.maximum_age <= ${q.maximumAge}::float8`);
  return { conds, impossible: false };
}

/** What a search matches on beyond the filters: its words, and the box around `near.withinMetres`. */
function matchConds(
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

interface RankedRow {
  id: string;
  relevance: number;
  distance: number | null;
}

async function rank(
  db: DbOrTx,
  q: SearchQuery,
  words: ExpandedQuery,
  join: 'and' | 'or' | null,
  f: Filters,
  limit: number,
  offset: number,
  target: Target,
  opts: { quick: boolean; windowSize?: number },
): Promise<{ rows: RankedRow[]; total: number; totalExact: boolean }> {
  const conds = [...f.conds];
  const hasText = join !== null;
  const near = q.near;
  const within = near?.withinMetres;
  const ctes: SQL[] = [];
  if (!hasText && !near && q.order === 'name' && target === 'services') {
    // A plain alphabetical listing (the ORUK feed): the page through the (name, id) index, and the count.
    const where = conds.length ? sql.join(conds, sql` and `) : sql`true`;
    const [page, counted] = await Promise.all([
      db.execute<{ id: string }>(sql`select d.service_id as id from directory_search_doc d where ${where}
        order by d.name, d.service_id limit ${limit} offset ${offset}`),
      db.execute<{ n: string }>(sql`select count(*) as n from directory_search_doc d where ${where}`),
    ]);
    const total = Number(counted.rows[0]?.n ?? 0);
    return {
      rows: page.rows.map((r) => ({ id: r.id, relevance: 0, distance: null })),
      total,
      totalExact: true,
    };
  }
  const match = matchConds(q, words, join);
  conds.push(...match.conds);
  // An area or an organisation bounds the matches to hundreds: ranking them all is quick enough.
  if (opts.quick && target === 'services' && q.order !== 'name' && !q.areaCode && !q.organizationId) {
    const quick = await searchWindow(db, {
      conds,
      words: match.words,
      near,
      offset,
      limit,
      size: opts.windowSize,
    });
    if (quick) return quick;
  }
  // Relevance: 1 for a service named for every word (its name or a need it meets), else 0.
  const relevance = match.words ? sql`(d.names @@ (${match.words}))::int` : sql`0`;
  const { distance, areaDistance } = serviceDistances(near);
  ctes.push(sql`measured as (
    select d.service_id as id, d.name, ${relevance} as relevance, ${distance} as distance, ${areaDistance} as area_distance
    from directory_search_doc d
    where ${conds.length ? sql.join(conds, sql` and `) : sql`true`})`);
  const filterWithin =
    within !== undefined ? sql`where coalesce(distance, area_distance) <= ${within}::float8` : sql``;
  if (target === 'service_at_locations') {
    // One row per public location of each matching service; distance is that location's own.
    const locationDistance = near
      ? sql`case when l.latitude is null or l.longitude is null then null else ${haversine(near, sql`l.latitude`, sql`l.longitude`)} end`
      : sql`null::float8`;
    ctes.push(sql`ranked as (
      select sal.id, m.relevance, m.name, ${locationDistance} as distance
      from (select * from measured ${filterWithin}) m
        join directory_service_at_location sal on sal.service_id = m.id
        join directory_location l on l.id = sal.location_id
      where not l.withheld)`);
  } else {
    ctes.push(sql`ranked as (select id, relevance, name, coalesce(distance, area_distance) as sort_distance, distance
      from measured ${filterWithin})`);
  }
  const sortDistance = target === 'service_at_locations' ? sql`distance` : sql`sort_distance`;
  const filterRanked =
    target === 'service_at_locations' && within !== undefined
      ? sql`where distance <= ${within}::float8`
      : sql``;
  const order =
    q.order === 'name'
      ? sql`name, ${sortDistance} nulls last, id`
      : sql`relevance desc, ${sortDistance} nulls last, name, id`;
  const { rows } = await db.execute<{
    id: string;
    relevance: number;
    distance: number | null;
    total: string;
  }>(sql`
    with ${sql.join(ctes, sql`, `)}
    select id, relevance, distance, count(*) over () as total
    from ranked ${filterRanked}
    order by ${order}
    limit ${limit} offset ${offset}`);
  let total = rows.length ? Number(rows[0]!.total) : 0;
  if (!rows.length && offset > 0) {
    const counted = await db.execute<{ n: string }>(sql`
      with ${sql.join(ctes, sql`, `)}
      select count(*) as n from ranked ${filterRanked}`);
    total = Number(counted.rows[0]?.n ?? 0);
  }
  return {
    rows: rows.map((r) => ({ id: r.id, relevance: Number(r.relevance), distance: r.distance })),
    total,
    totalExact: true,
  };
}

type Target = 'services' | 'service_at_locations';

export interface Ranking {
  /** Service ids (or service_at_location ids), best first, for the page asked. */
  ids: { id: string; relevance: number; distanceMetres: number | null }[];
  total: number;
  /** False when `total` is a lower bound: at least that many match (a broad search; see search/window.ts). */
  totalExact: boolean;
  matched: SearchResults['matched'];
  words: ExpandedQuery;
  page: number;
  perPage: number;
}

async function runRanking(
  db: DbOrTx,
  query: SearchQuery,
  target: Target,
  opts: { fallbackToAny: boolean } & SearchOptions,
): Promise<Ranking> {
  const page = Math.max(1, Math.floor(query.page ?? 1));
  const perPage = Math.min(1000, Math.max(1, Math.floor(query.perPage ?? 20)));
  const moment = londonMoment(query.now ?? new Date());
  const text = query.text?.trim() ?? '';
  const words: ExpandedQuery = text ? await expandQuery(db, text) : { words: [], ignored: [] };
  const empty = { ids: [], total: 0, totalExact: true, words, page, perPage };
  const f = await filters(db, query, moment);
  if (f.impossible) return { ...empty, matched: text ? 'all' : 'none' };
  if (text && !words.words.length) return { ...empty, matched: 'all' };
  const offset = (page - 1) * perPage;
  let matched: SearchResults['matched'] = text ? 'all' : 'none';
  const quick = { quick: opts.quick ?? false, windowSize: opts.windowSize };
  let ranked = await rank(db, query, words, text ? 'and' : null, f, perPage, offset, target, quick);
  if (opts.fallbackToAny && text && ranked.total === 0 && words.words.length > 1) {
    matched = 'any';
    ranked = await rank(db, query, words, 'or', f, perPage, offset, target, quick);
  }
  return {
    ids: ranked.rows.map((r) => ({ id: r.id, relevance: r.relevance, distanceMetres: r.distance })),
    total: ranked.total,
    totalExact: ranked.totalExact,
    matched,
    words,
    page,
    perPage,
  };
}

/**
 * Ids of the services matching `query`, ranked, for one page, with the total: the ORUK API's
 * /services. Every word must match (no fallback to any word).
 */
export function rankServices(db: DbOrTx, query: SearchQuery): Promise<Ranking> {
  return runRanking(db, query, 'services', { fallbackToAny: false });
}

/**
 * Ids of the service_at_location rows of matching services, one per public location (withheld
 * locations never), ranked like services but by each location's own distance: /service_at_locations.
 */
export function rankServiceAtLocations(db: DbOrTx, query: SearchQuery): Promise<Ranking> {
  return runRanking(db, query, 'service_at_locations', { fallbackToAny: false });
}

type DetailRow = {
  id: string;
  name: string;
  description: string | null;
  status: ServiceStatus;
  url: string | null;
  email: string | null;
  org_id: string | null;
  org_name: string | null;
  terms: SearchHit['terms'];
  areas: SearchHit['areas'];
  locations: (Omit<PublicLocation, 'distanceMetres'> & { distance: number | null })[];
  has_withheld: boolean;
  languages: SearchHit['languages'];
  free: boolean;
  schedules: (ScheduleLike & { description: string | null })[];
  phones: string[];
};

/** The page's services with what a result shows, in one statement. */
async function details(
  db: DbOrTx,
  ids: string[],
  near: SearchQuery['near'],
): Promise<Map<string, DetailRow>> {
  if (!ids.length) return new Map();
  const dist = near ? haversine(near, sql`l.latitude`, sql`l.longitude`) : sql`null::float8`;
  const { rows } = await db.execute<DetailRow>(sql`
    select s.id, s.name, s.description, s.status, s.url, s.email, o.id as org_id, o.name as org_name,
      coalesce((select json_agg(json_build_object('id', t.id, 'code', t.code, 'name', t.name, 'taxonomyId', t.taxonomy_id) order by t.name)
        from directory_attribute a join directory_taxonomy_term t on t.id = a.taxonomy_term_id where a.link_id = s.id), '[]') as terms,
      coalesce((select json_agg(json_build_object('code', la.code, 'name', la.name) order by la.name)
        from local_areas la where la.code in (
          select sa.area_code from directory_service_area sa where sa.service_id = s.id
          union select l.area_code from directory_service_at_location sal join directory_location l on l.id = sal.location_id
            where sal.service_id = s.id and l.withheld)), '[]') as areas,
      coalesce((select json_agg(json_build_object('id', l.id, 'name', l.name, 'latitude', l.latitude, 'longitude', l.longitude,
          'areaCode', l.area_code, 'distance', case when l.latitude is null or l.longitude is null then null else ${dist} end,
          'address', (select json_build_object('address_1', ad.address_1, 'address_2', ad.address_2, 'city', ad.city, 'postal_code', ad.postal_code)
            from directory_address ad where ad.location_id = l.id order by (ad.address_type = 'physical') desc, ad.id limit 1))
          order by case when l.latitude is null or l.longitude is null then null else ${dist} end nulls last, l.name, l.id)
        from directory_service_at_location sal join directory_location l on l.id = sal.location_id
        where sal.service_id = s.id and not l.withheld), '[]') as locations,
      coalesce((select bool_or(l.withheld) from directory_service_at_location sal join directory_location l on l.id = sal.location_id
        where sal.service_id = s.id), false) as has_withheld,
      coalesce((select json_agg(distinct jsonb_build_object('code', x.code, 'name', x.name)) from (
          select lg.code, lg.name from directory_language lg where lg.service_id = s.id
          union select lg.code, lg.name from directory_service_at_location sal join directory_language lg on lg.location_id = sal.location_id
            where sal.service_id = s.id) x), '[]') as languages,
      exists (select 1 from directory_cost_option c where c.service_id = s.id
        and (c.amount = 0 or lower(c.option) like 'free%' or lower(c.amount_description) like 'free%')) as free,
      coalesce((select json_agg(json_build_object('freq', sc.freq, 'byday', sc.byday, 'bymonthday', sc.bymonthday,
          'opens_at', sc.opens_at, 'closes_at', sc.closes_at, 'valid_from', sc.valid_from, 'valid_to', sc.valid_to,
          'description', sc.description) order by sc.id)
        from (select * from directory_schedule x where x.service_id = s.id
          union all select x.* from directory_service_at_location sal join directory_schedule x on x.service_at_location_id = sal.id
            where sal.service_id = s.id) sc), '[]') as schedules,
      coalesce((select json_agg(p.number order by p.id) from directory_phone p where p.service_id = s.id), '[]') as phones
    from directory_service s left join directory_organization o on o.id = s.organization_id
    where s.id = any(${sql.param(ids)}::uuid[])`);
  return new Map(rows.map((r) => [r.id, r]));
}

function dedupe<T>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((x) => {
    const k = JSON.stringify(x);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export interface SearchOptions {
  /** Answer broad searches from the services an index reaches first (search/window.ts). Default true. */
  quick?: boolean;
  /** How many services that walk reads (default WINDOW_SIZE); tests make it small. */
  windowSize?: number;
}

/**
 * Finds services for a woman or a key worker: words, needs, place and filters; one page of results.
 * A broad search may give a `total` that is only a lower bound (`totalExact` false).
 */
export async function searchServices(
  db: DbOrTx,
  query: SearchQuery,
  opts: SearchOptions = {},
): Promise<SearchResults> {
  const ranked = await runRanking(db, query, 'services', {
    fallbackToAny: true,
    quick: opts.quick ?? true,
    windowSize: opts.windowSize,
  });
  const moment = londonMoment(query.now ?? new Date());
  const rows = await details(
    db,
    ranked.ids.map((r) => r.id),
    query.near,
  );
  const items: SearchHit[] = [];
  for (const r of ranked.ids) {
    const d = rows.get(r.id);
    if (!d) continue;
    items.push({
      id: d.id,
      name: d.name,
      description: d.description,
      status: d.status,
      url: d.url,
      email: d.email,
      phones: d.phones,
      organization: d.org_id ? { id: d.org_id, name: d.org_name ?? '' } : null,
      relevance: r.relevance,
      distanceMetres: r.distanceMetres === null ? null : Math.round(r.distanceMetres),
      locations: d.locations.map(({ distance, ...l }) => ({
        ...l,
        distanceMetres: distance === null ? null : Math.round(distance),
      })),
      hasWithheldLocation: d.has_withheld,
      areas: d.areas,
      terms: d.terms,
      languages: d.languages,
      free: d.free,
      openingTimes: dedupe(d.schedules.map(openingTime)),
      openNow: d.schedules.some((s) => isOpenAt(s, moment)),
    });
  }
  return {
    total: ranked.total,
    totalExact: ranked.totalExact,
    page: ranked.page,
    perPage: ranked.perPage,
    totalPages: Math.max(1, Math.ceil(ranked.total / ranked.perPage)),
    matched: ranked.matched,
    query: ranked.words,
    items,
  };
}
