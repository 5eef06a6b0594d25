import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CountTable,
  formatShare,
  type ProtectedTable,
  protectCount,
  protectTable,
  type Shown,
  sharePercent,
} from './suppression.ts';

/** A protected table written as text, '.' for a small count and 'x' for a secondary one. */
const text = (t: ProtectedTable): string[] => {
  const s = (c: Shown) => (c.value !== null ? String(c.value) : c.suppressed === 'small' ? '.' : 'x');
  return [
    ...t.cells.map((row, i) => `${row.map(s).join(' ')} | ${s(t.rowTotals[i] as Shown)}`),
    `${t.columnTotals.map(s).join(' ')} | ${s(t.total)}`,
  ];
};

/** The whole grid with totals (row R the column totals, column C the row totals), as published. */
const published = (t: ProtectedTable): (number | null)[][] => [
  ...t.cells.map((row, i) => [...row.map((c) => c.value), (t.rowTotals[i] as Shown).value]),
  [...t.columnTotals.map((c) => c.value), t.total.value],
];

const fullGrid = (cells: number[][]): number[][] => {
  const rows = cells.map((r) => [...r, r.reduce((a, b) => a + b, 0)]);
  const totals = (rows[0] as number[]).map((_, j) => rows.reduce((a, r) => a + (r[j] as number), 0));
  return [...rows, totals];
};

/** The attacker's first move: any line with one unknown gives it away; repeat until nothing moves. */
function peel(pub: (number | null)[][], truth: number[][]): [number, number][] {
  const g = pub.map((r) => [...r]);
  const R = g.length;
  const C = (g[0] as unknown[]).length;
  const recovered: [number, number][] = [];
  const signOf = (i: number, j: number) =>
    i === R - 1 && j === C - 1 ? 1 : i === R - 1 || j === C - 1 ? -1 : 1;
  for (let moved = true; moved; ) {
    moved = false;
    const lines: [number, number][][] = [
      ...Array.from({ length: R }, (_, i) => Array.from({ length: C }, (_, j): [number, number] => [i, j])),
      ...Array.from({ length: C }, (_, j) => Array.from({ length: R }, (_, i): [number, number] => [i, j])),
    ];
    for (const l of lines) {
      const unknown = l.filter(([i, j]) => g[i]?.[j] === null);
      if (unknown.length !== 1) continue;
      const [ui, uj] = unknown[0] as [number, number];
      const rest = l.reduce(
        (a, [i, j]) => a + (g[i]?.[j] === null ? 0 : signOf(i, j) * (g[i]?.[j] as number)),
        0,
      );
      const v = -rest * signOf(ui, uj);
      expect(v).toBe(truth[ui]?.[uj]);
      (g[ui] as (number | null)[])[uj] = v;
      recovered.push([ui, uj]);
      moved = true;
    }
  }
  return recovered;
}

/** The attacker's full linear move: hidden entry k is fixed iff e_k lies in the row space of the line equations. */
function linearlySolvable(pub: (number | null)[][]): [number, number][] {
  const R = pub.length;
  const C = (pub[0] as unknown[]).length;
  const unknowns: [number, number][] = [];
  for (const [i, r] of pub.entries()) for (const [j, v] of r.entries()) if (v === null) unknowns.push([i, j]);
  const rows: number[][] = [];
  for (let i = 0; i < R; i++) rows.push(unknowns.map(([a]) => (a === i ? 1 : 0)));
  for (let j = 0; j < C; j++) rows.push(unknowns.map(([, b]) => (b === j ? 1 : 0)));
  // With totals counted negative every line sums to zero, and negating an unknown does not change
  // whether it is fixed, so plain incidence rows are the equations. Reduce to row echelon form.
  const m = rows.map((r) => [...r]);
  const pivots: number[] = [];
  let r = 0;
  for (let c = 0; c < unknowns.length && r < m.length; c++) {
    const p = m.findIndex((row, k) => k >= r && Math.abs(row[c] as number) > 1e-9);
    if (p === -1) continue;
    [m[r], m[p]] = [m[p] as number[], m[r] as number[]];
    const pr = m[r] as number[];
    const pv = pr[c] as number;
    for (let k = 0; k < pr.length; k++) pr[k] = (pr[k] as number) / pv;
    m.forEach((row, k) => {
      if (k === r || Math.abs(row[c] as number) < 1e-9) return;
      const f = row[c] as number;
      for (let q = 0; q < row.length; q++) row[q] = (row[q] as number) - f * (pr[q] as number);
    });
    pivots.push(c);
    r++;
  }
  // In reduced form, e_k is in the row space iff some row is exactly e_k.
  const solved = m
    .slice(0, r)
    .filter((row) => row.filter((v) => Math.abs(v) > 1e-9).length === 1)
    .map((row) => row.findIndex((v) => Math.abs(v) > 1e-9));
  return solved.map((k) => unknowns[k] as [number, number]);
}

