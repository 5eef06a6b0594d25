import { describe, expect, it } from 'vitest';
import {
  addMonths,
  averages,
  checkDecision,
  eligibility,
  isOpen,
  lineProblem,
  pageNumbers,
  parsePounds,
} from './model.ts';

describe('money in pence', () => {
  it.each([
    ['5000', 500_000],
    ['£5,000.00', 500_000],
    ['250.5', 25_050],
    ['0.01', 1],
    ['1,234.56', 123_456],
    ['lots', null],
    ['-5', null],
    ['1.234', null],
    ['', null],
    ['99999999', null],
  ])('reads %s as %s pence', (input, pence) => expect(parsePounds(input)).toBe(pence));
});

describe('who is guaranteed an interview', () => {
  const fund = { menteesMayApply: true, alumnaeMayApply: true, othersMayApply: true };
  it.each([
    ['mentee', fund, { basis: 'mentee', eligible: true, guaranteedInterview: true }],
    ['alumna', fund, { basis: 'alumna', eligible: true, guaranteedInterview: true }],
    [null, fund, { basis: 'other', eligible: true, guaranteedInterview: false }],
    [
      null,
      { ...fund, othersMayApply: false },
      { basis: 'other', eligible: false, guaranteedInterview: false },
    ],
    [
      'alumna',
      { ...fund, alumnaeMayApply: false },
      { basis: 'other', eligible: true, guaranteedInterview: false },
    ],
    [
      'mentee',
      { ...fund, menteesMayApply: false, othersMayApply: false },
      { basis: 'other', eligible: false, guaranteedInterview: false },
    ],
  ] as const)('standing %s', (standing, f, expected) => expect(eligibility(f, standing)).toEqual(expected));
});

describe('the cap on cost lines', () => {
  const fund = { maxAwardPence: 500_000, eligibleCategories: ['course_fees', 'travel'] as const };
  it.each([
    [[], 500_000, 'course_fees', null],
    [[{ amountPence: 300_000 }], 200_000, 'travel', null],
    [[{ amountPence: 300_000 }], 200_001, 'travel', 'bursaries.errors.overCap'],
    [[], 10, 'childcare', 'bursaries.errors.categoryNotFunded'],
    [[], 0, 'travel', 'bursaries.errors.amount'],
  ] as const)('%j + %i (%s)', (existing, amountPence, category, key) =>
    expect(lineProblem(fund, existing, { category, amountPence })?.key ?? null).toBe(key),
  );
});

describe('dates', () => {
  it.each([
    ['2026-12-05', 12, '2027-12-05'],
    ['2026-01-31', 1, '2026-02-28'],
    ['2028-02-29', 12, '2029-02-28'],
    ['2026-11-15', 3, '2027-02-15'],
  ])('%s + %i months is %s', (iso, months, expected) => expect(addMonths(iso, months)).toBe(expected));
  it('knows when a fund is open', () => {
    expect(isOpen({ opensOn: '2026-01-01', closesOn: null }, '2026-12-05')).toBe(true);
    expect(isOpen({ opensOn: '2026-01-01', closesOn: '2026-06-30' }, '2026-12-05')).toBe(false);
    expect(isOpen({ opensOn: '2027-01-01', closesOn: null }, '2026-12-05')).toBe(false);
  });
});

describe('score averages', () => {
  it('leaves "not applicable" out of every average', () => {
    const a = averages([
      { userId: 'a', criterion: 'need', score: 4 },
      { userId: 'b', criterion: 'need', score: 5 },
      { userId: 'a', criterion: 'readiness', score: null },
      { userId: 'b', criterion: 'readiness', score: 2 },
      { userId: 'a', criterion: 'plan', score: null },
    ]);
    expect(a.byCriterion).toEqual({ need: 4.5, readiness: 2 });
    expect(a.overall).toBe(3.7);
    expect(a.scorers).toBe(2);
  });
});

describe('a decision', () => {
  const lines = [
    { id: 'fees', amountPence: 300_000 },
    { id: 'travel', amountPence: 50_000 },
  ];
  const base = { guaranteedInterview: true, interviewHeld: false, maxAwardPence: 500_000, lines };
  const none = { reason: null, conditions: null, awarded: {} };
  it.each([
    [
      'decline before the guaranteed interview',
      base,
      { kind: 'decline', ...none, reason: 'No' },
      { kind: 'bursaries.errors.interviewFirst' },
    ],
    ['decline after it', { ...base, interviewHeld: true }, { kind: 'decline', ...none, reason: 'No' }, {}],
    [
      'decline without a guarantee',
      { ...base, guaranteedInterview: false },
      { kind: 'decline', ...none, reason: 'No' },
      {},
    ],
    [
      'decline with no reason',
      { ...base, interviewHeld: true },
      { kind: 'decline', ...none },
      { reason: 'bursaries.errors.reason' },
    ],
    ['award in full before the interview', base, { kind: 'full', ...none }, {}],
    [
      'award with no conditions written',
      base,
      { kind: 'conditions', ...none },
      { conditions: 'bursaries.errors.conditions' },
    ],
    ['part with a line cut', base, { kind: 'part', ...none, awarded: { fees: 300_000, travel: 0 } }, {}],
    [
      'part that is the whole',
      base,
      { kind: 'part', ...none, awarded: { fees: 300_000, travel: 50_000 } },
      { kind: 'bursaries.errors.partAward' },
    ],
    [
      'part above a line',
      base,
      { kind: 'part', ...none, awarded: { fees: 300_001 } },
      { 'line-fees': 'bursaries.errors.lineAward' },
    ],
  ] as const)('%s', (_name, o, d, errors) => expect(checkDecision(o, d).errors).toEqual(errors));
  it('totals an award in part', () => {
    expect(checkDecision(base, { kind: 'part', ...none, awarded: { fees: 250_000 } }).total).toBe(250_000);
  });
});

describe('page numbers for a paged list', () => {
  it.each([
    [1, 1, [1]],
    [1, 2, [1, 2]],
    [1, 3, [1, 2, 3]],
    [1, 400, [1, 2, null, 400]],
    [2, 400, [1, 2, 3, null, 400]],
    [3, 400, [1, 2, 3, 4, null, 400]],
    [200, 400, [1, null, 199, 200, 201, null, 400]],
    [400, 400, [1, null, 399, 400]],
    [4, 5, [1, null, 3, 4, 5]],
  ])('page %i of %i shows %j', (current, total, expected) => {
    expect(pageNumbers(current, total)).toEqual(expected);
  });
});
