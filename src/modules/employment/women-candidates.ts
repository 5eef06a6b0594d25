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
}

/**
 * An organisation's candidates for an opportunity in the order (bound descending, id), in two steps
 * of one query: every candidate's bound is worked out from the covering index alone (index-only:
 * the prefilter `where` and the bound read only the columns it carries, migration 0054), and only
 * the rows wanted (those after the cursor `after`, with a bound of at least `atLeast`, the first
 * `limit` of them) are then read from the table by primary key, as one JSON text PostgreSQL builds
 * and one JSON.parse reads (json-rows.ts says why). Her right to work is not read: it is read and
 * decrypted for the few women shown.
 */
export async function readCandidates(
  db: DbOrTx,
  where: SQL,
  bound: SQL,
  opts: CandidatePage,
): Promise<Candidate[]> {
  const w = sql.raw('w');
  const list = sql.join(
    keys.map((k) => sql`${w}.${sql.identifier(columns[k].name)}`),
    sql`, `,
  );
  const a = opts.after;
  const after = a
    ? sql` and (bound < ${a.bound} or (bound = ${a.bound} and participant_id > ${a.id}::uuid))`
    : sql``;
  const best =
    opts.limit === undefined ? sql`` : sql` order by bound desc, participant_id limit ${opts.limit}`;
  // `offset 0` keeps the bound worked out once per candidate, in the index-only scan.
  const { rows } = await db.execute<{ j: string }>(sql`
    select coalesce(json_agg(json_build_array(${list}, c.bound) order by c.bound desc, c.participant_id), '[]')::text as j
    from (
      select participant_id, bound from (
        select ${workProfiles.participantId} as participant_id, ${bound} as bound
        from ${workProfiles} where ${where} offset 0
      ) s where bound >= ${opts.atLeast ?? -1}${after}${best}
    ) c
    join ${workProfiles} ${w} on ${w}.participant_id = c.participant_id`);
  const data = JSON.parse(rows[0]!.j) as unknown[][];
  return data.map((r) => {
    const o: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) o[keys[i]!] = r[i];
    o.bound = r[keys.length];
    return o as Candidate;
  });
}

/**
 * Reads candidates best bound first until no unread one could enter the lists, ranking all read
 * so far after each read: the first `first`; then, while a list is not full (its threshold unknown),
 * the next page, twice as many each time; once the lists' threshold is known (the score an unread
 * candidate would need to enter both), every candidate after the last read whose bound reaches it.
 * Exact: a candidate left unread comes after the last read, so her bound, and her score, is below
 * the threshold. (score-bounds.ts bestFirst reads everything left once a list is not full; here a
 * list that fills late, as when few of the best consent or have the right to work it needs, costs
 * a page or two.)
 */
export async function bestFirstPaged<T>(
  read: (page: CandidatePage) => Promise<Candidate[]>,
  rank: (rows: Candidate[]) => Promise<T>,
  threshold: (ranked: T) => number | null,
  first: number,
): Promise<T> {
  const rows: Candidate[] = [];
  let size = first;
  let page = await read({ limit: size });
  for (;;) {
    rows.push(...page);
    const ranked = await rank(rows);
    if (page.length < size) return ranked; // every candidate is read
    const last = rows.at(-1)!;
    const after = { bound: last.bound, id: last.participantId };
    const t = threshold(ranked);
    if (t !== null) {
      if (last.bound < t) return ranked;
      rows.push(...(await read({ after, atLeast: t })));
      return rank(rows);
    }
    size *= 2;
    page = await read({ after, limit: size });
  }
}