describe('protectCount', () => {
  it.each([
    [0, 0],
    [1, null],
    [4, null],
    [5, 5],
    [46, 46],
  ])('%i is shown as %s', (n, shown) => expect(protectCount(n).value).toBe(shown));

  it('refuses what is not a count', () => {
    expect(() => protectCount(-1)).toThrow(RangeError);
    expect(() => protectCount(2.5)).toThrow(RangeError);
  });
});

describe('sharePercent and formatShare', () => {
  it.each([
    [34, 46, 74, '74%'],
    [37, 38, 97, '97%'],
    [35, 38, 92, '92%'],
    [31, 38, 82, '82%'],
    [1, 10, 10, '10%'],
    [1, 8, null, null],
    [0, 9, null, null],
    [0, 0, null, null],
    [1, 200, 1, '1%'],
    [5, 10, 50, '50%'],
  ])('%i of %i is %s', (n, d, p, s) => {
    expect(sharePercent(n, d)).toBe(p);
    expect(formatShare(n, d)).toBe(s);
  });

  it('refuses a share larger than its base', () => expect(() => sharePercent(11, 10)).toThrow(RangeError));
});

describe('protectTable', () => {
  it.each<[string, number[][], string[]]>([
    [
      'nothing small: all shown',
      [
        [10, 20],
        [30, 40],
      ],
      ['10 20 | 30', '30 40 | 70', '40 60 | 100'],
    ],
    [
      'zeros are shown',
      [
        [0, 12],
        [7, 0],
      ],
      ['0 12 | 12', '7 0 | 7', '7 12 | 19'],
    ],
    // The 3 alone in its row and column: the next smallest in the row (6) and column (7) go too,
    // and then the 9 closes the cycle.
    [
      'one small cell',
      [
        [3, 6, 20],
        [7, 9, 30],
      ],
      ['. x 20 | 29', 'x x 30 | 46', '10 15 50 | 75'],
    ],
    // Its row total 3 would follow from the grand total less the other row's, so that row goes too.
    [
      'a small total hides its row',
      [
        [1, 2],
        [10, 10],
      ],
      ['. . | .', 'x x | x', '11 12 | 23'],
    ],
    [
      'two small cells in a row, different columns',
      [
        [2, 3, 10],
        [8, 9, 10],
      ],
      ['. . 10 | 15', 'x x 10 | 27', '10 12 20 | 42'],
    ],
  ])('%s', (_, cells, expected) => {
    const t = protectTable({ cells });
    expect(text(t)).toEqual(expected);
    expect(linearlySolvable(published(t))).toEqual([]);
  });

  it('never leaves hidden zeros in a line that adds up to nothing, nor a small count beside a 5 that adds up to 6', () => {
    // Referral outcomes by receiving organisation: nobody withdrew, so the column adds up to 0.
    const t = protectTable({
      cells: [
        [9, 3, 0, 2],
        [6, 0, 0, 0],
        [9, 2, 0, 0],
      ],
    });
    expect(t.cells.map((r) => r[2]?.value)).toEqual([0, 0, 0]);
    expect(linearlySolvable(published(t))).toEqual([]);
    const u = protectTable({
      cells: [
        [1, 5, 20],
        [5, 9, 20],
      ],
    });
    expect(text(u)).not.toContain('. x 20 | 26');
    expect(linearlySolvable(published(u))).toEqual([]);
  });

  it('hides the totals another table hides, and protects what that leaves', () => {
    const t = protectTable(
      {
        cells: [
          [10, 20],
          [30, 40],
        ],
      },
      { rowTotals: [0], columnTotals: [1, 9] },
    );
    // Row 1's total would follow from the grand total, column 1's from column 0's: all go.
    expect(text(t)).toEqual(['x x | x', 'x x | x', 'x x | 100']);
    expect(linearlySolvable(published(t))).toEqual([]);
  });

  it('hides the grand total another table hides', () => {
    const t = protectTable(
      {
        cells: [
          [10, 20],
          [30, 40],
        ],
      },
      { total: true },
    );
    expect(t.total.value).toBeNull();
    expect(linearlySolvable(published(t))).toEqual([]);
  });

  it('keeps totals the caller gives', () => {
    const t = protectTable({ cells: [[10, 20]], rowTotals: [30], columnTotals: [10, 20], total: 30 });
    expect(text(t)).toEqual(['10 20 | 30', '10 20 | 30']);
  });

  it('hides one more count where small counts add up to 1 each', () => {
    // Row 1's total 12 less its 10 leaves 2 for two small counts: both would be 1. The 10 goes too.
    const t = protectTable({
      cells: [
        [1, 1, 10],
        [1, 1, 10],
      ],
    });
    expect(text(t)).toEqual(['. . x | 12', '. . x | 12', '. . 20 | 24']);
  });

  it('refuses tables that are not tables', () => {
    expect(() => protectTable({ cells: [] })).toThrow(RangeError);
    expect(() => protectTable({ cells: [[1, 2], [3]] })).toThrow(RangeError);
    expect(() => protectTable({ cells: [[1]], rowTotals: [1, 2] })).toThrow(RangeError);
  });

  it('no suppressed count of many random small tables can be worked out from the shown counts and totals', () => {
    const table = fc
      .record({ rows: fc.integer({ min: 1, max: 5 }), cols: fc.integer({ min: 1, max: 5 }) })
      .chain(({ rows, cols }) =>
        fc.array(
          fc.array(fc.oneof(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 40 })), {
            minLength: cols,
            maxLength: cols,
          }),
          {
            minLength: rows,
            maxLength: rows,
          },
        ),
      );
    let suppressedSeen = 0;
    fc.assert(
      fc.property(table, (cells) => {
        const input: CountTable = { cells };
        const t = protectTable(input);
        const truth = fullGrid(cells);
        const pub = published(t);
        for (const [i, row] of pub.entries())
          for (const [j, v] of row.entries()) {
            const real = truth[i]?.[j] as number;
            // Every small count is hidden; every shown count is true.
            if (real > 0 && real < 5) expect(v).toBeNull();
            if (v !== null) expect(v).toBe(real);
            else suppressedSeen++;
          }
        // A line with one unknown gives it away (the simple attack) ...
        expect(peel(pub, truth)).toEqual([]);
        // ... and nothing is fixed by the equations taken together (the full linear attack).
        expect(linearlySolvable(pub)).toEqual([]);
        // A line whose total is shown must not pin its hidden counts by their bounds: small 1 to 4,
        // any other hidden count 0 or at least 5.
        const labels = [
          ...t.cells.map((r, i) => [...r, t.rowTotals[i] as Shown]),
          [...t.columnTotals, t.total],
        ];
        const lines = [
          ...labels.map((r, i) => r.map((_, j) => [i, j])),
          ...(labels[0] as Shown[]).map((_, j) => labels.map((_, i) => [i, j])),
        ];
        const at = ([i, j]: number[]) => labels[i as number]?.[j as number] as Shown;
        const real = ([i, j]: number[]) => truth[i as number]?.[j as number] as number;
        for (const l of lines) {
          if (at(l[l.length - 1] as number[]).value === null) continue;
          const hidden = l.filter((e) => at(e).value === null);
          if (hidden.length === 0) continue;
          const sum = hidden.reduce((a, e) => a + real(e), 0);
          const least = hidden.reduce(
            (a, e) => a + (at(e).suppressed === 'small' ? 1 : real(e) === 0 ? 0 : 5),
            0,
          );
          expect(sum).not.toBe(least);
          if (hidden.every((e) => at(e).suppressed === 'small')) expect(sum).not.toBe(hidden.length * 4);
        }
      }),
      { numRuns: 3000, seed: 16 },
    );
    expect(suppressedSeen).toBeGreaterThan(1000);
  });
});
