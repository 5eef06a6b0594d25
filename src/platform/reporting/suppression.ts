/**
 * Small-number protection for published counts about women. Pure: no database, no i18n.
 *
 * API (kept small and stable; the outcomes and commissioning modules use it):
 * - `protectCount(n)`: one count on its own. 1 to 4 is suppressed ("fewer than 5"); 0 and 5+ are shown.
 * - `protectTable({ cells, rowTotals?, columnTotals?, total? }, alsoHide?)`: a table of counts with its totals
 *   (totals left out are the sums). Returns every cell and total as a `Shown`: either
 *   `{ value }` or `{ value: null, suppressed: 'small' | 'secondary' }`.
 *     - primary: every count from 1 to 4, totals included, is 'small';
 *     - secondary: more counts are hidden ('secondary') until no hidden count can be worked out from
 *       the shown counts and the totals. Exactly: the table with its totals is a grid whose every
 *       row and column sums to zero (totals counted negative, the grand total positive); the hidden
 *       entries are edges of a bipartite graph of lines, and a hidden entry can be solved for iff it
 *       lies on no cycle of hidden entries (a bridge). Lines with a single hidden entry are the
 *       common case. The hidden set grows (smallest shown count of 5 or more first, in the line that
 *       needs it) until no hidden entry is a bridge.
 *     - bounds give counts away too: a small count is 1 to 4, another hidden count 0 or 5 and more.
 *       A line whose hidden counts add up to the least they could (or, all small, the most) gets
 *       one more hidden count.
 *   Zeros are shown (a zero is not a person); a zero is hidden only when no count of 5 or more is
 *   left to hide (a hidden zero in a line adding up to nothing is known to be zero).
 *   Show a 'secondary' cell without a number (e.g. "hidden"), never as "fewer than 5".
 *   `alsoHide` names totals another published table with the same totals hides (see AlsoHide).
 * - `sharePercent(numerator, denominator)`: a whole-number percentage, or null when the base is under 10.
 * - `formatShare(numerator, denominator)`: the same as text ("74%"), or null.
 *
 * Limits: totals given by the caller are taken to be the sums of their line (the safe assumption
 * for secondary suppression). Bounds reasoning beyond the rule above (e.g. across several lines at
 * once) is not attempted.
 */

export const SUPPRESS_BELOW = 5;
export const SHARE_MIN_BASE = 10;

export type Shown =
  | { value: number; suppressed?: undefined }
  | { value: null; suppressed: 'small' | 'secondary' };

export interface CountTable {
  cells: readonly (readonly number[])[];
  rowTotals?: readonly number[];
  columnTotals?: readonly number[];
  total?: number;
}

export interface ProtectedTable {
  cells: Shown[][];
  rowTotals: Shown[];
  columnTotals: Shown[];
  total: Shown;
}

const isSmall = (n: number) => n > 0 && n < SUPPRESS_BELOW;

function checkCount(n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError('A count must be a whole number of 0 or more');
}

export function protectCount(n: number): Shown {
  checkCount(n);
  return isSmall(n) ? { value: null, suppressed: 'small' } : { value: n };
}

export function sharePercent(numerator: number, denominator: number): number | null {
  checkCount(numerator);
  checkCount(denominator);
  if (numerator > denominator) throw new RangeError('A share cannot be more than its base');
  if (denominator < SHARE_MIN_BASE) return null;
  return Math.round((100 * numerator) / denominator);
}

export function formatShare(numerator: number, denominator: number): string | null {
  const p = sharePercent(numerator, denominator);
  return p === null ? null : `${p}%`;
}

