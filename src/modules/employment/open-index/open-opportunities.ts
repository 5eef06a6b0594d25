/**
 * The open opportunities, kept in this process's memory in the matcher's form, for her work page:
 * filtered by the prefilter's boxes and ranked here instead of reading thousands of rows from
 * PostgreSQL per page (a woman with no journey limit has about a fifth of all open ones as
 * candidates). Open opportunities are not personal data: what an employer shares with the
 * partnership. Who may see which is kept beside each one and applied per request, as the database
 * query did (opportunities.ts canSee / visibleTo).
 *
 * Why it is never stale: every use first reads the generation (open-index/schema.ts; one prepared,
 * one-row read). A write to the opportunities moves it on in the same commit as the data, so the
 * first page after that commit, in any app process on the database, reads the new number and reads
 * the open opportunities afresh before it ranks anything. They are read after the number, so they
 * are at least as new as it; the bound on staleness is that of reading them per page: none beyond
 * PostgreSQL's read-committed visibility. Concurrent pages that find the same new number share one
 * read. Rows are taken from the database as they are, and their boxes derived here by the very
 * function that stores them (match.ts opportunityDerived), so a row whose stored box is not yet
 * filled in is still filtered exactly.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { Actor } from '../../../platform/auth/actor.ts';
import type { Db } from '../../../platform/db/index.ts';
import { executePrepared } from '../../../platform/db/prepared.ts';
import {
  candidatesQueryFor,
  type Match,
  type OpportunityForMatch,
  opportunitiesForPrepared,
  opportunityDerived,
  type ProfileForMatch,
  toOpportunity,
} from '../match.ts';
import { OPPORTUNITY_DIMENSIONS } from '../matching-prefilter.ts';
import { canSee, type MatchRow, matchColumns } from '../opportunities.ts';
import { opportunities } from '../schema.ts';
import { bestFirst, listsThreshold } from '../score-bounds.ts';
import { ScoreBounds } from './bound.ts';

/** An open opportunity as kept: what matching and her page read, and who may see it. */
export interface OpenOpportunity extends MatchRow {
  organisationId: string;
  postedByOrganisationId: string | null;
  shareScope: 'partnership' | 'named';
  sharedWith: string[];
}

const columns = {
  ...matchColumns,
  organisationId: opportunities.organisationId,
  postedByOrganisationId: opportunities.postedByOrganisationId,
  shareScope: opportunities.shareScope,
  sharedWith: opportunities.sharedWith,
};

const D = OPPORTUNITY_DIMENSIONS;
/** Her reach first (latitude, longitude), then the closing date, English, qualification, term, hours. */
const ORDER = [0, 1, 8, 2, 3, 4, 5, 6, 7];

/** One open row as read (its version: PostgreSQL's xmin, new for every change), and what derives from it. */
export interface Entry {
  version: string;
  row: OpenOpportunity;
  prepared: OpportunityForMatch;
  lo: number[];
  hi: number[];
  days: number;
}

function entryOf(row: OpenOpportunity, version: string): Entry {
  const d = opportunityDerived(row);
  return {
    version,
    row,
    prepared: toOpportunity(row),
    lo: d.matchBox.lo,
    hi: d.matchBox.hi,
    days: d.hoursDays,
  };
}

/** One generation's open opportunities, newest first, with their boxes in flat typed arrays. */
export class OpenIndex {
  /** The matcher's form of each row, in the same order. */
  private readonly prepared: OpportunityForMatch[];
  /** The boxes by dimension (one array per dimension: a filter reads each one straight through). */
  private readonly lo: Float64Array[] = [];
  private readonly hi: Float64Array[] = [];
  private readonly days: Int32Array;
  private readonly bounds: ScoreBounds;
  private readonly byId = new Map<string, OpenOpportunity>();

  /** Newest first (created, then id, both descending), as the page names the newest. */
  readonly rows: OpenOpportunity[];

