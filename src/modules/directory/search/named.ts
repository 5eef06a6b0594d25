/**
 * The first services named for the words, in ranking order without a place: tier 2 (named for every
 * word and described by them) before tier 1 (only named), each by name (filters.ts `relevanceSql`).
 * Find support's words alone and the ORUK list's `?search=` (search/window.ts) start from them.
 *
 * Why a walk: ranking every named service tests each one's description, and broad words name many
 * ("domestic abuse" names 11,000 of 100,000 services: 17 ms). In name order, the named-and-described
 * services among the first services read are exactly the start of tier 2; when there are as many as
 * the page needs, that is the answer, from a read of a few thousand rows through the name index.
 * When the walk cannot prove its answer (few or no services of tier 2 in it, so tier 1 may come into
 * the page), every named service is ranked, as before.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../platform/db/index.ts';
import { allOf, describedSql, namedSql } from './filters.ts';

/**
 * Services the walk reads at first, at least (twenty per row needed, when more are needed). Names
 * cluster (a run of one provider's counselling services), so a short read says little about what
 * follows; 3,000 rows cost about 3 ms at 100k.
 */
export const NAME_WALK = 3_000;
/** Past this many rows a walk costs more than ranking the services named for any words (about 11,000). */
const MAX_WALK = 10_000;
/** Reading on costs about this fraction of ranking a named service, per row read (measured at 100k). */
const WALK_COST = 0.7;
const TOP_TIER = 2;

export interface NamedRow {
  id: string;
  relevance: number;
}

/** How the answer was found: by the walk alone, after reading on, or by ranking every named service. */
export type NamedHow = 'walk' | 'walked-on' | 'ranked';

interface Step {
  /** The services picked that pass the filters, with their tier, in name order. */
  picked: NamedRow[];
  /** The key of the last service read, when the walk read all it asked for (there may be more). */
  last: { name: string; id: string } | null;
  /** PostgreSQL's estimate of the table's rows. */
  rows: number;
}

/**
 * `filters`: the conditions on the search row `d` without the words' match. `need`: how many named
 * services, from the first; fewer when fewer are named. `size`: the walk's first read (tests make it
 * small).
 */
export async function firstNamed(
  db: DbOrTx,
  q: { filters: SQL[]; words: SQL; need: number; size?: number },
): Promise<{ rows: NamedRow[]; how: NamedHow }> {
  const first = q.size ?? Math.max(NAME_WALK, q.need * 20);
  if (first > MAX_WALK) return ranked(db, q);
  const a = await walkStep(db, byNames(q), first, null);
  if (!a.last) return { rows: inTierOrder(a.picked).slice(0, q.need), how: 'walk' };
  const top = a.picked.filter((r) => r.relevance === TOP_TIER);
  if (top.length >= q.need) return { rows: top.slice(0, q.need), how: 'walk' };
  if (top.length > 0) {
    // Read on as far as the walk so far says holds the rest of the page, with a margin, when that
    // costs less than ranking every named service (as many as the walk so far suggests).
    const more = Math.ceil((((q.need - top.length) * first) / top.length) * 1.25);
    const namedEstimate = (a.picked.length / first) * a.rows;
    if (more <= MAX_WALK && more * WALK_COST < namedEstimate) {
      const b = await walkStep(db, byNames(q), more, a.last);
      const named = [...a.picked, ...b.picked];
      const topNow = named.filter((r) => r.relevance === TOP_TIER);
      if (topNow.length >= q.need) return { rows: topNow.slice(0, q.need), how: 'walked-on' };
      if (!b.last) return { rows: inTierOrder(named).slice(0, q.need), how: 'walked-on' };
    }
  }
  return ranked(db, q);
}

