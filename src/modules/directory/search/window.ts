/**
 * The quick answer to a broad search: look at only the services an index reaches first (the nearest
 * to `near` through the GiST index on `earth`, or the first by name), and answer from them when that
 * is provably the answer the full ranking would give. Otherwise say so (null) and the caller ranks
 * every match (search.ts `rank`).
 *
 * Why: "housing near a postcode" matches 14,000 of 100,000 services. Ranking all of them reads 14,000
 * rows however good the indexes; the nearest thousand services hold the first pages of that answer.
 *
 * Ranking is tier (with words, search/filters.ts `relevanceSql`: 2 for services whose names — their
 * own or their needs' — hold every word and whose description says them, 1 for those only named for
 * them, 0 for the rest), then distance, then name. Services named for the words are found first
 * through their own index (`names`): when there are few, all of them are ranked exactly and the walk
 * looks only for the rest (tier 0). When there are many, the walk must hold services of tier 2.
 *
 * Proof, for the nearest-first walk: a service outside the window is at least `floor` metres away
 * (the walk meets the points services are measured from, `directory_search_point`, nearest first),
 * so the window's top-tier services nearer than `floor`, in distance order, are the exact
 * start of the ranking of that tier. With a `withinMetres` below `floor` the window holds every match
 * and the total is exact too.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../platform/db/index.ts';
import { chordFloorMetres, chordFloorSql, earthGap, type Point, serviceDistances } from './distance.ts';
import { allOf, namedSql, relevanceSql } from './filters.ts';
import { firstMentioning, firstNamed } from './named.ts';

/** Points the nearest-first walk reads: a few pages of a need that one service in seven meets. */
export const WINDOW_SIZE = 1_000;
/** Up to this many services named for the words are ranked outright, whatever else matches. */
export const FEW_NAMED = 500;
/** The best relevance there is (filters.ts `relevanceSql`): a walk over many named services must hold it. */
const TOP_TIER = 2;

export interface WindowQuery {
  /** Conditions on the search row `d` (filters, and the words' match when there are words). */
  conds: SQL[];
  /** The filters alone, without the words' match: a walk in name order reads through them. */
  filters: SQL[];
  /** With words: their tsquery (matched by `conds`; `names @@` it ranks first). */
  words: SQL | null;
  near?: Point & { withinMetres?: number };
  offset: number;
  limit: number;
  size?: number;
}

export interface WindowAnswer {
  rows: { id: string; relevance: number; distance: number | null }[];
  total: number;
  /** False when `total` is only how many are certainly there: there are more. */
  totalExact: boolean;
}

type Hit = { id: string; tier: number; sort_distance: number | null; distance: number | null };

const withinFilter = (within: number | undefined) =>
  within !== undefined ? sql`where coalesce(distance, area_distance) <= ${within}::float8` : sql``;

export async function searchWindow(db: DbOrTx, w: WindowQuery): Promise<WindowAnswer | null> {
  const need = w.offset + w.limit;
  if (!w.near) return byName(db, w);
  if (!w.words) return walk(db, w, { tier: sql`0`, requireTier: null });
  const named = namedSql(w.words);
  const { rows: probe } = await db.execute<{ n: string }>(sql`
    select count(*) as n from (select 1 from directory_search_doc d where ${named} limit ${FEW_NAMED + 1}) x`);
  if (Number(probe[0]?.n ?? 0) > FEW_NAMED)
    return walk(db, w, { tier: relevanceSql(w.words), requireTier: TOP_TIER });

  // Few services are named for the words: rank them all, then walk for the rest.
  const { distance, areaDistance } = serviceDistances(w.near);
  const { rows } = await db.execute<{ n: string; first: Hit[] }>(sql`
    with measured as (select d.service_id as id, d.name, ${relevanceSql(w.words)} as tier,
        ${distance} as distance, ${areaDistance} as area_distance
      from directory_search_doc d where ${allOf([...w.conds, named])}),
    hits as (select id, name, tier, coalesce(distance, area_distance) as sort_distance, distance
      from measured ${withinFilter(w.near?.withinMetres)})
    select (select count(*) from hits) as n,
      coalesce((select json_agg(h) from (select id, tier, sort_distance, distance from hits
        order by tier desc, sort_distance nulls last, name, id limit ${need}) h), '[]') as first`);
  const namedCount = Number(rows[0]!.n);
  const first = rows[0]!.first.map(toRow);
  if (namedCount <= need) return withRest(db, w, named, first);
  // The page is all named services; the walk counts the rest (`first` holds `need` of them).
  const counted = await withRest(db, { ...w, offset: need, limit: 0 }, named, first);
  if (!counted) return null;
  return {
    rows: first.slice(w.offset, need),
    total: namedCount + counted.total - first.length,
    totalExact: counted.totalExact,
  };
}

/** `first`: every service named for the words, ranked; the rest (tier 0) follow them, from a walk. */
async function withRest(
  db: DbOrTx,
  w: WindowQuery,
  named: SQL,
  first: WindowAnswer['rows'],
): Promise<WindowAnswer | null> {
  const need = w.offset + w.limit;
  const restOffset = Math.max(0, w.offset - first.length);
  const rest = await walk(
    db,
    {
      ...w,
      conds: [...w.conds, sql`not (${named})`],
      offset: restOffset,
      limit: need - first.length - restOffset,
    },
    { tier: sql`0`, requireTier: null },
  );
  if (!rest) return null;
  return {
    rows: [...first.slice(w.offset), ...rest.rows],
    total: first.length + rest.total,
    totalExact: rest.totalExact,
  };
}