  constructor(
    readonly generation: bigint,
    /** Each open row with what is derived from it, newest first (kept to patch the next generation). */
    readonly entries: Entry[],
  ) {
    const n = entries.length;
    this.rows = entries.map((e) => e.row);
    this.prepared = entries.map((e) => e.prepared);
    for (let k = 0; k < D; k++) {
      this.lo.push(new Float64Array(n));
      this.hi.push(new Float64Array(n));
    }
    this.days = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const e = entries[i]!;
      for (let k = 0; k < D; k++) {
        this.lo[k]![i] = e.lo[k]!;
        this.hi[k]![i] = e.hi[k]!;
      }
      this.days[i] = e.days;
      this.byId.set(e.row.id, e.row);
    }
    this.bounds = new ScoreBounds(this.prepared);
  }

  get size() {
    return this.rows.length;
  }

  /**
   * Her candidates (positions): not past their closing date (all kept are open), visible to this
   * actor, and inside the prefilter's box on days she works: what the SQL prefilter kept
   * (opportunities.ts before), less its right-to-work test, a gate the matcher applies in full and
   * never a near miss.
   */
  candidates(actor: Actor, her: ProfileForMatch, on: string): Int32Array {
    const q = candidatesQueryFor(her, on);
    const notHers = ~q.days & 127;
    const { lo, hi, days, rows } = this;
    // Narrowed a dimension at a time, in place: the days, then her reach (most often the narrowest).
    const alive = new Int32Array(rows.length);
    let n = 0;
    for (let i = 0; i < rows.length; i++) if ((days[i]! & notHers) === 0) alive[n++] = i;
    for (const k of ORDER) {
      const l = lo[k]!;
      const h = hi[k]!;
      const ql = q.box.lo[k]!;
      const qh = q.box.hi[k]!;
      let m = 0;
      for (let j = 0; j < n; j++) {
        const i = alive[j]!;
        if (l[i]! <= qh && ql <= h[i]!) alive[m++] = i;
      }
      n = m;
    }
    let m = 0;
    for (let j = 0; j < n; j++) {
      const r = rows[alive[j]!]!;
      const visible = (r.shareScope === 'partnership' && actor.role !== 'employer') || canSee(actor, r);
      if ((r.closingDate === null || r.closingDate >= on) && visible) alive[m++] = alive[j]!;
    }
    return alive.subarray(0, m);
  }

  /**
   * Her fits and near misses, exactly as the matcher ranks every open opportunity she may see: the
   * candidates ranked best bound of her score first (bound.ts), `first` of them, then, as
   * bestFirst (score-bounds.ts) says, every one that could still enter a list of the sizes shown.
   */
  async rankFor(
    actor: Actor,
    her: ProfileForMatch,
    on: string,
    shown: { fits: number; nearMisses: number },
    first: number,
  ) {
    const picked = this.candidates(actor, her, on);
    const boundOf = this.bounds.forHer(her);
    const bounds = new Int32Array(picked.length);
    for (let j = 0; j < picked.length; j++) bounds[j] = boundOf(picked[j]!);
    // Best bound first (bounds are whole points: counted, not compared); ties in the order kept.
    const order = byBoundDescending(bounds);
    type Read = { id: string; at: number; bound: number };
    const read = async ({
      limit,
      atLeast,
      atMost,
    }: {
      limit?: number;
      atLeast?: number;
      atMost?: number;
    }) => {
      const out: Read[] = [];
      for (const j of order) {
        const bound = bounds[j]!;
        if (atMost !== undefined && bound > atMost) continue;
        if (bound < (atLeast ?? -1) || (limit !== undefined && out.length >= limit)) break;
        const at = picked[j]!;
        out.push({ id: this.rows[at]!.id, at, bound });
      }
      return out;
    };
    const { ranked } = await bestFirst(
      read,
      (r) => r.id,
      (rows) =>
        opportunitiesForPrepared(
          her,
          rows.map((r) => this.prepared[r.at]!),
          on,
          Math.max(shown.fits, shown.nearMisses),
        ),
      (r) =>
        listsThreshold([
          { scores: r.fits.map((m) => m.score), size: shown.fits },
          { scores: r.nearMisses.map((m) => m.score), size: shown.nearMisses },
        ]),
      first,
    );
    const withRow = (list: Match[]) =>
      list.map((match) => ({ match, opportunity: this.byId.get(match.opportunityId)! }));
    return {
      fits: withRow(ranked.fits.slice(0, shown.fits)),
      nearMisses: withRow(ranked.nearMisses.slice(0, shown.nearMisses)),
    };
  }

  /** The newest `limit` open ones this actor may see, not past their closing date. */
  newest(actor: Actor, on: string, limit: number): OpenOpportunity[] {
    const out: OpenOpportunity[] = [];
    for (const r of this.rows) {
      if (out.length >= limit) break;
      if ((r.closingDate === null || r.closingDate >= on) && canSee(actor, r)) out.push(r);
    }
    return out;
  }
}

/** Positions of `bounds`, highest bound first, equal bounds in their order (a stable counting sort). */
function byBoundDescending(bounds: Int32Array): Int32Array {
  let max = 0;
  for (const b of bounds) if (b > max) max = b;
  const start = new Int32Array(max + 2);
  for (const b of bounds) start[max - Math.max(b, 0) + 1]!++;
  for (let k = 1; k < start.length; k++) start[k]! += start[k - 1]!;
  const order = new Int32Array(bounds.length);
  for (let j = 0; j < bounds.length; j++) order[start[max - Math.max(bounds[j]!, 0)]!++] = j;
  return order;
}