/** Every named service ranked: cheap for words that name few services. */
async function ranked(
  db: DbOrTx,
  q: { filters: SQL[]; words: SQL; need: number },
): Promise<{ rows: NamedRow[]; how: NamedHow }> {
  const { rows } = await db.execute<{ id: string; relevance: number }>(sql`
    select d.service_id as id, 1 + (${describedSql(q.words)})::int as relevance
    from directory_search_doc d where ${allOf([...q.filters, namedSql(q.words)])}
    order by relevance desc, d.name, d.service_id limit ${q.need}`);
  return { rows: rows.map((r) => ({ id: r.id, relevance: Number(r.relevance) })), how: 'ranked' };
}

/** Every named service the walk met, best tier first; each tier stays in name order (a stable sort). */
const inTierOrder = (named: NamedRow[]) => [...named].sort((x, y) => y.relevance - x.relevance);

/** What a walk picks: a cheap test on every row read, then the filters and the tier on those it picks. */
interface Pick {
  picked: SQL;
  filters: SQL[];
  tier: SQL;
}

const byNames = (q: { filters: SQL[]; words: SQL }): Pick => ({
  picked: namedSql(q.words),
  filters: q.filters,
  tier: sql`1 + (${describedSql(q.words)})::int`,
});

/**
 * The `size` services after `after` in name order (through the (name, id) index, whatever the
 * filters: the walk's work is bounded by `size`, however few services pass them), with the tier of
 * each one picked that passes the filters, and the last one read (to read on from). The filters are
 * tested only on services picked: "open now" reads a service's schedules.
 */
async function walkStep(
  db: DbOrTx,
  p: Pick,
  size: number,
  after: { name: string; id: string } | null,
): Promise<Step> {
  const from = after ? sql`where (d.name, d.service_id) > (${after.name}, ${after.id}::uuid)` : sql``;
  const { rows } = await db.execute<{
    id: string;
    name: string;
    tier: number | null;
    n: string;
    est: number;
  }>(sql`
    select id, name, tier, n, (select reltuples from pg_class where oid = 'directory_search_doc'::regclass) as est
    from (
      select d.service_id as id, d.name,
        case when ${p.picked} then case when ${allOf(p.filters)} then ${p.tier} end end as tier,
        row_number() over (order by d.name, d.service_id) as n
      from directory_search_doc d ${from}
      order by d.name, d.service_id limit ${size}) x
    where tier is not null or n = ${size}
    order by n`);
  const end = rows.at(-1);
  return {
    picked: rows.flatMap((r) => (r.tier === null ? [] : [{ id: r.id, relevance: Number(r.tier) }])),
    last: end && Number(end.n) === size ? { name: end.name, id: end.id } : null,
    rows: Math.max(0, Number(rows[0]?.est ?? 0)),
  };
}

/**
 * The first `need` services that match the words without being named for them (tier 0), by name.
 * A walk in name order finds them when they are many; otherwise (few, or filters few pass: "open
 * now" late at night) every match is read through the words' index and the first taken by name,
 * instead of a walk through every service in name order testing each one's schedules (half a
 * second at 100k).
 */
export async function firstMentioning(
  db: DbOrTx,
  q: { filters: SQL[]; words: SQL; need: number; size?: number },
): Promise<string[]> {
  const mentioning = sql`d.document @@ (${q.words}) and not (${namedSql(q.words)})`;
  const first = q.size ?? Math.max(NAME_WALK, q.need * 20);
  if (first <= MAX_WALK) {
    const a = await walkStep(db, { picked: mentioning, filters: q.filters, tier: sql`0` }, first, null);
    if (!a.last || a.picked.length >= q.need) return a.picked.slice(0, q.need).map((r) => r.id);
  }
  // The fence (offset 0) plans the matches on their own, through the index on the words.
  const { rows } = await db.execute<{ id: string }>(sql`
    select id from (select d.service_id as id, d.name from directory_search_doc d
      where ${allOf([...q.filters, mentioning])} offset 0) x
    order by name, id limit ${q.need}`);
  return rows.map((r) => r.id);
}
