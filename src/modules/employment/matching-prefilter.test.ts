import { describe, expect, it } from 'vitest';
import { evaluate, OUT, Pair } from './matching-gates.ts';
import {
  availabilitySummary,
  hoursSummary,
  mayMatch,
  opportunityBox,
  overlaps,
  profileBox,
  queryBoxForHer,
  queryBoxForOpportunity,
  reachKm,
} from './matching-prefilter.ts';
import { sampleOpportunities, sampleProfiles, seeded } from './matching-sample.ts';
import type { OpportunityForMatch, TimeWindow, WorkProfile } from './matching-types.ts';

const today = '2026-12-07';
const LS1 = { lat: 53.7974, lng: -1.55307 };
const weekdays = (from: string, to: string): TimeWindow[] =>
  (['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((day) => ({ day, from, to }));

const her: WorkProfile = {
  id: 'her',
  skills: [],
  sectors: [],
  qualificationLevel: 2,
  spokenEnglish: 'B1',
  writtenEnglish: 'A2',
  availability: [],
  schoolHoursOnly: true,
  termTimeOnly: false,
  point: LS1,
  maxJourneyMinutes: 45,
  modes: ['walk', 'bus'],
  rightToWork: 'refugee_status',
  rightToWorkExpires: null,
  payNeededPence: null,
  aspirations: [],
};
const job: OpportunityForMatch = {
  id: 'job',
  kind: 'job',
  sector: 'care',
  skills: [],
  hours: weekdays('09:30', '14:30'),
  termTimeOnly: false,
  remote: 'on_site',
  point: { lat: 53.8185, lng: -1.56626 },
  hourlyPayPence: 1250,
  closingDate: null,
  startDate: null,
  minSpokenEnglish: 'B1',
  minWrittenEnglish: null,
  minQualificationLevel: null,
  rightToWorkAllowed: [],
  onImmigrationSalaryList: false,
  dbsLevel: 'none',
};

describe('the prefilter boxes (what the database may leave out)', () => {
  it('keeps the job that fits, from both sides', () => {
    expect(overlaps(opportunityBox(job), queryBoxForHer(her, today))).toBe(true);
    expect(overlaps(profileBox(her), queryBoxForOpportunity(job))).toBe(true);
    expect(mayMatch(her, job, today)).toBe(true);
  });

  it.each<[string, Partial<OpportunityForMatch>]>([
    ['starts at 07:00, over 30 minutes before school hours', { hours: weekdays('07:00', '12:00') }],
    ['ends at 17:30', { hours: weekdays('10:00', '17:30') }],
    ['a Saturday shift', { hours: [{ day: 'sat', from: '10:00', to: '14:00' }] }],
    ['needs C1 spoken English (she has B1)', { minSpokenEnglish: 'C1' }],
    ['needs RQF level 4 (she has 2)', { minQualificationLevel: 4 }],
    ['closed yesterday', { closingDate: '2026-12-06' }],
    ['in Manchester, far beyond her 45 minutes', { point: { lat: 53.4777, lng: -2.23678 } }],
  ])('leaves out one that fails beyond its margin: %s', (_, change) => {
    const o = { ...job, ...change };
    expect(mayMatch(her, o, today)).toBe(false);
    const c = new Pair();
    c.setProfile(her);
    c.setOpp(o);
    expect(evaluate(c, today)).toBe(OUT);
  });

  it.each<[string, Partial<OpportunityForMatch>]>([
    ['starts at 09:00 (a near miss)', { hours: weekdays('09:00', '14:00') }],
    ['needs B2 (one step short)', { minSpokenEnglish: 'B2' }],
    ['remote', { remote: 'remote', point: null }],
    [
      'a 20-minute Saturday window (within the hours margin)',
      { hours: [{ day: 'sat', from: '10:00', to: '10:20' }] },
    ],
  ])('keeps one within a margin, or that no gate can fail: %s', (_, change) => {
    expect(mayMatch(her, { ...job, ...change }, today)).toBe(true);
  });

  it('summarises hours and availability as minutes, with days as bits', () => {
    expect(hoursSummary([{ day: 'fri', from: '22:00', to: '06:00' }])).toEqual({
      days: (1 << 4) | (1 << 5),
      from: 0,
      to: 24 * 60,
      shortest: 120,
    });
    expect(availabilitySummary([], true)).toEqual({ days: 31, from: 555, to: 885 });
    expect(availabilitySummary([], false)).toBeNull();
    expect(reachKm(null, LS1, ['bus'])).toBeNull();
    // Bus: (45 + 15 + ½ − 13 minutes) at 18 km/h over the 1.3 detour.
    expect(reachKm(45, LS1, ['walk', 'bus'])).toBeCloseTo(((47.5 / 60) * 18) / 1.3, 6);
  });

  it('never leaves out a pair the matcher would list (generated pairs)', () => {
    const opps = sampleOpportunities(seeded(7), 1500, today);
    const women = sampleProfiles(seeded(8), 300, today);
    const c = new Pair();
    let kept = 0;
    let left = 0;
    for (const p of women) {
      c.setProfile(p);
      for (const o of opps) {
        c.setOpp(o);
        if (mayMatch(p, o, today)) kept++;
        else {
          left++;
          if (evaluate(c, today) !== OUT)
            throw new Error(`left out ${p.id} × ${o.id}, which the matcher lists`);
        }
      }
    }
    // And it is worth having: most pairs are left out.
    expect(left).toBeGreaterThan(kept);
  });
});