const GENERATION = sql`select n from employment_open_generation where id = 1`;

interface State {
  current?: OpenIndex;
  building?: { generation: bigint; index: Promise<OpenIndex> };
  /** Times the open opportunities were read again, and rows read in full (for tests). */
  builds: number;
  rowsRead: number;
}
/** Per database handle: one per app process (a second process has its own pool, so its own). */
const states = new WeakMap<Db, State>();

const keys = Object.keys(columns) as (keyof OpenOpportunity & string)[];
const newestFirst = sql`order by ${opportunities.createdAt} desc, ${opportunities.id} desc`;
const open = sql`${opportunities.status} = 'open'`;
/**
 * Open rows as one JSON text (as json-rows.ts reads matching's candidates: far cheaper than the
 * driver parsing each row's arrays and JSON), each with its version, newest first.
 */
const readRows = (where: SQL) =>
  sql`select coalesce(json_agg(json_build_array(${sql.join(
    keys.map((k) => sql`${columns[k]}`),
    sql`, `,
  )}, xmin::text) ${newestFirst}), '[]')::text as j from ${opportunities} where ${open} and ${where}`;
/** Every open row's id and version, newest first: what changed since the last read, and the order. */
const READ_VERSIONS = sql`select coalesce(json_agg(json_build_array(${opportunities.id}, xmin::text) ${newestFirst}), '[]')::text as j
  from ${opportunities} where ${open}`;

async function readEntries(db: Db, where: SQL): Promise<Entry[]> {
  const { rows } = await db.execute<{ j: string }>(readRows(where));
  return (JSON.parse(rows[0]!.j) as unknown[][]).map((r) => {
    const o: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) o[keys[i]!] = r[i];
    return entryOf(o as unknown as OpenOpportunity, r[keys.length] as string);
  });
}

/**
 * The open opportunities at `generation` (or newer): all of them read when nothing is kept;
 * otherwise every open row's id and version, and in full only the rows new or changed since the
 * kept ones (a row's xmin is new with every change), the others taken over as they were.
 */
async function build(db: Db, generation: bigint, kept: OpenIndex | undefined, stats: State) {
  if (!kept) {
    const entries = await readEntries(db, sql`true`);
    stats.rowsRead += entries.length;
    return new OpenIndex(generation, entries);
  }
  const { rows } = await db.execute<{ j: string }>(READ_VERSIONS);
  const versions = JSON.parse(rows[0]!.j) as [string, string][];
  const before = new Map(kept.entries.map((e) => [e.row.id, e]));
  const changed = versions.filter(([id, v]) => before.get(id)?.version !== v).map(([id]) => id);
  const fresh = new Map<string, Entry>();
  if (changed.length) {
    const ids = sql`${opportunities.id} = any(${`{${changed.join(',')}}`}::uuid[])`;
    for (const e of await readEntries(db, ids)) fresh.set(e.row.id, e);
    stats.rowsRead += changed.length;
  }
  // A changed row closed or deleted between the two reads is simply not there: newer still.
  const entries: Entry[] = [];
  for (const [id, v] of versions) {
    const e = fresh.get(id) ?? (before.get(id)?.version === v ? before.get(id) : undefined);
    if (e) entries.push(e);
  }
  return new OpenIndex(generation, entries);
}

/** The open opportunities as of now: kept, or read afresh when the generation moved. */
export async function openIndex(db: Db): Promise<OpenIndex> {
  let state = states.get(db);
  if (!state) {
    state = { builds: 0, rowsRead: 0 };
    states.set(db, state);
  }
  const { rows } = await executePrepared<{ n: string }>(db, GENERATION);
  const generation = BigInt(rows[0]?.n ?? 0);
  if (state.current?.generation === generation) return state.current;
  if (state.building?.generation === generation) return state.building.index;
  const s = state;
  s.builds++;
  const index = build(db, generation, s.current, s);
  const building = { generation, index };
  s.building = building;
  try {
    const built = await index;
    // Kept unless a newer read started meanwhile (that one is kept when it ends).
    if (s.building === building) {
      s.current = built;
      s.building = undefined;
    }
    return built;
  } catch (err) {
    if (s.building === building) s.building = undefined;
    throw err;
  }
}

/** How many times this process read the open opportunities again, and how many rows in full (for tests). */
export const openIndexBuilds = (db: Db) => states.get(db)?.builds ?? 0;
export const openIndexRowsRead = (db: Db) => states.get(db)?.rowsRead ?? 0;
