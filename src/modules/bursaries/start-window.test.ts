import { describe, expect, it } from 'vitest';
import {
  type AwardClock,
  addMonths,
  daysBetween,
  extensionRefusal,
  remindersDue,
  shouldLapse,
  startBy,
  startedWithinWindow,
  unpaidOnLapse,
} from './start-window.ts';

const award = (over: Partial<AwardClock> = {}): AwardClock => ({
  awardedOn: '2026-01-15',
  startBy: startBy('2026-01-15', 12),
  extendedTo: null,
  startedOn: null,
  lapsedOn: null,
  remindersSent: [],
  ...over,
});

describe('addMonths', () => {
  it.each([
    ['2026-01-15', 12, '2027-01-15'],
    ['2026-01-31', 1, '2026-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2026-11-30', 3, '2027-02-28'],
    ['2026-12-01', 1, '2027-01-01'],
    ['2026-03-31', 6, '2026-09-30'],
    ['2026-05-10', 0, '2026-05-10'],
  ])('%s + %i months = %s', (from, n, to) => {
    expect(addMonths(from, n)).toBe(to);
  });

  it('counts days across a leap year', () => {
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2);
    expect(daysBetween('2026-01-15', '2027-01-15')).toBe(365);
  });
});

describe('reminders at 3, 6 and 9 months while she has not started', () => {
  it.each([
    ['2026-04-14', [], 'the day before 3 months'],
    ['2026-04-15', [3], 'at 3 months'],
    ['2026-07-15', [3, 6], 'at 6 months when the job missed 3'],
    ['2026-10-15', [3, 6, 9], 'at 9 months when nothing was sent'],
    ['2027-01-14', [3, 6, 9], 'just before the deadline'],
  ] as const)('on %s: %j (%s)', (today, due, _why) => {
    expect(remindersDue(award(), today)).toEqual(due);
  });

  it('does not send one twice', () => {
    expect(remindersDue(award({ remindersSent: [3] }), '2026-07-20')).toEqual([6]);
    expect(remindersDue(award({ remindersSent: [3, 6, 9] }), '2026-12-20')).toEqual([]);
  });

  it('stops once she has started, or the award has lapsed', () => {
    expect(remindersDue(award({ startedOn: '2026-03-01' }), '2026-07-20')).toEqual([]);
    expect(remindersDue(award({ lapsedOn: '2027-01-16' }), '2027-02-01')).toEqual([]);
  });

  it('sends none due on or after a short window deadline', () => {
    const short = award({ startBy: startBy('2026-01-15', 6) });
    expect(remindersDue(short, '2026-07-15')).toEqual([3]);
  });
});

describe('lapse at the deadline', () => {
  it.each([
    ['2027-01-14', false],
    ['2027-01-15', false], // she may still start on her start-by date
    ['2027-01-16', true], // 12 months have passed: lapsed
  ] as const)('on %s lapsed=%s', (today, lapsed) => {
    expect(shouldLapse(award(), today)).toBe(lapsed);
  });

  it('never lapses an award whose course started', () => {
    expect(shouldLapse(award({ startedOn: '2026-12-01' }), '2027-06-01')).toBe(false);
  });

  it('follows an extension', () => {
    const ext = award({ extendedTo: '2027-04-30' });
    expect(shouldLapse(ext, '2027-02-01')).toBe(false);
    expect(shouldLapse(ext, '2027-05-01')).toBe(true);
    expect(startedWithinWindow({ ...ext, startedOn: '2027-04-01' })).toBe(true);
    expect(startedWithinWindow(award({ startedOn: '2027-01-16' }))).toBe(false);
  });

  it.each([
    [400_000, 0, 400_000],
    [400_000, 150_000, 250_000],
    [400_000, 400_000, 0],
    [400_000, 450_000, 0],
  ])('awarded %i, paid %i: %i goes back to the fund', (awarded, paid, back) => {
    expect(unpaidOnLapse(awarded, paid)).toBe(back);
  });
});

describe('an extension needs a reason and a later date', () => {
  it.each([
    [award(), '2027-04-30', 'Her housing moved her to another city', null],
    [award(), '2027-04-30', '   ', 'reasonMissing'],
    [award(), '2027-01-15', 'same day', 'notLater'],
    [award({ startedOn: '2026-09-01' }), '2027-04-30', 'why', 'started'],
    [award({ lapsedOn: '2027-01-16' }), '2027-04-30', 'why', 'lapsed'],
    [award({ extendedTo: '2027-04-30' }), '2027-03-01', 'earlier than the extension', 'notLater'],
  ] as const)('%#: %s', (a, to, reason, refusal) => {
    expect(extensionRefusal(a, to, reason)).toBe(refusal);
  });
});