/** The table with its totals as one grid: row R holds the column totals, column C the row totals. */
function grid(table: CountTable): number[][] {
  const rows = table.cells.length;
  const cols = rows === 0 ? 0 : (table.cells[0]?.length ?? 0);
  if (rows === 0 || cols === 0) throw new RangeError('A table needs at least one row and one column');
  for (const row of table.cells) {
    if (row.length !== cols) throw new RangeError('Every row needs the same number of cells');
    row.forEach(checkCount);
  }
  const rowTotals = table.rowTotals ?? table.cells.map((r) => r.reduce((a, b) => a + b, 0));
  const columnTotals =
    table.columnTotals ??
    Array.from({ length: cols }, (_, j) => table.cells.reduce((a, r) => a + (r[j] ?? 0), 0));
  if (rowTotals.length !== rows || columnTotals.length !== cols)
    throw new RangeError('Totals do not fit the table');
  const total = table.total ?? rowTotals.reduce((a, b) => a + b, 0);
  [...rowTotals, ...columnTotals, total].forEach(checkCount);
  return [...table.cells.map((r, i) => [...r, rowTotals[i] as number]), [...columnTotals, total]];
}

type Mark = 'small' | 'secondary' | null;

/** Hidden entries that lie on no cycle of hidden entries (bridges of the line graph): solvable. */
function solvableEntries(hidden: readonly (readonly boolean[])[]): [number, number][] {
  const R = hidden.length;
  const C = hidden[0]?.length ?? 0;
  // Vertices 0..R-1 are rows, R..R+C-1 columns; an edge per hidden entry. Tarjan's bridge search.
  const adj: [number, number][][] = Array.from({ length: R + C }, () => []);
  const edges: [number, number][] = [];
  for (const [i, row] of hidden.entries())
    for (const [j, h] of row.entries()) {
      if (!h) continue;
      const id = edges.length;
      edges.push([i, j]);
      adj[i]?.push([R + j, id]);
      adj[R + j]?.push([i, id]);
    }
  const order = new Array<number>(R + C).fill(-1);
  const low = new Array<number>(R + C).fill(0);
  const bridges: [number, number][] = [];
  let clock = 0;
  for (let start = 0; start < R + C; start++) {
    if (order[start] !== -1) continue;
    // Iterative depth-first search: [vertex, edge used to reach it, next neighbour index].
    const stack: [number, number, number][] = [[start, -1, 0]];
    order[start] = low[start] = clock++;
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as [number, number, number];
      const [v, via] = top;
      const next = adj[v]?.[top[2]++];
      if (next) {
        const [w, id] = next;
        if (id === via) continue;
        if (order[w] === -1) {
          order[w] = low[w] = clock++;
          stack.push([w, id, 0]);
        } else low[v] = Math.min(low[v] as number, order[w] as number);
        continue;
      }
      stack.pop();
      const parent = stack[stack.length - 1];
      if (!parent) continue;
      const p = parent[0];
      low[p] = Math.min(low[p] as number, low[v] as number);
      if ((low[v] as number) > (order[p] as number)) bridges.push(edges[via] as [number, number]);
    }
  }
  return bridges;
}

/**
 * Totals another published table hides: two tables that share totals (one's column totals are the
 * other's row totals) must hide the same ones, or one would give away what the other hides.
 * Protect both, pass each the totals the other hid, and repeat until neither hides more.
 */
export interface AlsoHide {
  rowTotals?: readonly number[];
  columnTotals?: readonly number[];
  total?: boolean;
}

