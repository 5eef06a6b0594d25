import { protectTable, type Shown, SUPPRESS_BELOW } from '../../platform/reporting/suppression.ts';
import { declineReasons } from './schema.ts';

/**
 * The funnel of the employment report, protected as one table. Pure: no database.
 *
 * The stages are cumulative (put forward ≥ interviewed ≥ offered ≥ accepted + declined), so showing
 * each stage alone would give away its drop-outs: 12 put forward and 9 interviewed tell that 3 were
 * never interviewed. So each put-forward falls in exactly one drop-out column (where she left the
 * funnel, a declined offer split by its reason), one row per organisation, and that table with its
 * totals goes through `protectTable`. Its row totals are each organisation's "put forward", its
 * grand total the partnership's; the declines by reason are its column totals.
 *
 * Every other published figure (a later stage, the declined total) is a sum of drop-out columns.
 * It is shown only when it follows from the shown entries of the protected table (then it tells
 * nothing the table does not), and while such a sum is from 1 to 4, more totals are hidden. So every
 * number published is a linear function of the shown entries, and no hidden entry, nor any small
 * published sum, can be solved for. A stage is "interviewed" once she reached the interview stage
 * or a later one (an offer made without a recorded interview counts as past it), which keeps the
 * funnel cumulative.
 */
export const funnelStages = ['put_forward', 'interview', 'offer', 'accepted', 'declined'] as const;
export type FunnelStage = (typeof funnelStages)[number];

/** Where a put-forward left the funnel: one of these, for each of them. */
export const dropOuts = [
  'not_interviewed',
  'not_offered',
  'offer_open',
  'accepted',
  ...declineReasons.map((r) => `declined:${r}` as const),
] as const;
export type DropOut = (typeof dropOuts)[number];

/** The drop-out columns a stage's count adds up. */
const stageColumns: Record<Exclude<FunnelStage, 'put_forward'>, number[]> = {
  interview: dropOuts.map((_, j) => j).filter((j) => j >= 1),
  offer: dropOuts.map((_, j) => j).filter((j) => j >= 2),
  accepted: [3],
  declined: dropOuts.map((_, j) => j).filter((j) => j >= 4),
};

export interface ProtectedFunnel {
  /** The partnership's (or, for one organisation, its own) count at each stage. */
  stages: Record<FunnelStage, Shown>;
  /** Each organisation's count at each stage, in the order given. */
  rows: Record<FunnelStage, Shown>[];
  /** Declined offers by reason, with `stages.declined` as their total. */
  declined: { reason: (typeof declineReasons)[number]; n: Shown }[];
}

const small = (n: number) => n > 0 && n < SUPPRESS_BELOW;
const hiddenSum = (n: number): Shown =>
  small(n) ? { value: null, suppressed: 'small' } : { value: null, suppressed: 'secondary' };

/**
 * Whether `f` (coefficients on the hidden entries) is fixed by the table's line equations over the
 * hidden entries: it is iff f lies in their row space (rank does not grow when f is added).
 */
function determined(equations: number[][], f: number[]): boolean {
  const rank = (m: number[][]) => {
    const a = m.map((r) => [...r]);
    let r = 0;
    for (let c = 0; c < (a[0]?.length ?? 0) && r < a.length; c++) {
      let p = r;
      for (let i = r + 1; i < a.length; i++) if (Math.abs(a[i]?.[c] ?? 0) > Math.abs(a[p]?.[c] ?? 0)) p = i;
      if (Math.abs(a[p]?.[c] ?? 0) < 1e-9) continue;
      [a[r], a[p]] = [a[p] as number[], a[r] as number[]];
      const pivot = a[r] as number[];
      for (let i = 0; i < a.length; i++) {
        if (i === r) continue;
        const row = a[i] as number[];
        const k = (row[c] ?? 0) / (pivot[c] as number);
        if (k !== 0) for (let j = c; j < row.length; j++) row[j] = (row[j] ?? 0) - k * (pivot[j] ?? 0);
      }
      r++;
    }
    return r;
  };
  if (f.every((x) => x === 0)) return true;
  return rank([...equations, f]) === rank(equations);
}

/**
 * Protects the funnel: `counts[i][j]` is how many of organisation i's put-forwards left at
 * `dropOuts[j]`. At least one row (one organisation, or the only one a manager sees).
 */
