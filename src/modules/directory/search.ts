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
 * health". Words in Arabic that name a need or group (search/term-words.ts: each term's Arabic name
 * and common words, folded for spelling variants and corrected in Arabic) are searched as their
 * English twin: "سكن" finds exactly what "housing" finds (search/arabic.ts). All words must match; when that finds nothing, services matching any word are returned
 * and `matched` says 'any'.
 *
 * Ranking: relevance first: services named for every word (in their name, alternate name or the
 * name of a need they meet: the search row's `names`) whose description says them too, then those
 * only named for them (an English class that also carries the housing need), then those that only
 * mention them (search/filters.ts `relevanceSql`); then
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
 * `near.withinMetres`, `organizationId`, `onPlatform` (run by an organisation of the partnership), `modifiedAfter`, `minimumAge`/`maximumAge` (as ORUK: the
 * service's minimum age is at least / maximum age at most the value), `schedule` (a schedule on
 * `day` opening at or after `startTime` and closing by `endTime`), `statuses` (default: active).
 *
 * Pages: `page` from 1, `perPage` 1..1000 (default 20).
 */
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/index.ts';
import { executePrepared } from '../../platform/db/prepared.ts';
import type { ServiceStatus } from './schema.ts';
import { haversine } from './search/distance.ts';
import { runRanking } from './search/rank.ts';
import { isOpenAt, londonMoment, openingTime, type ScheduleLike } from './search/schedule.ts';
import type { PublicLocation, SearchHit, SearchOptions, SearchQuery, SearchResults } from './search/types.ts';

export { containingAreaCodes } from './search/filters.ts';
export { type Ranking, rankServiceAtLocations, rankServices } from './search/rank.ts';
export type { OpeningTime, Weekday } from './search/schedule.ts';
export { weekdays } from './search/schedule.ts';
export type {
  PublicLocation,
  SearchHit,
  SearchOptions,
  SearchQuery,
  SearchResults,
} from './search/types.ts';

type DetailRow = {
  id: string;
  name: string;
  description: string | null;
  status: ServiceStatus;
  url: string | null;
  email: string | null;
  org_id: string | null;
  org_name: string | null;
  on_platform: boolean;
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
  // Prepared: its text is fixed (two shapes, with or without a point), and planning it cost more than running it.
  const { rows } = await executePrepared<DetailRow>(
    db,
    sql`
    select s.id, s.name, s.description, s.status, s.url, s.email, o.id as org_id, o.name as org_name,
      exists (select 1 from organisations po where po.id = o.id and po.active) as on_platform,
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
      -- An aggregate, not exists(): the planner may turn exists() into one scan of every cost option.
      coalesce((select bool_or(c.amount = 0 or lower(c.option) like 'free%' or lower(c.amount_description) like 'free%')
        from directory_cost_option c where c.service_id = s.id), false) as free,
      coalesce((select json_agg(json_build_object('freq', sc.freq, 'byday', sc.byday, 'bymonthday', sc.bymonthday,
          'opens_at', sc.opens_at, 'closes_at', sc.closes_at, 'valid_from', sc.valid_from, 'valid_to', sc.valid_to,
          'description', sc.description) order by sc.id)
        from (select * from directory_schedule x where x.service_id = s.id
          union all select x.* from directory_service_at_location sal join directory_schedule x on x.service_at_location_id = sal.id
            where sal.service_id = s.id) sc), '[]') as schedules,
      coalesce((select json_agg(p.number order by p.id) from directory_phone p where p.service_id = s.id), '[]') as phones
    from directory_service s left join directory_organization o on o.id = s.organization_id
    where s.id = any(${sql.param(ids)}::uuid[])`,
  );
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

/**
 * Finds services for a woman or a key worker: words, needs, place and filters; one page of results.
 * A broad search may give a `total` that is only a lower bound (`totalExact` false).
 */
export async function searchServices(
  db: DbOrTx,
  query: SearchQuery,
  opts: SearchOptions = {},
): Promise<SearchResults> {
  return (await searchKeepingSchedules(db, query, opts)).results;
}

/** Each result's schedules by service id: "open now" again at another moment (openNowAt). */
export type HitSchedules = Record<string, ScheduleLike[]>;

/** As searchServices, with each result's schedules, so a kept answer can say "open now" later. */
export async function searchKeepingSchedules(
  db: DbOrTx,
  query: SearchQuery,
  opts: SearchOptions = {},
): Promise<{ results: SearchResults; schedules: HitSchedules }> {
  const ranked = await runRanking(db, query, 'services', {
    fallbackToAny: true,
    quick: opts.quick ?? true,
    windowSize: opts.windowSize,
    words: opts.words,
  });
  const moment = londonMoment(query.now ?? new Date());
  const rows = await details(
    db,
    ranked.ids.map((r) => r.id),
    query.near,
  );
  const items: SearchHit[] = [];
  const schedules: HitSchedules = {};
  for (const r of ranked.ids) {
    const d = rows.get(r.id);
    if (!d) continue;
    schedules[d.id] = d.schedules;
    items.push({
      id: d.id,
      name: d.name,
      description: d.description,
      status: d.status,
      url: d.url,
      email: d.email,
      phones: d.phones,
      organization: d.org_id ? { id: d.org_id, name: d.org_name ?? '', onPlatform: d.on_platform } : null,
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
  const results: SearchResults = {
    total: ranked.total,
    totalExact: ranked.totalExact,
    page: ranked.page,
    perPage: ranked.perPage,
    totalPages: Math.max(1, Math.ceil(ranked.total / ranked.perPage)),
    matched: ranked.matched,
    query: ranked.words,
    items,
  };
  return { results, schedules };
}

/** The same hits (copies), "open now" at `now` (Europe/London) from their schedules. */
export function openNowAt(hits: readonly SearchHit[], schedules: HitSchedules, now: Date): SearchHit[] {
  const moment = londonMoment(now);
  return hits.map((hit) => ({ ...hit, openNow: (schedules[hit.id] ?? []).some((s) => isOpenAt(s, moment)) }));
}

/** What Find support offers when her area has no result, or beside its results. */
export interface Beyond {
  /** The nearest services of what she searched for, whatever their area (only when asked for). */
  nearest: SearchHit[];
  /** Services covering all of her nation (a national helpline), or any nation without a place. */
  nationwide: SearchHit[];
}

export interface BeyondOptions {
  nearest: boolean;
  limit?: number;
  words?: SearchOptions['words'];
}

/**
 * Beyond her area: the `limit` nearest services matching `query` in any area (with `nearest` and a
 * `near` point), and the services covering her whole nation that match it. Each list leaves out
 * the other's services, so a national helpline is listed once, as national.
 */
export async function searchBeyond(
  db: DbOrTx,
  query: SearchQuery,
  opts: BeyondOptions,
  // The search to ask (reads.ts hands in its cached one).
  search: (q: SearchQuery, o: SearchOptions) => Promise<SearchResults> = (q, o) => searchServices(db, q, o),
): Promise<Beyond> {
  const limit = opts.limit ?? 3;
  const base: SearchQuery = { ...query, page: 1, perPage: limit };
  const options: SearchOptions = { words: opts.words };
  const [nationwide, nearest] = await Promise.all([
    search({ ...base, coverage: 'nationwide' }, options),
    opts.nearest && query.near ? search({ ...base, areaCode: undefined, coverage: 'local' }, options) : null,
  ]);
  return { nearest: nearest?.items ?? [], nationwide: nationwide.items };
}
