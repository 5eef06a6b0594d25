import { type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/index.ts';
import type { UncheckedProfile } from './match.ts';
import { workProfiles } from './schema.ts';

/** What matching reads of her profile, and nothing else (her care notes and right to work are not read here). */
const columns = {
  participantId: workProfiles.participantId,
  skills: workProfiles.skills,
  sectors: workProfiles.sectors,
  qualificationLevel: workProfiles.qualificationLevel,
  spokenEnglish: workProfiles.spokenEnglish,
  writtenEnglish: workProfiles.writtenEnglish,
  availability: workProfiles.availability,
  schoolHoursOnly: workProfiles.schoolHoursOnly,
  termTimeOnly: workProfiles.termTimeOnly,
  latitude: workProfiles.latitude,
  longitude: workProfiles.longitude,
  maxJourneyMinutes: workProfiles.maxJourneyMinutes,
  modes: workProfiles.modes,
  payNeededPence: workProfiles.payNeededPence,
  aspirations: workProfiles.aspirations,
} satisfies Record<keyof UncheckedProfile, unknown>;
const keys = Object.keys(columns) as (keyof UncheckedProfile)[];

export type Candidate = UncheckedProfile & { bound: number };

export interface CandidatePage {
  /** The last candidate already read: only those after her in the order. */
  after?: { bound: number; id: string };
  atLeast?: number;
  limit?: number;
  /** After the `limit` read in full, how many more to name (id and bound) without reading them. */
  more?: number;
}

/** A candidate named, not yet read. */
export interface Named {
  id: string;
  bound: number;
}

const w = sql.raw('w');
const list = sql.join(
  keys.map((k) => sql`${w}.${sql.identifier(columns[k].name)}`),
  sql`, `,
);

function parseRows(j: string): Candidate[] {
  const data = JSON.parse(j) as unknown[][];
  return data.map((r) => {
    const o: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) o[keys[i]!] = r[i];
    o.bound = r[keys.length];
    return o as Candidate;
  });
}

/**
 * An organisation's candidates for an opportunity in the order (bound descending, id), in two steps
 * of one query: every candidate's bound is worked out from the covering index alone (index-only:
 * the prefilter `where` and the bound read only the columns it carries, migration 0054), and only
 * the rows wanted (those after the cursor `after`, with a bound of at least `atLeast`, the first
 * `limit` of them) are then read from the table by primary key, as one JSON text PostgreSQL builds
 * and one JSON.parse reads (json-rows.ts says why); the `more` after them are named, so that reading
 * them later takes them by key instead of bounding every candidate again. Her right to work is not
 * read: it is read and decrypted for the few women shown.
 */
export async function readCandidates(
  db: DbOrTx,
  where: SQL,
  bound: SQL,
  opts: CandidatePage,
): Promise<{ rows: Candidate[]; named: Named[] }> {
  const a = opts.after;
  const after = a
    ? sql` and (bound < ${a.bound} or (bound = ${a.bound} and participant_id > ${a.id}::uuid))`
    : sql``;
  const take = opts.limit === undefined ? undefined : opts.limit + (opts.more ?? 0);
  const best = take === undefined ? sql`` : sql` order by bound desc, participant_id limit ${take}`;
  const full = opts.limit === undefined ? sql`` : sql` where c.i <= ${opts.limit}`;
  const beyond = opts.limit === undefined ? sql`false` : sql`c.i > ${opts.limit}`;
  // `offset 0` keeps the bound worked out once per candidate, in the index-only scan.
  const { rows } = await db.execute<{ j: string; named: string }>(sql`
    with c as materialized (
      select participant_id, bound, row_number() over (order by bound desc, participant_id) as i from (
        select participant_id, bound from (
          select ${workProfiles.participantId} as participant_id, ${bound} as bound
          from ${workProfiles} where ${where} offset 0
        ) s where bound >= ${opts.atLeast ?? -1}${after}${best}
      ) t
    )
    select
      (select coalesce(json_agg(json_build_array(${list}, c.bound) order by c.i), '[]')::text
       from c join ${workProfiles} ${w} on ${w}.participant_id = c.participant_id${full}) as j,
      (select coalesce(string_agg(c.participant_id::text || ' ' || c.bound, ',' order by c.i), '')
       from c where ${beyond}) as named`);
  const named = rows[0]!.named
    ? rows[0]!.named.split(',').map((x) => {
        const [id, b] = x.split(' ');
        return { id: id!, bound: Number(b) };
      })
    : [];
  return { rows: parseRows(rows[0]!.j), named };
}