const toRow = (h: Hit) => ({ id: h.id, relevance: h.tier, distance: h.distance });

async function walk(
  db: DbOrTx,
  w: WindowQuery,
  opts: { tier: SQL; requireTier: number | null },
): Promise<WindowAnswer | null> {
  const size = w.size ?? WINDOW_SIZE;
  const need = w.offset + w.limit;
  const near = w.near!;
  const within = near.withinMetres;
  const { distance, areaDistance } = serviceDistances(near);
  const gap = earthGap(near, sql`p.earth`);
  const { rows } = await db.execute<{
    scanned: string;
    reach: number | null;
    hits: string;
    top_tier: number | null;
    certain: string;
    first: Hit[];
  }>(sql`
    with
    -- The nearest points first: a service's first point met is its nearest.
    pts as materialized (select p.service_id, ${gap} as knn from directory_search_point p order by ${gap} limit ${size}),
    -- One pass over their services: the conditions are evaluated as each is read, and only what
    -- ranking needs is kept (a filter on a subquery column would be planned for every row).
    w as materialized (
      select d.service_id as id, d.name, m.knn, ${allOf(w.conds)} as ok,
        ${opts.tier} as tier, ${distance} as distance, ${areaDistance} as area_distance
      from (select service_id, min(knn) as knn from pts group by service_id) m
        join directory_search_doc d on d.service_id = m.service_id),
    hits as (
      select id, name, tier, coalesce(distance, area_distance) as sort_distance, distance
      from (select * from w where ok) m ${withinFilter(within)})
    select (select count(*) from pts) as scanned, (select max(knn) from pts) as reach,
      (select count(*) from hits) as hits, (select max(tier) from hits) as top_tier,
      (select count(*) from hits where tier = (select max(tier) from hits)
        and sort_distance < ${chordFloorSql(sql`(select max(knn) from pts)`)}) as certain,
      coalesce((select json_agg(h) from (select id, tier, sort_distance, distance from hits
        order by tier desc, sort_distance nulls last, name, id limit ${need + 1}) h), '[]') as first`);
  const r = rows[0]!;
  const floor = r.reach === null ? 0 : chordFloorMetres(r.reach);
  const page = r.first.slice(w.offset, need).map(toRow);
  // Every point was met: a small directory, where services with no place at all may also match.
  if (Number(r.scanned) < size) return null;
  // Every service close enough to count was met.
  if (within !== undefined && within < floor) return { rows: page, total: Number(r.hits), totalExact: true };
  // The window must hold the best tier there is: a service of a better one outside it would rank first.
  if (opts.requireTier !== null && r.top_tier !== opts.requireTier) return null;
  const certain = Number(r.certain);
  if (certain <= need) return null;
  return { rows: page, total: certain, totalExact: false };
}

/**
 * Without a place: services by tier (named for the words and described by them, only named, the
 * rest), each tier by name; with the words written into the statement, PostgreSQL's statistics
 * choose between the name index and the words'. The two named tiers come first (search/named.ts: a
 * walk in name order for broad words, or every named service ranked), then the rest by name.
 */
async function byName(db: DbOrTx, w: WindowQuery): Promise<WindowAnswer> {
  const need = w.offset + w.limit;
  // Read far enough for the page and to count up to `enough` in all; reading `enough` leaves the
  // total a lower bound.
  const enough = Math.max(need + 1, 101);
  const rows = await firstInOrder(db, w, enough);
  return { rows: rows.slice(w.offset, need), total: rows.length, totalExact: rows.length < enough };
}

/**
 * One page of a search by words without a place, in ranking order, for callers that count the
 * matches themselves (the ORUK list: search/rank.ts). Services named for the words first (tier 2,
 * then 1, each by name), found through the index on `names` alone: a service named for the words
 * matches them (its names are part of its document; search/schema.ts), so `filters` (the conditions
 * without the words' match) and `names @@` say all there is to say, and the document's index is not
 * read to intersect with it. Only when they do not fill the page, the rest (tier 0) by name.
 */
export async function pageByName(
  db: DbOrTx,
  w: Omit<WindowQuery, 'near'> & { words: SQL },
): Promise<WindowAnswer['rows']> {
  return (await firstInOrder(db, w, w.offset + w.limit)).slice(w.offset);
}

/**
 * The first `count` services in ranking order without a place: with words, those named for them
 * (search/named.ts), then those only mentioning them, by name; without, every match by name.
 */
async function firstInOrder(
  db: DbOrTx,
  w: Omit<WindowQuery, 'near'>,
  count: number,
): Promise<WindowAnswer['rows']> {
  if (!w.words)
    return (await firstByName(db, w.conds, count)).map((id) => ({ id, relevance: 0, distance: null }));
  const q = { filters: w.filters, words: w.words, size: w.size };
  const named = await firstNamed(db, { ...q, need: count });
  const rows: WindowAnswer['rows'] = named.rows.map((r) => ({ ...r, distance: null }));
  if (rows.length < count) {
    const rest = await firstMentioning(db, { ...q, need: count - rows.length });
    rows.push(...rest.map((id) => ({ id, relevance: 0, distance: null })));
  }
  return rows;
}

async function firstByName(db: DbOrTx, conds: SQL[], enough: number): Promise<string[]> {
  const { rows } = await db.execute<{ id: string }>(sql`select d.service_id as id from directory_search_doc d
    where ${allOf(conds)} order by d.name, d.service_id limit ${enough}`);
  return rows.map((r) => r.id);
}
