import { type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../platform/db/index.ts';
import { haversine, serviceDistances } from './distance.ts';
import { allOf, type Filters, filters, matchConds, relevanceSql } from './filters.ts';
import { londonMoment } from './schedule.ts';
import { type ExpandedQuery, expandQuery } from './text.ts';
import type { SearchOptions, SearchQuery, SearchResults } from './types.ts';
import { pageByName, searchWindow } from './window.ts';

/** Ranking: which services (or service-at-locations) a search finds, best first, for one page. */
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
  opts: Pick<SearchOptions, 'windowSize' | 'rememberTotal'> & { quick: boolean; exactTotal?: boolean },
): Promise<{ rows: RankedRow[]; total: number; totalExact: boolean }> {
  const count = async (where: SQL) => {
    const counted = () =>
      db
        .execute<{ n: string }>(sql`select count(*) as n from directory_search_doc d where ${where}`)
        .then((r) => Number(r.rows[0]?.n ?? 0));
    return opts.rememberTotal ? opts.rememberTotal(counted) : counted();
  };
  const conds = [...f.conds];
  const hasText = join !== null;
  const near = q.near;
  const within = near?.withinMetres;
  const ctes: SQL[] = [];
  if (!hasText && !near && q.order === 'name' && target === 'services') {
    // A plain alphabetical listing (the ORUK feed): the page through the (name, id) index, and the count.
    const where = allOf(conds);
    const [page, total] = await Promise.all([
      db.execute<{ id: string }>(sql`select d.service_id as id from directory_search_doc d where ${where}
        order by d.name, d.service_id limit ${limit} offset ${offset}`),
      count(where),
    ]);
    return {
      rows: page.rows.map((r) => ({ id: r.id, relevance: 0, distance: null })),
      total,
      totalExact: true,
    };
  }
  const match = matchConds(q, words, join);
  conds.push(...match.conds);
  // The ORUK list's words without a place (an aggregator's search): ranking every match costs a
  // pass over all of them and a sort of them all, carried through a count over the whole ranking
  // (40 ms for "housing" at 100k). The same page comes from the services named for the words, in
  // name order (window.ts pageByName), and the exact total from a count of the matches alone, run
  // beside it on a second connection.
  if (opts.exactTotal && match.words && !near && q.order !== 'name' && target === 'services') {
    const where = allOf(conds);
    const [page, total] = await Promise.all([
      pageByName(db, { conds, filters: f.conds, words: match.words, offset, limit, size: opts.windowSize }),
      count(where),
    ]);
    return { rows: page, total, totalExact: true };
  }
  // An area or an organisation bounds the matches to hundreds: ranking them all is quick enough.
  if (opts.quick && target === 'services' && q.order !== 'name' && !q.areaCode && !q.organizationId) {
    const quick = await searchWindow(db, {
      conds,
      filters: f.conds,
      words: match.words,
      near,
      offset,
      limit,
      size: opts.windowSize,
    });
    if (quick) return quick;
  }
  // Relevance: 2 named for every word and described by them, 1 only named, 0 only mentioned (filters.ts).
  const relevance = match.words ? relevanceSql(match.words) : sql`0`;
  const { distance, areaDistance } = serviceDistances(near);
  ctes.push(sql`measured as (
    select d.service_id as id, d.name, ${relevance} as relevance, ${distance} as distance, ${areaDistance} as area_distance
    from directory_search_doc d
    where ${allOf(conds)})`);
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

export async function runRanking(
  db: DbOrTx,
  query: SearchQuery,
  target: Target,
  opts: { fallbackToAny: boolean; exactTotal?: boolean } & SearchOptions,
): Promise<Ranking> {
  const page = Math.max(1, Math.floor(query.page ?? 1));
  const perPage = Math.min(1000, Math.max(1, Math.floor(query.perPage ?? 20)));
  const moment = londonMoment(query.now ?? new Date());
  const text = query.text?.trim() ?? '';
  const words: ExpandedQuery = text
    ? (opts.words ?? (await expandQuery(db, text)))
    : { words: [], ignored: [], understood: [] };
  const empty = { ids: [], total: 0, totalExact: true, words, page, perPage };
  const f = await filters(db, query, moment);
  if (f.impossible) return { ...empty, matched: text ? 'all' : 'none' };
  if (text && !words.words.length) return { ...empty, matched: 'all' };
  const offset = (page - 1) * perPage;
  let matched: SearchResults['matched'] = text ? 'all' : 'none';
  const quick = {
    quick: opts.quick ?? false,
    windowSize: opts.windowSize,
    exactTotal: opts.exactTotal,
    rememberTotal: opts.rememberTotal,
  };
  let ranked = await rank(db, query, words, text ? 'and' : null, f, perPage, offset, target, quick);
  if (opts.fallbackToAny && text && ranked.total === 0 && words.words.length > 1) {
    matched = 'any';
    // Any word: another count than the one remembered for every word.
    ranked = await rank(db, query, words, 'or', f, perPage, offset, target, {
      ...quick,
      rememberTotal: undefined,
    });
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
export function rankServices(
  db: DbOrTx,
  query: SearchQuery,
  opts: Pick<SearchOptions, 'windowSize' | 'words' | 'rememberTotal'> = {},
): Promise<Ranking> {
  return runRanking(db, query, 'services', { fallbackToAny: false, exactTotal: true, ...opts });
}

/**
 * Ids of the service_at_location rows of matching services, one per public location (withheld
 * locations never), ranked like services but by each location's own distance: /service_at_locations.
 */
export function rankServiceAtLocations(db: DbOrTx, query: SearchQuery): Promise<Ranking> {
  return runRanking(db, query, 'service_at_locations', { fallbackToAny: false });
}