/** Named candidates read in full, by key, in the order given. */
export async function readNamed(db: DbOrTx, organisationId: string, named: Named[]): Promise<Candidate[]> {
  if (!named.length) return [];
  const { rows } = await db.execute<{ j: string }>(sql`
    select coalesce(json_agg(json_build_array(${list}, c.bound) order by c.i), '[]')::text as j
    from unnest(${`{${named.map((n) => n.id).join(',')}}`}::uuid[], ${`{${named.map((n) => n.bound).join(',')}}`}::int[])
      with ordinality as c(participant_id, bound, i)
    join ${workProfiles} ${w} on ${w}.participant_id = c.participant_id and ${w}.organisation_id = ${organisationId}`);
  return parseRows(rows[0]!.j);
}

/**
 * Reads candidates best bound first until no unread one could enter the lists, ranking all read
 * so far after each read: the first `first` (naming the next `first` × 8); then, while a list is
 * not full (its threshold unknown), the next page, at least twice as many each time; once the lists'
 * threshold is known (the score an unread candidate would need to enter both), every unread
 * candidate whose bound reaches it. Named candidates are read by key; past them, the candidates
 * after the last named are bounded again. Exact: a candidate left unread comes after every one
 * read, so her bound, and her score, is below the threshold. (score-bounds.ts bestFirst reads
 * everything left once a list is not full; here a list that fills late, as when few of the best
 * consent or have the right to work it needs, costs a page or two.)
 */
export async function bestFirstPaged<T>(
  read: (page: CandidatePage) => Promise<{ rows: Candidate[]; named: Named[] }>,
  readByKey: (named: Named[]) => Promise<Candidate[]>,
  rank: (rows: Candidate[]) => Promise<T>,
  threshold: (ranked: T) => number | null,
  /** How full the fuller-needing list is, 0 to 1: a list filling slowly asks for a bigger page. */
  filled: (ranked: T) => number,
  first: number,
): Promise<T> {
  let size = first;
  const start = await read({ limit: size, more: size * 8 });
  const rows = start.rows;
  let queue = start.named;
  // Every candidate is read or named (nothing lies past the named ones).
  let complete = rows.length + queue.length < size * 9;
  for (;;) {
    const ranked = await rank(rows);
    const lastKnown = queue.at(-1) ?? rows.at(-1);
    if (!lastKnown || (complete && !queue.length)) return ranked;
    // The best bound left unread: the next named, or (none named) at most the last one read.
    const next = queue[0]?.bound ?? lastKnown.bound;
    const t = threshold(ranked);
    if (t !== null && next < t) return ranked;
    // Twice the page, or as many as the rows read so far suggest will fill the lists (a quarter to spare).
    size = Math.max(size * 2, Math.ceil((rows.length * 1.25) / Math.max(filled(ranked), 0.05)) - rows.length);
    // From the named first: the next page, or all that reach the threshold.
    let n = 0;
    while (n < queue.length && (t === null ? n < size : queue[n]!.bound >= t)) n++;
    rows.push(...(await readByKey(queue.slice(0, n))));
    queue = queue.slice(n);
    const short = t === null ? n < size : !queue.length;
    if (!queue.length && !complete && short) {
      // Past the named: bound the candidates after the last one known again.
      const last = 'participantId' in lastKnown ? lastKnown.participantId : lastKnown.id;
      const past = await read({
        after: { bound: lastKnown.bound, id: last },
        atLeast: t ?? undefined,
        limit: t === null ? size - n : undefined,
      });
      rows.push(...past.rows);
      complete = t !== null || past.rows.length < size - n;
    }
    if (t !== null) return rank(rows);
  }
}