export function protectTable(table: CountTable, alsoHide: AlsoHide = {}): ProtectedTable {
  const g = grid(table);
  const R = g.length;
  const C = g[0]?.length ?? 0;
  const marks: Mark[][] = g.map((row) => row.map((n) => (isSmall(n) ? 'small' : null)));
  for (const i of alsoHide.rowTotals ?? []) {
    const row = marks[i];
    if (i >= 0 && i < R - 1 && row && row[C - 1] === null) row[C - 1] = 'secondary';
  }
  const totals = marks[R - 1] as Mark[];
  for (const j of alsoHide.columnTotals ?? [])
    if (j >= 0 && j < C - 1 && totals[j] === null) totals[j] = 'secondary';
  if (alsoHide.total && totals[C - 1] === null) totals[C - 1] = 'secondary';
  const value = (i: number, j: number) => g[i]?.[j] as number;
  const line = (kind: 'row' | 'col', k: number): [number, number][] =>
    kind === 'row'
      ? Array.from({ length: C }, (_, j) => [k, j])
      : Array.from({ length: R }, (_, i) => [i, k]);

  /**
   * Hides one more entry: the smallest shown count of 5 or more (a cell before a total) of the
   * first of `lines` that has one; a zero only when none of them has such a count, because a hidden
   * zero in a line whose hidden counts add up to nothing is known to be zero.
   */
  const hideOneMore = (...lines: [number, number][][]): boolean => {
    const rank = ([i, j]: [number, number]) => (i === R - 1 || j === C - 1 ? 1e9 : 0) + value(i, j);
    for (const zeros of [false, true])
      for (const entries of lines) {
        const shown = entries.filter(([i, j]) => marks[i]?.[j] === null && (value(i, j) === 0) === zeros);
        const pick = shown.sort((a, b) => rank(a) - rank(b))[0];
        if (!pick) continue;
        (marks[pick[0]] as Mark[])[pick[1]] = 'secondary';
        return true;
      }
    return false;
  };

  /**
   * While a line's own total (its last entry) is shown, the sum of its hidden counts is known, and
   * so are bounds on each: a small count is 1 to 4; a hidden count of 5 or more is at least 5.
   * When the sum is the least the hidden counts can add up to (or, all small, the most), each is
   * pinned to its bound.
   */
  const boundsGiveAway = (entries: [number, number][]): boolean => {
    const [ti, tj] = entries[entries.length - 1] as [number, number];
    if (marks[ti]?.[tj] !== null) return false;
    const hidden = entries.filter(([i, j]) => marks[i]?.[j] !== null);
    if (hidden.length === 0) return false;
    const sum = hidden.reduce((a, [i, j]) => a + value(i, j), 0);
    const least = hidden.reduce(
      (a, [i, j]) => a + (marks[i]?.[j] === 'small' ? 1 : value(i, j) === 0 ? 0 : SUPPRESS_BELOW),
      0,
    );
    const allSmall = hidden.every(([i, j]) => marks[i]?.[j] === 'small');
    return sum === least || (allSmall && sum === hidden.length * (SUPPRESS_BELOW - 1));
  };

  const everything = g.flatMap((row, i) => row.map((_, j): [number, number] => [i, j]));
  for (let guard = 0; guard <= R * C; guard++) {
    const bridge = solvableEntries(marks.map((row) => row.map((m) => m !== null)))[0];
    if (bridge) {
      const [i, j] = bridge;
      // Prefer the line of the bridge with fewer hidden entries: that is where the cycle is missing.
      const inRow = line('row', i).filter(([a, b]) => marks[a]?.[b] !== null).length;
      const inCol = line('col', j).filter(([a, b]) => marks[a]?.[b] !== null).length;
      const first = inRow <= inCol ? line('row', i) : line('col', j);
      const second = inRow <= inCol ? line('col', j) : line('row', i);
      // Both lines already wholly hidden: widen the hidden set anywhere (all hidden has no bridge).
      if (!hideOneMore(first, second, everything)) break;
      continue;
    }
    const giveaway = [
      ...Array.from({ length: R }, (_, i) => line('row', i)),
      ...Array.from({ length: C }, (_, j) => line('col', j)),
    ].find(boundsGiveAway);
    if (!giveaway || !hideOneMore(giveaway, everything)) break;
  }

  const shown = (i: number, j: number): Shown => {
    const m = marks[i]?.[j] ?? null;
    return m === null ? { value: value(i, j) } : { value: null, suppressed: m };
  };
  return {
    cells: Array.from({ length: R - 1 }, (_, i) => Array.from({ length: C - 1 }, (_, j) => shown(i, j))),
    rowTotals: Array.from({ length: R - 1 }, (_, i) => shown(i, C - 1)),
    columnTotals: Array.from({ length: C - 1 }, (_, j) => shown(R - 1, j)),
    total: shown(R - 1, C - 1),
  };
}
