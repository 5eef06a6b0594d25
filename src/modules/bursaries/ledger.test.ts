import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type LedgerAward, type LedgerPayment, ledger, ledgerFromSums } from './ledger.ts';

const a = (id: string, awardedPence: number, status: LedgerAward['status'] = 'awarded'): LedgerAward => ({
  id,
  awardedPence,
  status,
});
const p = (awardId: string, amountPence: number, status: LedgerPayment['status']): LedgerPayment => ({
  awardId,
  amountPence,
  status,
});

describe('a fund ledger', () => {
  it.each([
    {
      name: 'nothing awarded',
      awards: [],
      payments: [],
      want: { paidPence: 0, committedPence: 0, lapsedPence: 0, unawardedPence: 1_000_000 },
    },
    {
      name: 'one award, nothing paid yet',
      awards: [a('x', 400_000)],
      payments: [],
      want: { paidPence: 0, committedPence: 400_000, lapsedPence: 0, unawardedPence: 600_000 },
    },
    {
      name: 'fees paid to the provider, travel scheduled',
      awards: [a('x', 400_000, 'started')],
      payments: [p('x', 300_000, 'paid'), p('x', 20_000, 'scheduled')],
      want: { paidPence: 300_000, committedPence: 100_000, scheduledPence: 20_000, unawardedPence: 600_000 },
    },
    {
      name: 'a failed and a returned payment count as not paid',
      awards: [a('x', 400_000)],
      payments: [p('x', 100_000, 'failed'), p('x', 50_000, 'returned'), p('x', 25_000, 'paid')],
      want: { paidPence: 25_000, committedPence: 375_000, lapsedPence: 0 },
    },
    {
      name: 'a lapse gives back what was not paid',
      awards: [a('x', 400_000, 'lapsed'), a('y', 200_000)],
      payments: [p('x', 50_000, 'paid')],
      want: { paidPence: 50_000, committedPence: 200_000, lapsedPence: 350_000, remainingPence: 750_000 },
    },
    {
      name: 'an overpayment is capped at the award',
      awards: [a('x', 100_000, 'completed')],
      payments: [p('x', 90_000, 'paid'), p('x', 90_000, 'paid')],
      want: { paidPence: 100_000, committedPence: 0 },
    },
  ])('$name', ({ awards, payments, want }) => {
    const l = ledger(1_000_000, awards, payments);
    expect(l).toMatchObject(want);
    expect(l.paidPence + l.committedPence + l.lapsedPence + l.unawardedPence).toBe(1_000_000);
  });
});

const statuses = ['awarded', 'started', 'completed', 'lapsed'] as const;
const payStates = ['scheduled', 'paid', 'failed', 'returned'] as const;

/** A generated fund: awards up to £5,000 each and any mix of payments against them. */
const fund = fc
  .record({
    budget: fc.integer({ min: 0, max: 50_000_000 }),
    awards: fc.array(
      fc.record({ awardedPence: fc.integer({ min: 0, max: 500_000 }), status: fc.constantFrom(...statuses) }),
      { maxLength: 40 },
    ),
  })
  .chain(({ budget, awards }) =>
    fc.record({
      budget: fc.constant(budget),
      awards: fc.constant(awards.map((x, i) => ({ ...x, id: `a${i}` }))),
      payments: fc.array(
        fc.record({
          awardId: fc.integer({ min: 0, max: Math.max(0, awards.length - 1) }).map((i) => `a${i}`),
          amountPence: fc.integer({ min: 0, max: 500_000 }),
          status: fc.constantFrom(...payStates),
        }),
        { maxLength: 120 },
      ),
    }),
  );

describe('the parts always add up to the budget', () => {
  it('for any mix of awards, payments, failures, returns and lapses', () => {
    fc.assert(
      fc.property(fund, ({ budget, awards, payments }) => {
        const l = ledger(budget, awards, payments);
        expect(l.paidPence + l.committedPence + l.lapsedPence + l.unawardedPence).toBe(budget);
        expect(l.remainingPence).toBe(l.lapsedPence + l.unawardedPence);
        for (const part of [l.paidPence, l.committedPence, l.lapsedPence, l.scheduledPence]) {
          expect(part).toBeGreaterThanOrEqual(0);
        }
        expect(l.scheduledPence).toBeLessThanOrEqual(l.committedPence);
        // Only money marked paid is paid, never more than was awarded.
        const paidIn = payments.filter((x) => x.status === 'paid').reduce((s, x) => s + x.amountPence, 0);
        expect(l.paidPence).toBeLessThanOrEqual(paidIn);
        expect(l.paidPence).toBeLessThanOrEqual(awards.reduce((s, x) => s + x.awardedPence, 0));
      }),
      { numRuns: 2000 },
    );
  });

  it('gives the same answer from per-award sums as from the rows', () => {
    fc.assert(
      fc.property(fund, ({ budget, awards, payments }) => {
        const sums = awards.map((x) => {
          const of = (s: string) =>
            payments
              .filter((y) => y.awardId === x.id && y.status === s)
              .reduce((t, y) => t + y.amountPence, 0);
          return {
            awardedPence: x.awardedPence,
            status: x.status,
            paidPence: of('paid'),
            scheduledPence: of('scheduled'),
          };
        });
        expect(ledgerFromSums(budget, sums)).toEqual(ledger(budget, awards, payments));
      }),
      { numRuns: 500 },
    );
  });
});
