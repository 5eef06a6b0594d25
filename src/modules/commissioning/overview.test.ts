import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ProtectedTable } from '../../platform/reporting/suppression.ts';
import { protectTogether } from './overview.ts';

/**
 * The commissioner's two referral tables share totals: what each organisation received is a column
 * total of the flows (sender by receiver) and a row total of the outcomes (receiver by outcome), and
 * the grand total is the same. Taken together, no hidden count may follow from the shown ones.
 */

/** A table with totals as one grid of named entries (totals negative, so every line adds to zero). */
function entries(t: ProtectedTable, name: (i: number, j: number) => string) {
  const R = t.cells.length;
  const C = t.cells[0]?.length ?? 0;
  const rows = [...t.cells.map((r, i) => [...r, t.rowTotals[i]]), [...t.columnTotals, t.total]];
  const lines: { name: string; sign: number; shown: number | null }[][] = [];
  const at = (i: number, j: number) => {
    const sign = (i === R) !== (j === C) ? -1 : 1;
    return { name: name(i, j), sign, shown: rows[i]?.[j]?.value ?? null };
  };
  for (let i = 0; i <= R; i++) lines.push(Array.from({ length: C + 1 }, (_, j) => at(i, j)));
  for (let j = 0; j <= C; j++) lines.push(Array.from({ length: R + 1 }, (_, i) => at(i, j)));
  return lines;
}

/** Unknowns fixed by the equations: those whose unit vector lies in the row space (reduced form). */
function solvable(lines: { name: string; sign: number; shown: number | null }[][]): string[] {
  const unknowns = [
    ...new Set(
      lines
        .flat()
        .filter((e) => e.shown === null)
        .map((e) => e.name),
    ),
  ];
  const col = new Map(unknowns.map((u, k) => [u, k]));
  const m = lines.map((l) => {
    const row = new Array<number>(unknowns.length).fill(0);
    for (const e of l) {
      const k = col.get(e.name);
      if (e.shown === null && k !== undefined) row[k] = (row[k] ?? 0) + e.sign;
    }
    return row;
  });
  let r = 0;
  for (let c = 0; c < unknowns.length && r < m.length; c++) {
    const p = m.findIndex((row, k) => k >= r && Math.abs(row[c] as number) > 1e-9);
    if (p === -1) continue;
    [m[r], m[p]] = [m[p] as number[], m[r] as number[]];
    const pr = m[r] as number[];
    const pv = pr[c] as number;
    for (let k = 0; k < pr.length; k++) pr[k] = (pr[k] as number) / pv;
    for (const [k, row] of m.entries()) {
      if (k === r || Math.abs(row[c] as number) < 1e-9) continue;
      const f = row[c] as number;
      for (let q = 0; q < row.length; q++) row[q] = (row[q] as number) - f * (pr[q] as number);
    }
    r++;
  }
  return m
    .slice(0, r)
    .filter((row) => row.filter((v) => Math.abs(v) > 1e-9).length === 1)
    .map((row) => unknowns[row.findIndex((v) => Math.abs(v) > 1e-9)] as string);
}

describe('the referral tables, protected together', () => {
  it('give no hidden count away through the totals they share', () => {
    const referral = fc.record({
      from: fc.integer({ min: 0, max: 3 }),
      to: fc.integer({ min: 0, max: 3 }),
      outcome: fc.integer({ min: 0, max: 3 }),
    });
    fc.assert(
      fc.property(fc.array(referral, { minLength: 1, maxLength: 60 }), (list) => {
        const senders = [...new Set(list.map((x) => x.from))];
        const receivers = [...new Set(list.map((x) => x.to))];
        const count = (f: (x: (typeof list)[number]) => boolean) => list.filter(f).length;
        const flows = senders.map((s) => receivers.map((r) => count((x) => x.from === s && x.to === r)));
        const outcomes = receivers.map((r) =>
          [0, 1, 2, 3].map((o) => count((x) => x.to === r && x.outcome === o)),
        );
        const { flowProtected, outcomeProtected } = protectTogether(flows, outcomes, receivers.length);
        if (!flowProtected || !outcomeProtected) throw new Error('no tables');
        const S = senders.length;
        const Rn = receivers.length;
        // Shared: flow column total k is outcome row total k; the grand totals are one number.
        const flowName = (i: number, j: number) =>
          i === S && j === Rn ? 'T' : i === S ? `recv${j}` : `f${i},${j}`;
        const outName = (i: number, j: number) =>
          i === Rn && j === 4 ? 'T' : j === 4 ? `recv${i}` : `o${i},${j}`;
        const lines = [...entries(flowProtected, flowName), ...entries(outcomeProtected, outName)];
        // Shared entries are shown or hidden alike in both tables.
        const shownOf = new Map<string, boolean>();
        for (const e of lines.flat()) {
          const seen = shownOf.get(e.name);
          if (seen !== undefined) expect([e.name, seen]).toEqual([e.name, e.shown !== null]);
          shownOf.set(e.name, e.shown !== null);
        }
        expect(solvable(lines)).toEqual([]);
      }),
      { numRuns: 400, seed: 16 },
    );
  });
});