export function protectFunnel(counts: readonly (readonly number[])[]): ProtectedFunnel {
  const R = counts.length;
  const C = dropOuts.length;
  const rowTotals = counts.map((r) => r.reduce((a, b) => a + b, 0));
  const colTotals = dropOuts.map((_, j) => counts.reduce((a, r) => a + (r[j] ?? 0), 0));
  const total = rowTotals.reduce((a, b) => a + b, 0);
  // One organisation: its row is the column totals, so only the totals are a table of their own.
  const single = R === 1;
  const extra: { rowTotals: number[]; columnTotals: number[]; total: boolean } = {
    rowTotals: [],
    columnTotals: [],
    total: false,
  };
  for (let guard = 0; ; guard++) {
    const p = protectTable({ cells: counts, rowTotals, columnTotals: colTotals, total }, extra);
    // The grid with totals: rows 0..R-1 are organisations, row R the column totals; column C the row totals.
    const entry = (i: number, j: number): Shown =>
      i === R
        ? j === C
          ? p.total
          : (p.columnTotals[j] as Shown)
        : j === C
          ? (p.rowTotals[i] as Shown)
          : (p.cells[i]?.[j] as Shown);
    const value = (i: number, j: number): number =>
      i === R
        ? j === C
          ? total
          : (colTotals[j] as number)
        : j === C
          ? (rowTotals[i] as number)
          : (counts[i]?.[j] as number);
    const hidden: [number, number][] = [];
    for (let i = 0; i <= R; i++)
      for (let j = 0; j <= C; j++) if (entry(i, j).value === null) hidden.push([i, j]);
    const at = new Map(hidden.map(([i, j], k) => [`${i},${j}`, k]));
    // Each line sums to zero (its total counted negative); only the hidden entries are unknowns.
    const equations: number[][] = [];
    for (let i = 0; i <= R; i++) {
      const e = new Array<number>(hidden.length).fill(0);
      for (let j = 0; j <= C; j++) {
        const k = at.get(`${i},${j}`);
        if (k !== undefined) e[k] = j === C ? -1 : 1;
      }
      equations.push(e);
    }
    for (let j = 0; j <= C; j++) {
      const e = new Array<number>(hidden.length).fill(0);
      for (let i = 0; i <= R; i++) {
        const k = at.get(`${i},${j}`);
        if (k !== undefined) e[k] = i === R ? -1 : 1;
      }
      equations.push(e);
    }
    /** A stage of line i (R: the whole): shown when it follows from the shown entries. */
    const stageOf = (i: number, stage: FunnelStage): Shown => {
      if (stage === 'put_forward') return entry(i, C);
      const cols = stageColumns[stage];
      const n = cols.reduce((a, j) => a + value(i, j), 0);
      const f = new Array<number>(hidden.length).fill(0);
      for (const j of cols) {
        const k = at.get(`${i},${j}`);
        if (k !== undefined) f[k] = 1;
      }
      return determined(equations, f) ? { value: n } : hiddenSum(n);
    };
    const lines = single ? [R] : [...Array.from({ length: R }, (_, i) => i), R];
    const stages = lines.map((i) => Object.fromEntries(funnelStages.map((s) => [s, stageOf(i, s)])));
    // A published sum from 1 to 4: hide one more total in its line (the smallest of 5 or more), and again.
    const leak = lines.find((_i, k) =>
      funnelStages.some((s) => {
        const x = stages[k]?.[s] as Shown;
        return x.value !== null && small(x.value);
      }),
    );
    if (leak === undefined || guard > R + C + 2) {
      const whole = stages[stages.length - 1] as Record<FunnelStage, Shown>;
      if (leak !== undefined) return allHidden(counts, colTotals, total);
      return {
        stages: whole,
        rows: single ? [whole] : (stages.slice(0, R) as Record<FunnelStage, Shown>[]),
        declined: declineReasons.map((reason, r) => ({ reason, n: entry(R, 4 + r) })),
      };
    }
    const candidates: { kind: 'row' | 'col' | 'total'; at: number; n: number }[] = [];
    if (entry(R, C).value !== null) candidates.push({ kind: 'total', at: 0, n: total });
    for (let i = 0; i < R; i++)
      if (entry(i, C).value !== null && (leak === R || leak === i))
        candidates.push({ kind: 'row', at: i, n: rowTotals[i] as number });
    for (let j = 0; j < C; j++)
      if (entry(R, j).value !== null && (colTotals[j] as number) > 0)
        candidates.push({ kind: 'col', at: j, n: colTotals[j] as number });
    const pick = candidates.sort((a, b) => a.n - b.n).find((c) => c.n >= SUPPRESS_BELOW) ?? candidates[0];
    if (!pick) return allHidden(counts, colTotals, total);
    if (pick.kind === 'total') extra.total = true;
    else if (pick.kind === 'row') extra.rowTotals.push(pick.at);
    else extra.columnTotals.push(pick.at);
  }
}

/** The last resort: nothing shown but "fewer than 5" where a figure is that small. */
function allHidden(
  counts: readonly (readonly number[])[],
  colTotals: number[],
  total: number,
): ProtectedFunnel {
  const stagesOf = (row: readonly number[], sum: number) =>
    Object.fromEntries(
      funnelStages.map((s) => [
        s,
        hiddenSum(s === 'put_forward' ? sum : stageColumns[s].reduce((a, j) => a + (row[j] ?? 0), 0)),
      ]),
    ) as Record<FunnelStage, Shown>;
  return {
    stages: stagesOf(colTotals, total),
    rows: counts.map((r) =>
      stagesOf(
        r,
        r.reduce((a, b) => a + b, 0),
      ),
    ),
    declined: declineReasons.map((reason, r) => ({ reason, n: hiddenSum(colTotals[4 + r] as number) })),
  };
}
